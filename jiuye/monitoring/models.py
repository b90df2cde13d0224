"""The monitored-enterprise panel (监测企业) and its monthly reports (月报).

The seven reduction reasons (岗位减少原因) are seven integer fields, not a table of reasons: the national form fixes
them, a report always carries all seven (an empty one is zero), the identity check and every aggregate read them
as one row (one SUM per reason, no join), and a revision keeps them in its JSON as they stood.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.scope import RegionScopedModel
from jiuye.employers.models import Employer
from jiuye.monitoring.enums import ReductionReason, ReportStatus, RevisionAction, reduction_field

PERIOD_VALIDATOR = RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("调查期应写成YYYY-MM，如2026-10"))


class MonitoredEnterprise(RegionScopedModel):
    """An employer in the panel from `entered_on` (初次建档) until `left_on`; leaving and re-entering makes a new
    row, so the panel's history stays."""

    employer = models.ForeignKey(
        Employer, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="monitoring_enrolments"
    )
    baseline_period = models.CharField(_("建档期"), max_length=7, validators=[PERIOD_VALIDATOR])
    baseline_headcount = models.PositiveIntegerField(_("建档期岗位数"))
    entered_on = models.DateField(_("纳入监测日期"))
    left_on = models.DateField(_("退出监测日期"), null=True, blank=True)

    region_scope_field = "employer__region__code"

    class Meta:
        verbose_name = _("监测企业")
        verbose_name_plural = _("监测企业")
        ordering = ["employer__region_id", "employer__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer"], condition=models.Q(left_on__isnull=True), name="monitoring_one_open_enrolment"
            )
        ]

    def __str__(self) -> str:
        return str(self.employer)


class MonthlyReport(RegionScopedModel):
    """One enterprise's report for one period (调查期, YYYY-MM): the current figures; `ReportRevision` keeps every
    earlier state."""

    enterprise = models.ForeignKey(
        MonitoredEnterprise, verbose_name=_("监测企业"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.CharField(_("调查期"), max_length=7, validators=[PERIOD_VALIDATOR])
    status = models.CharField(_("状态"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED)
    previous_headcount = models.PositiveIntegerField(_("上期岗位数"))
    current_headcount = models.PositiveIntegerField(_("调查期岗位数"))
    added = models.PositiveIntegerField(_("新增人数"), default=0)
    reduced_closure_bankruptcy = models.PositiveIntegerField(_("减少人数（关闭破产）"), default=0)
    reduced_suspension = models.PositiveIntegerField(_("减少人数（停业整顿）"), default=0)
    reduced_economic_layoff = models.PositiveIntegerField(_("减少人数（经济性裁员）"), default=0)
    reduced_business_transfer = models.PositiveIntegerField(_("减少人数（业务转移）"), default=0)
    reduced_natural_attrition = models.PositiveIntegerField(_("减少人数（自然减员）"), default=0)
    reduced_contract_expiry = models.PositiveIntegerField(_("减少人数（劳动合同期满）"), default=0)
    reduced_other = models.PositiveIntegerField(_("减少人数（其他）"), default=0)
    standby = models.PositiveIntegerField(_("待岗人数"), default=0)
    long_leave = models.PositiveIntegerField(_("放长假人数"), default=0)
    note = models.CharField(_("备注"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("报送时间"))
    late = models.BooleanField(_("逾期报送"), default=False)
    return_reason = models.CharField(_("退回原因"), max_length=500, blank=True)

    region_scope_field = "enterprise__employer__region__code"

    class Meta:
        verbose_name = _("监测企业月报")
        verbose_name_plural = _("监测企业月报")
        ordering = ["-period", "enterprise_id"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "period"], name="monitoring_one_report")]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.period}"

    @property
    def reduced(self) -> int:
        return sum(self.reductions.values())

    @property
    def reductions(self) -> dict[str, int]:
        return {reason: getattr(self, reduction_field(reason)) for reason in ReductionReason.values}


class ReportRevision(RegionScopedModel):
    """A report as it stood after each action (报送, 修改, 退回, 审核通过), with who and why. Only ever added to."""

    report = models.ForeignKey(
        MonthlyReport, verbose_name=_("月报"), on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField(_("序号"))
    action = models.CharField(_("操作"), max_length=16, choices=RevisionAction.choices)
    figures = models.JSONField(_("数据"))
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(_("时间"))

    region_scope_field = "report__enterprise__employer__region__code"

    class Meta:
        verbose_name = _("月报修订记录")
        verbose_name_plural = _("月报修订记录")
        ordering = ["report_id", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="monitoring_revision_number")]

    def __str__(self) -> str:
        return f"{self.report} #{self.number}"

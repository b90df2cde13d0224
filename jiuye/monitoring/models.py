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
from jiuye.monitoring.enums import (
    ReductionReason,
    ReportStatus,
    RevisionAction,
    WarningAction,
    WarningScope,
    WarningStatus,
    reduction_field,
)

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
    employer_path = "employer"

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
    # Optimistic locking: one more at every change (a revision, a return, an acceptance, an import's revision), so
    # that a report form opened at version 2 is refused once someone else saved version 3
    # (`jiuye.core.versions.check_version`).
    version = models.PositiveIntegerField(_("版本"), default=1, db_default=1, editable=False)

    region_scope_field = "enterprise__employer__region__code"
    employer_path = "enterprise__employer"

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
    employer_path = "report__enterprise__employer"

    class Meta:
        verbose_name = _("月报修订记录")
        verbose_name_plural = _("月报修订记录")
        ordering = ["report_id", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="monitoring_revision_number")]

    def __str__(self) -> str:
        return f"{self.report} #{self.number}"


# Named as the domain says it (预警), shadowing Python's builtin Warning in modules that import it; none needs both.
class Warning(RegionScopedModel):
    """A warning raised for a period (one enterprise rule, or a region/industry level or EWMA signal), routed to the
    officers of `region_code`: the enterprise's county, the region itself, or the region an industry warning was
    evaluated for. The figures, level and sentence are the latest evaluation's; each earlier state is in a
    `refresh` note."""

    period = models.CharField(_("调查期"), max_length=7, validators=[PERIOD_VALIDATOR])
    scope = models.CharField(_("预警对象"), max_length=16, choices=WarningScope.choices)
    region_code = models.CharField(_("区划代码"), max_length=12)
    subject = models.CharField(_("统一社会信用代码或区划、行业代码"), max_length=18)
    rule = models.CharField(_("预警规则"), max_length=32)
    level = models.CharField(_("预警等级"), max_length=8, blank=True)
    explanation = models.TextField(_("预警原因"))
    figures = models.JSONField(_("数据"))
    status = models.CharField(_("状态"), max_length=16, choices=WarningStatus.choices, default=WarningStatus.OPEN)
    created_at = models.DateTimeField(_("预警时间"))

    region_scope_field = "region_code"

    class Meta:
        verbose_name = _("失业风险预警")
        verbose_name_plural = _("失业风险预警")
        ordering = ["-period", "region_code", "scope", "subject", "rule"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "scope", "region_code", "subject", "rule"], name="monitoring_one_warning"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.subject} {self.rule}"


class WarningNote(RegionScopedModel):
    """What happened to a warning: an officer acknowledged it, noted a follow-up, closed it; or a new evaluation
    refreshed its figures (`refresh`, by the system unless someone ran it: `user` is then empty), keeping in
    `figures` the level, explanation and figures it replaced. Only ever added to."""

    warning = models.ForeignKey(Warning, verbose_name=_("预警"), on_delete=models.CASCADE, related_name="notes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, null=True, blank=True
    )
    at = models.DateTimeField(_("时间"))
    action = models.CharField(_("操作"), max_length=16, choices=WarningAction.choices)
    text = models.CharField(_("说明"), max_length=500, blank=True)
    figures = models.JSONField(_("数据"), default=dict, blank=True)

    region_scope_field = "warning__region_code"

    class Meta:
        verbose_name = _("预警处理记录")
        verbose_name_plural = _("预警处理记录")
        ordering = ["warning_id", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.warning} {self.action}"

"""Monitoring pages (失业动态监测): the officer's overview of a period (aggregates, late and missing reports, the
region's open warnings, acknowledged or closed there), a report with its revisions (returned or accepted there), and
the monthly report form.

Everything is read through the region scope: a county officer sees their county's enterprises and nothing else; a
report of another county is a 404, as if it did not exist. Writes go through `jiuye.monitoring.services`.
"""

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiuye.employers.enums import Ownership, SizeClass
from jiuye.monitoring import qc
from jiuye.monitoring.aggregates import GROUPINGS, aggregate, rate_text, total
from jiuye.monitoring.enums import ReductionReason, ReportStatus, WarningStatus, reduction_field
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport, Warning
from jiuye.monitoring.perms import can_manage_monitoring, can_submit_report
from jiuye.monitoring.selectors import late_reports, missing_reports, report_rows
from jiuye.monitoring.services import report_accept, report_return, report_submit
from jiuye.monitoring.warning_followup import warning_acknowledge, warning_close
from jiuye.reference.models import Industry, Region

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
GROUPING_LABELS = {
    "province": gettext_lazy("全省"),
    "city": gettext_lazy("市"),
    "county": gettext_lazy("县（市、区）"),
    "industry": gettext_lazy("行业门类"),
    "ownership": gettext_lazy("经济类型"),
    "size_class": gettext_lazy("企业规模"),
}
LIST_LIMIT = 200


def _period(request: HttpRequest) -> str:
    """`?period=YYYY-MM`, or the month before this one (the month being reported)."""
    period = request.GET.get("period", "")
    return period if PERIOD.match(period) else qc.previous_period(timezone.localdate().strftime("%Y-%m"))


@login_required
def monitoring_overview(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    by = request.GET.get("by", "county")
    by = by if by in GROUPINGS else "county"
    rows = report_rows(user=request.user, period=period)
    groups = aggregate(rows, by)
    names = _group_names(by, list(groups))
    late = late_reports(user=request.user, period=period)
    missing = missing_reports(user=request.user, period=period)
    warnings = Warning.objects.visible_to(request.user).exclude(status=WarningStatus.CLOSED)
    context = {
        "period": period,
        "by": by,
        "groupings": GROUPING_LABELS.items(),
        "reasons": ReductionReason.choices,
        "table": [_table_row(names.get(key) or key or _("未填"), totals) for key, totals in groups.items()],
        "total": _table_row(_("合计"), total(rows)),
        "late": late[:LIST_LIMIT],
        "late_count": late.count(),
        "missing": missing[:LIST_LIMIT],
        "missing_count": missing.count(),
        "deadline": qc.period_deadline(period),
        "warnings": warnings[:LIST_LIMIT],
        "warnings_count": warnings.count(),
        "can_follow_up": can_manage_monitoring(request.user),
    }
    return render(request, "www/monitoring/overview.html", context)


def _group_names(by: str, keys: list[str]) -> dict[str, str]:
    if by in ("province", "city", "county"):
        return dict(Region.objects.filter(code__in=keys).values_list("code", "name"))
    if by == "industry":
        return {
            code: f"{code} {name}" for code, name in Industry.objects.filter(code__in=keys).values_list("code", "name")
        }
    return {str(value): str(label) for value, label in (Ownership if by == "ownership" else SizeClass).choices}


def _table_row(name: str, totals) -> dict:
    return {
        "name": name,
        "totals": totals,
        "reductions": [totals.reductions[reason] for reason in ReductionReason.values],
        "rate_from_baseline": rate_text(totals.change_rate_from_baseline),
        "rate_from_previous": rate_text(totals.change_rate_from_previous),
        "hidden_rate": rate_text(totals.hidden_unemployment_rate),
    }


def _visible_report(request: HttpRequest, pk: int) -> MonthlyReport:
    reports = MonthlyReport.objects.visible_to(request.user).select_related("enterprise__employer", "submitted_by")
    return get_object_or_404(reports, pk=pk)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    context = {
        "report": report,
        "reductions": [(label, report.reductions[value]) for value, label in ReductionReason.choices],
        "revisions": report.revisions.select_related("user").order_by("number"),
        "can_review": can_manage_monitoring(request.user) and report.status == ReportStatus.SUBMITTED,
    }
    return render(request, "www/monitoring/report_detail.html", context)


@login_required
@require_POST
def report_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    try:
        report_return(actor=request.user, report=report, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已退回，等待企业更正。"))
    return redirect("www:monitoring_report", pk=report.pk)


@login_required
@require_POST
def report_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    try:
        report_accept(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已审核通过。"))
    return redirect("www:monitoring_report", pk=report.pk)


@login_required
@require_POST
def warning_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _warning_act(request, pk, warning_acknowledge, _("已签收预警。"))


@login_required
@require_POST
def warning_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _warning_act(request, pk, warning_close, _("已关闭预警。"))


def _warning_act(request: HttpRequest, pk: int, act, done: str) -> HttpResponse:
    """A warning outside the officer's region is a 404, as if it did not exist."""
    warning = get_object_or_404(Warning.objects.visible_to(request.user), pk=pk)
    try:
        act(actor=request.user, warning=warning, text=request.POST.get("text", ""))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("www:monitoring")


class ReportForm(forms.Form):
    period = forms.RegexField(label=gettext_lazy("调查期"), regex=PERIOD, help_text=gettext_lazy("如2026-10"))
    previous_headcount = forms.IntegerField(label=gettext_lazy("上期岗位数"), min_value=0)
    current_headcount = forms.IntegerField(label=gettext_lazy("调查期岗位数"), min_value=0)
    added = forms.IntegerField(label=gettext_lazy("新增人数"), min_value=0, initial=0)
    standby = forms.IntegerField(label=gettext_lazy("待岗人数"), min_value=0, initial=0)
    long_leave = forms.IntegerField(label=gettext_lazy("放长假人数"), min_value=0, initial=0)
    note = forms.CharField(label=gettext_lazy("备注"), max_length=500, required=False, widget=forms.Textarea)
    reason = forms.CharField(label=gettext_lazy("修改原因（修改已报送的月报时填写）"), max_length=500, required=False)
    confirmed = forms.BooleanField(label=gettext_lazy("数据变动较大，已核实无误（须在备注中说明）"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in ReductionReason.choices:
            self.fields[reduction_field(value)] = forms.IntegerField(
                label=_("减少人数（%(reason)s）") % {"reason": label}, min_value=0, initial=0
            )

    def figures(self) -> qc.Figures:
        data = self.cleaned_data
        return qc.Figures(
            previous_headcount=data["previous_headcount"],
            current_headcount=data["current_headcount"],
            added=data["added"],
            reductions={reason: data[reduction_field(reason)] for reason in ReductionReason.values},
            standby=data["standby"],
            long_leave=data["long_leave"],
        )


@login_required
def report_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The monthly report of one enterprise, for its reporter (or an officer on its behalf)."""
    if not can_submit_report(request.user):
        raise PermissionDenied(_("您没有填报监测企业月报的权限。"))
    enterprise = get_object_or_404(
        MonitoredEnterprise.objects.visible_to(request.user).select_related("employer"), pk=pk
    )
    form = ReportForm(request.POST or None, initial={"period": _period(request)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report, _outcome = report_submit(
                actor=request.user, enterprise=enterprise, period=data["period"], figures=form.figures(),
                note=data["note"], reason=data["reason"], confirmed=data["confirmed"],
            )  # fmt: skip
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("%(period)s月报已报送。") % {"period": report.period})
            return redirect("www:monitoring_report", pk=report.pk)
    return render(request, "www/monitoring/report_form.html", {"enterprise": enterprise, "form": form})


def _form_errors(form: forms.Form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields and field != NON_FIELD_ERRORS else None, messages_)

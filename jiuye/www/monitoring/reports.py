"""A report with its revisions (returned or accepted there), the monthly report form, and the reporter's own page
(本企业月报): their enterprises with the periods owed, submitted and returned.

A report or enterprise outside the user's scope is a 404, as if it did not exist; for an enterprise's reporter
account that scope is its own enterprises (jiuye/monitoring/perms.py). Writes go through the services.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiuye.monitoring import qc
from jiuye.monitoring.enums import ReductionReason, ReportStatus, reduction_field
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport
from jiuye.monitoring.perms import can_manage_monitoring, can_submit_report
from jiuye.monitoring.selectors import reporter_home
from jiuye.monitoring.services import report_accept, report_return, report_submit
from jiuye.www.actions import post_action
from jiuye.www.errors import form_errors
from jiuye.www.monitoring.common import PERIOD, latest_period, period_param


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
        "can_revise": report.status != ReportStatus.ACCEPTED and can_submit_report(request.user, report.enterprise),
    }
    return render(request, "www/monitoring/report_detail.html", context)


@login_required
@require_POST
def report_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    return post_action(
        request,
        lambda: report_return(actor=request.user, report=report, reason=request.POST.get("reason", "")),
        done=_("已退回，等待企业更正。"),
        back=reverse("www:monitoring_report", args=[report.pk]),
    )


@login_required
@require_POST
def report_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    return post_action(
        request,
        lambda: report_accept(actor=request.user, report=report),
        done=_("已审核通过。"),
        back=reverse("www:monitoring_report", args=[report.pk]),
    )


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


def _initial(enterprise: MonitoredEnterprise, period: str) -> dict:
    """A correction starts from the figures as reported; a new report from the period alone."""
    report = MonthlyReport.objects.filter(enterprise=enterprise, period=period).first()
    if report is None:
        return {"period": period}
    figures = {name: getattr(report, name) for name in ("previous_headcount", "current_headcount", "added")}
    reductions = {reduction_field(reason): count for reason, count in report.reductions.items()}
    return {"period": period, **figures, **reductions, "standby": report.standby, "long_leave": report.long_leave,
            "note": report.note}  # fmt: skip


@login_required
def report_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The monthly report of one enterprise, for its reporter account (or an officer on its behalf)."""
    if not can_submit_report(request.user):
        raise PermissionDenied(_("您没有填报监测企业月报的权限。"))
    enterprise = get_object_or_404(
        MonitoredEnterprise.objects.visible_to(request.user).select_related("employer"), pk=pk
    )
    if not can_submit_report(request.user, enterprise):
        raise PermissionDenied(_("您不是该企业的填报账号。"))
    form = ReportForm(request.POST or None, initial=_initial(enterprise, period_param(request)))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report, _outcome = report_submit(
                actor=request.user, enterprise=enterprise, period=data["period"], figures=form.figures(),
                note=data["note"], reason=data["reason"], confirmed=data["confirmed"],
            )  # fmt: skip
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("%(period)s月报已报送。") % {"period": report.period})
            return redirect("www:monitoring_report", pk=report.pk)
    return render(request, "www/monitoring/report_form.html", {"enterprise": enterprise, "form": form})


@login_required
def reporter_home_view(request: HttpRequest) -> HttpResponse:
    """本企业月报: the user's enterprises (those whose employer lists them as a reporter account), each with its
    latest periods owed, submitted or returned (with the reason), and a link to fill in or correct each."""
    if not can_submit_report(request.user):
        raise PermissionDenied(_("您没有填报监测企业月报的权限。"))
    latest = latest_period()
    context = {
        "enterprises": reporter_home(user=request.user, latest=latest),
        "latest": latest,
        "deadline_day": settings.MONITORING_REPORT_DEADLINE_DAY,
    }
    return render(request, "www/monitoring/reporter_home.html", context)

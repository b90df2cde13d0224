"""A report with its revisions (returned, after a confirmation step, or accepted there) and the monthly report form.

Reports and enterprises are fetched through `report_get` / `enterprise_get` (outside the user's scope a 404, as if
they did not exist; for an enterprise's reporter account that scope is its own enterprises). Who may submit, return
or accept is the services' to check (`jiuye.monitoring.services`); the pages only decide what to offer.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiuye.monitoring import qc
from jiuye.monitoring.enums import ReductionReason, ReportStatus, reduction_field
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport
from jiuye.monitoring.perms import can_manage_monitoring, can_submit_report, is_reporter_account
from jiuye.monitoring.selectors import enterprise_get, periods_owed, report_get
from jiuye.monitoring.services import report_accept, report_return, report_submit
from jiuye.www.actions import post_action
from jiuye.www.confirm import Confirmation, confirmation_page, is_confirmed
from jiuye.www.errors import form_errors
from jiuye.www.monitoring.common import PERIOD, latest_period

FIGURE_FIELDS = ("previous_headcount", "current_headcount", "added")
HIDDEN_FIELDS = ("standby", "long_leave")


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get(user=request.user, pk=pk)
    context = {
        "report": report,
        "reductions": [(label, report.reductions[value]) for value, label in ReductionReason.choices],
        "revisions": report.revisions.select_related("user").order_by("number"),
        "can_review": can_manage_monitoring(request.user) and report.status == ReportStatus.SUBMITTED,
        "can_revise": report.status != ReportStatus.ACCEPTED and can_submit_report(request.user, report.enterprise),
        "is_reporter": is_reporter_account(request.user),
    }
    return render(request, "www/monitoring/report_detail.html", context)


@require_POST
def report_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Returning takes the report out of the aggregates until the enterprise corrects it: confirmed first."""
    report = report_get(user=request.user, pk=pk)
    back = reverse("www:monitoring_report", args=[report.pk])
    reason = request.POST.get("reason", "")
    if not is_confirmed(request):
        confirmation = Confirmation(
            title=_("确认退回月报"),
            consequence=_(
                "退回后，该月报不再计入汇总和预警，等待企业按退回原因更正后重新报送；企业在其首页看到退回原因。"
            ),
            button=_("确认退回"),
            details=(
                (_("月报"), f"{report.enterprise.employer.name} {report.period}"),
                (_("退回原因"), reason.strip()),
            ),
        )
        return confirmation_page(request, confirmation, cancel=back)
    return post_action(
        request,
        lambda: report_return(actor=request.user, report=report, reason=reason),
        done=_("已退回，等待企业更正。"),
        back=back,
    )


@require_POST
def report_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_get(user=request.user, pk=pk)
    return post_action(
        request,
        lambda: report_accept(actor=request.user, report=report),
        done=_("已审核通过。"),
        back=reverse("www:monitoring_report", args=[report.pk]),
    )


class ReportForm(forms.Form):
    """The national form's order: the period and headcounts, the seven reduction reasons, hidden unemployment, then
    the note, the reason for a revision and the confirmation of an unusual change. Only periods that have ended are
    offered (`periods`)."""

    period = forms.ChoiceField(label=gettext_lazy("调查期"))
    previous_headcount = forms.IntegerField(label=gettext_lazy("上期岗位数"), min_value=0)
    current_headcount = forms.IntegerField(label=gettext_lazy("调查期岗位数"), min_value=0)
    added = forms.IntegerField(label=gettext_lazy("新增人数"), min_value=0, initial=0)
    standby = forms.IntegerField(label=gettext_lazy("待岗人数"), min_value=0, initial=0)
    long_leave = forms.IntegerField(label=gettext_lazy("放长假人数"), min_value=0, initial=0)
    note = forms.CharField(
        label=gettext_lazy("备注"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(label=gettext_lazy("修改原因（修改已报送的月报时填写）"), max_length=500, required=False)
    confirmed = forms.BooleanField(label=gettext_lazy("数据变动较大，已核实无误（须在备注中说明）"), required=False)
    # The version of the period's report the form showed (0: none yet): a report changed since is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, periods: list[str], **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["period"].choices = [(period, period) for period in periods]
        for value, label in ReductionReason.choices:
            self.fields[reduction_field(value)] = forms.IntegerField(
                label=_("减少人数（%(reason)s）") % {"reason": label}, min_value=0, initial=0
            )
        self.order_fields(["period", *FIGURE_FIELDS, *self.reduction_names(), *HIDDEN_FIELDS])

    @staticmethod
    def reduction_names() -> list[str]:
        return [reduction_field(reason) for reason in ReductionReason.values]

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields in the fieldsets the page shows."""
        return [
            (_("调查期和岗位数"), [self[name] for name in ("period", *FIGURE_FIELDS)]),
            (_("减少人数（按原因）"), [self[name] for name in self.reduction_names()]),
            (_("隐性失业"), [self[name] for name in HIDDEN_FIELDS]),
            (_("说明"), [self[name] for name in ("note", "reason", "confirmed")]),
        ]

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
    """A correction starts from the figures as reported; a new report from last period's headcount, which its
    上期岗位数 must repeat (`qc.previous_error`)."""
    last_period = qc.previous_period(period)
    found = MonthlyReport.objects.filter(enterprise=enterprise, period__in=[period, last_period])
    reports = {report.period: report for report in found}
    report = reports.get(period)
    if report is None:
        last = reports.get(last_period)
        return {"period": period, "version": 0} | ({"previous_headcount": last.current_headcount} if last else {})
    figures = {name: getattr(report, name) for name in FIGURE_FIELDS + HIDDEN_FIELDS}
    reductions = {reduction_field(reason): count for reason, count in report.reductions.items()}
    return {"period": period, **figures, **reductions, "note": report.note, "version": report.version}


def report_periods(enterprise: MonitoredEnterprise, requested: str) -> list[str]:
    """The periods the form offers, newest first: the enterprise's last owed periods, all of which have ended (up to
    last month), and an older one asked for by `?period=` (an officer correcting an old report). A period that has
    not ended is never offered; the service refuses it too."""
    latest = latest_period()
    periods = periods_owed(enterprise, latest=latest)
    oldest = periods[-1] if periods else latest
    if PERIOD.match(requested) and enterprise.baseline_period <= requested < oldest:
        periods.append(requested)
    return periods


def report_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The monthly report of one enterprise, for its reporter account (or an officer on its behalf). The page is
    offered to those who may submit (`can_submit_report`); the service decides on what is posted."""
    enterprise = enterprise_get(user=request.user, pk=pk)
    if request.method != "POST" and not can_submit_report(request.user, enterprise):
        raise PermissionDenied(_("您不是该企业的填报账号，不能填报其月报。"))
    requested = request.GET.get("period", "")
    periods = report_periods(enterprise, requested)
    period = requested if requested in periods else (periods[0] if periods else "")
    initial = _initial(enterprise, period) if period else {}
    form = ReportForm(request.POST or None, initial=initial, periods=periods)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The version shown is of the period the page opened on; another period picked in the form has none.
        expected = data["version"] if data["period"] == period else None
        try:
            report, _outcome = report_submit(
                actor=request.user, enterprise=enterprise, period=data["period"], figures=form.figures(),
                note=data["note"], reason=data["reason"], confirmed=data["confirmed"], expected_version=expected,
            )  # fmt: skip
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("%(period)s月报已报送。") % {"period": report.period})
            if is_reporter_account(request.user):
                return redirect("www:monitoring_mine")
            return redirect("www:monitoring_report", pk=report.pk)
    context = {"enterprise": enterprise, "form": form, "periods": periods}
    return render(request, "www/monitoring/report_form.html", context)

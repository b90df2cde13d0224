"""Writes of the monitoring panel and its monthly reports: enrol, leave, submit (or revise), return, accept.

Every write is audited, and every state of a report is kept as a `ReportRevision` with who and why.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import audit_record
from jiuye.employers.models import Employer
from jiuye.monitoring import qc
from jiuye.monitoring.enums import ReductionReason, ReportStatus, RevisionAction, reduction_field
from jiuye.monitoring.models import PERIOD_VALIDATOR, MonitoredEnterprise, MonthlyReport, ReportRevision
from jiuye.monitoring.perms import can_manage_monitoring, can_submit_report
from jiuye.people.services import Outcome


def enterprise_enrol(
    *, actor: User, employer: Employer, baseline_period: str, baseline_headcount: int, entered_on: datetime.date
) -> MonitoredEnterprise:
    """初次建档: the employer joins the panel with its baseline period and headcount."""
    if not can_manage_monitoring(actor) or not employer.is_visible_to(actor):
        raise PermissionDenied(_("该企业不在您的管辖范围内，不能纳入监测。"))
    PERIOD_VALIDATOR(baseline_period)
    if MonitoredEnterprise.objects.filter(employer=employer, left_on__isnull=True).exists():
        raise ValidationError(_("%(name)s已在监测企业名单中") % {"name": employer.name})
    enterprise = MonitoredEnterprise.objects.create(
        employer=employer,
        baseline_period=baseline_period,
        baseline_headcount=baseline_headcount,
        entered_on=entered_on,
    )
    _audit(actor, AuditAction.CREATE, enterprise, _("纳入监测：%(name)s，建档期%(period)s，岗位数%(count)d") % {
        "name": employer.name, "period": baseline_period, "count": baseline_headcount,
    })  # fmt: skip
    return enterprise


def enterprise_leave(*, actor: User, enterprise: MonitoredEnterprise, left_on: datetime.date) -> MonitoredEnterprise:
    if not can_manage_monitoring(actor) or not enterprise.is_visible_to(actor):
        raise PermissionDenied(_("该企业不在您的管辖范围内。"))
    if enterprise.left_on is not None:
        raise ValidationError(_("该企业已于%(date)s退出监测") % {"date": enterprise.left_on})
    if left_on < enterprise.entered_on:
        raise ValidationError({"left_on": _("退出日期不能早于纳入监测日期")})
    enterprise.left_on = left_on
    enterprise.save(update_fields=["left_on"])
    _audit(actor, AuditAction.UPDATE, enterprise, _("退出监测：%(name)s") % {"name": enterprise.employer.name})
    return enterprise


@transaction.atomic
def report_submit(
    *,
    actor: User,
    enterprise: MonitoredEnterprise,
    period: str,
    figures: qc.Figures,
    note: str = "",
    reason: str = "",
    confirmed: bool = False,
) -> tuple[MonthlyReport, Outcome]:
    """Submit the period's report, or revise it (a returned report is resubmitted the same way): a revision says
    why in `reason`. A change out of line with the enterprise's history is accepted only `confirmed` with a note."""
    _check_can_submit(actor, enterprise, period)
    note = note.strip()
    _check_figures(enterprise, period, figures, note=note, confirmed=confirmed)
    report = MonthlyReport.objects.select_for_update().filter(enterprise=enterprise, period=period).first()
    if report is not None and report_figures(report) == figures and report.note == note:
        return report, Outcome()
    now = timezone.now()
    if report is None:
        late = timezone.localdate(now) > qc.period_deadline(period)
        report = MonthlyReport(enterprise=enterprise, period=period, late=late)
        action = RevisionAction.SUBMIT
    else:
        _check_can_revise(report, reason)
        action = RevisionAction.REVISE
    _figures_set(report, figures)
    report.note, report.status, report.return_reason = note, ReportStatus.SUBMITTED, ""
    report.submitted_by, report.submitted_at = actor, now
    report.save()
    _revision_add(report, action, actor, reason.strip(), now)
    return report, Outcome(created=action == RevisionAction.SUBMIT, updated=action == RevisionAction.REVISE)


@transaction.atomic
def report_return(*, actor: User, report: MonthlyReport, reason: str) -> MonthlyReport:
    """Send a submitted report back to its reporter for correction, saying what to correct."""
    _check_can_review(actor, report)
    if not reason.strip():
        raise ValidationError({"reason": _("退回须说明原因")})
    report.status, report.return_reason = ReportStatus.RETURNED, reason.strip()
    report.save(update_fields=["status", "return_reason"])
    _revision_add(report, RevisionAction.RETURN, actor, reason.strip(), timezone.now())
    return report


@transaction.atomic
def report_accept(*, actor: User, report: MonthlyReport) -> MonthlyReport:
    _check_can_review(actor, report)
    report.status = ReportStatus.ACCEPTED
    report.save(update_fields=["status"])
    _revision_add(report, RevisionAction.ACCEPT, actor, "", timezone.now())
    return report


def _check_can_submit(actor: User, enterprise: MonitoredEnterprise, period: str) -> None:
    if not can_submit_report(actor) or not enterprise.is_visible_to(actor):
        raise PermissionDenied(_("该企业不在您的管辖范围内。"))
    PERIOD_VALIDATOR(period)
    if period < enterprise.baseline_period:
        raise ValidationError({"period": _("调查期不能早于建档期%(period)s") % {"period": enterprise.baseline_period}})
    if enterprise.left_on is not None and enterprise.left_on < qc.period_end(period):
        raise ValidationError({"period": _("该企业已于%(date)s退出监测") % {"date": enterprise.left_on}})


def _check_figures(enterprise, period: str, figures: qc.Figures, *, note: str, confirmed: bool) -> None:
    counts = [
        figures.previous_headcount,
        figures.current_headcount,
        figures.added,
        figures.standby,
        figures.long_leave,
    ]
    if min(counts + list(figures.reductions.values())) < 0:
        raise ValidationError(_("人数不能为负数"))
    errors = {}
    if problem := qc.identity_error(figures):
        errors["current_headcount"] = problem
    last_period = qc.previous_period(period)
    last = MonthlyReport.objects.filter(enterprise=enterprise, period=last_period).values_list(
        "current_headcount", flat=True
    )
    if problem := qc.previous_error(figures, last_period=last_period, last_headcount=last.first()):
        errors["previous_headcount"] = problem
    if errors:
        raise ValidationError(errors)
    history = [
        current - previous
        for current, previous in MonthlyReport.objects.filter(enterprise=enterprise, period__lt=period).values_list(
            "current_headcount", "previous_headcount"
        )
    ]
    warning = qc.implausible_warning(figures, history=history)
    if warning and not (confirmed and note):
        raise ValidationError({"note": warning})


def _check_can_revise(report: MonthlyReport, reason: str) -> None:
    if report.status == ReportStatus.ACCEPTED:
        raise ValidationError(_("%(period)s月报已审核通过，不能再修改") % {"period": report.period})
    if not reason.strip():
        raise ValidationError({"reason": _("修改已报送的月报须说明原因")})


def _check_can_review(actor: User, report: MonthlyReport) -> None:
    if not can_manage_monitoring(actor):
        raise PermissionDenied(_("只有经办人员和系统管理员可以退回或审核月报。"))
    if not report.is_visible_to(actor):
        raise PermissionDenied(_("该月报不在您的管辖范围内。"))
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("只有已报送、待审核的月报可以退回或审核通过"))


def report_figures(report: MonthlyReport) -> qc.Figures:
    """The figures of a stored report, in the form the quality checks and the revisions use."""
    return qc.Figures(
        previous_headcount=report.previous_headcount,
        current_headcount=report.current_headcount,
        added=report.added,
        reductions=report.reductions,
        standby=report.standby,
        long_leave=report.long_leave,
    )


def _figures_set(report: MonthlyReport, figures: qc.Figures) -> None:
    report.previous_headcount, report.current_headcount = figures.previous_headcount, figures.current_headcount
    report.added, report.standby, report.long_leave = figures.added, figures.standby, figures.long_leave
    for reason in ReductionReason.values:
        setattr(report, reduction_field(reason), figures.reductions.get(reason, 0))


def _revision_add(report: MonthlyReport, action: str, actor: User, reason: str, now) -> ReportRevision:
    revision = ReportRevision.objects.create(
        report=report,
        number=report.revisions.count() + 1,
        action=action,
        figures={**report_figures(report).as_json(), "note": report.note, "status": report.status},
        reason=reason,
        user=actor,
        created_at=now,
    )
    summary = _("%(action)s月报：%(name)s %(period)s") % {
        "action": RevisionAction(action).label, "name": report.enterprise.employer.name, "period": report.period,
    }  # fmt: skip
    _audit(actor, AuditAction.CREATE if action == RevisionAction.SUBMIT else AuditAction.UPDATE, report, summary)
    return revision


def _audit(actor: User, action: AuditAction, target, summary: str) -> None:
    enterprise = target if isinstance(target, MonitoredEnterprise) else target.enterprise
    audit_record(user=actor, action=action, target=target, region_code=enterprise.employer.region_id, summary=summary)

"""Writes of the monitoring panel and its monthly reports: enrol, leave, submit (or revise), return, accept.

Every write is audited, and every state of a report is kept as a `ReportRevision` with who and why.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import AuditEntry, audit_record, audit_records_write
from jiuye.core.db import rows_insert
from jiuye.core.versions import check_version
from jiuye.employers.models import Employer
from jiuye.imports.results import Outcome
from jiuye.monitoring import qc
from jiuye.monitoring.enums import REDUCTION_FIELDS, ReportStatus, RevisionAction, reduction_field
from jiuye.monitoring.models import PERIOD_VALIDATOR, MonitoredEnterprise, MonthlyReport, ReportRevision
from jiuye.monitoring.perms import can_manage_monitoring, can_submit_report

BATCH_SIZE = 1000
REPORT_UPDATE_FIELDS = [
    "previous_headcount", "current_headcount", "added", *REDUCTION_FIELDS, "standby", "long_leave", "note", "status",
    "return_reason", "submitted_by", "submitted_at", "version",
]  # fmt: skip


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


@dataclass(frozen=True)
class ReportHistory:
    """What the checks of an enterprise's report for a period need from its earlier reports: the period's own report
    (when one was submitted) and its number of revisions, last period's headcount, and every earlier monthly
    change (调查期 − 上期岗位数)."""

    report: MonthlyReport | None = None
    revisions: int = 0
    last_headcount: int | None = None
    changes: list[int] = field(default_factory=list)


@dataclass
class ReportChange:
    """A report to save (new or revised) and its revision, as `report_change` decided."""

    report: MonthlyReport
    number: int  # of the revision
    action: str
    reason: str
    actor: User
    at: datetime.datetime
    figures: qc.Figures

    @property
    def outcome(self) -> Outcome:
        created = self.action == RevisionAction.SUBMIT
        return Outcome(created=created, updated=not created)


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
    expected_version: int | None = None,
) -> tuple[MonthlyReport, Outcome]:
    """Submit the period's report, or revise it (a returned report is resubmitted the same way): a revision says
    why in `reason`. A change out of line with the enterprise's history is accepted only `confirmed` with a note.
    `expected_version` is the version the form showed (0: no report yet); a report changed since is refused."""
    # Officers within their region; a reporter account for the enterprises whose employer lists it (perms.py).
    if not can_submit_report(actor, enterprise):
        raise PermissionDenied(_("该企业不在您的管辖范围内，或您不是该企业的填报账号。"))
    PERIOD_VALIDATOR(period)
    history = report_history(enterprise=enterprise, period=period)
    _check_report_version(history.report, expected_version)
    change = report_change(
        actor=actor, enterprise=enterprise, period=period, figures=figures, note=note, reason=reason,
        confirmed=confirmed, history=history,
    )  # fmt: skip
    if change is None:
        return history.report, Outcome()
    report_changes_save([change])
    return change.report, change.outcome


def report_change(
    *,
    actor: User,
    enterprise: MonitoredEnterprise,
    period: str,
    figures: qc.Figures,
    note: str,
    reason: str,
    confirmed: bool,
    history: ReportHistory,
    limits: qc.QcLimits | None = None,
) -> ReportChange | None:
    """The checks of `report_submit` past the permission, against `history` instead of the database, and what to
    save; None when the report stands as submitted. The import decides a whole chunk of rows this way from a few
    queries (`report_histories`) and saves them together (`report_changes_save`), with the quality control's
    `limits` read once for the file (`qc.qc_limits()` when None)."""
    PERIOD_VALIDATOR(period)
    _check_period(enterprise, period)
    note = note.strip()
    _check_figures(period, figures, history, note=note, confirmed=confirmed, limits=limits)
    report = history.report
    if report is not None and report_figures(report) == figures and report.note == note:
        return None
    now = timezone.now()
    if report is None:
        late = timezone.localdate(now) > qc.period_deadline(period)
        report = MonthlyReport(enterprise=enterprise, period=period, late=late)
        action = RevisionAction.SUBMIT
    else:
        _check_can_revise(report, reason)
        action = RevisionAction.REVISE
        report.version += 1  # the report is locked for the update (`report_histories`)
    _figures_set(report, figures)
    report.note, report.status, report.return_reason = note, ReportStatus.SUBMITTED, ""
    report.submitted_by, report.submitted_at = actor, now
    return ReportChange(report, history.revisions + 1, action, reason.strip(), actor, now, figures)


def report_history(*, enterprise: MonitoredEnterprise, period: str) -> ReportHistory:
    """The enterprise's history before `period`, with its report for `period` locked for the update."""
    return report_histories(enterprises=[enterprise], periods={period})[enterprise.pk, period]


def report_histories(
    *, enterprises: list[MonitoredEnterprise], periods: set[str], changes_for: set[int] | None = None
) -> dict[tuple[int, str], ReportHistory]:
    """`report_history` of each enterprise for each of `periods` in four queries, keyed by (enterprise pk, period);
    the reports of `periods` are locked for the update. The earlier changes are read only for the enterprises in
    `changes_for` (all when None): the quality control never questions a change at or below its floor whatever the
    history (`qc.implausible_warning`), so a month's file needs them for its larger changes only, and reading 35
    months of every enterprise is most of an import's database time."""
    by_pk = {enterprise.pk: enterprise for enterprise in enterprises}
    latest = max(periods, default="")
    earlier: dict[int, list[tuple[str, int, int]]] = defaultdict(list)  # (period, current, previous)
    wanted = by_pk if changes_for is None else changes_for & by_pk.keys()
    for pk, period, current, previous in (
        MonthlyReport.objects.filter(enterprise_id__in=wanted, period__lt=latest)
        .values_list("enterprise_id", "period", "current_headcount", "previous_headcount")
    ):  # fmt: skip
        earlier[pk].append((period, current, previous))
    last_periods = {qc.previous_period(period) for period in periods}
    last = {
        (pk, period): current
        for pk, period, current in MonthlyReport.objects.filter(enterprise_id__in=by_pk, period__in=last_periods)
        .values_list("enterprise_id", "period", "current_headcount")
    }  # fmt: skip
    reports = {}
    for report in MonthlyReport.objects.select_for_update().filter(enterprise_id__in=by_pk, period__in=periods):
        report.enterprise = by_pk[report.enterprise_id]
        reports[report.enterprise_id, report.period] = report
    counts = dict(
        ReportRevision.objects.filter(report__in=list(reports.values())).values("report_id")
        .annotate(count=Count("pk")).values_list("report_id", "count")
    )  # fmt: skip
    histories = {}
    for pk in by_pk:
        for period in periods:
            # With one period (a month's file), every report fetched is before it.
            before = earlier[pk] if len(periods) == 1 else [row for row in earlier[pk] if row[0] < period]
            report = reports.get((pk, period))
            histories[pk, period] = ReportHistory(
                report=report,
                revisions=counts.get(report.pk, 0) if report is not None else 0,
                last_headcount=last.get((pk, qc.previous_period(period))),
                changes=[current - previous for _when, current, previous in before],
            )
    return histories


def report_changes_save(changes: list[ReportChange]) -> None:
    """Save decided changes together: new reports, revised reports, then their revisions and audit events."""
    new = [change.report for change in changes if change.report.pk is None]
    revised = [change.report for change in changes if change.report.pk is not None]
    rows_insert(MonthlyReport, new, batch_size=BATCH_SIZE)
    if new:
        keys = MonthlyReport.objects.filter(
            enterprise_id__in={report.enterprise_id for report in new}, period__in={report.period for report in new}
        ).values_list("enterprise_id", "period", "pk")
        pks = {(enterprise, period): pk for enterprise, period, pk in keys}
        for report in new:
            report.pk, report._state.adding = pks[report.enterprise_id, report.period], False
    MonthlyReport.objects.bulk_update(revised, REPORT_UPDATE_FIELDS, batch_size=BATCH_SIZE)
    _revisions_insert(changes)


def _revisions_insert(changes: list[ReportChange]) -> None:
    """The revisions of saved reports, and their audit events, in bulk."""
    revisions, events = [], []
    for change in changes:
        report, actor = change.report, change.actor
        revisions.append({
            "report_id": report.pk, "number": change.number, "action": change.action, "reason": change.reason,
            "figures": {**change.figures.as_json(), "note": report.note, "status": report.status},
            "user_id": actor.pk, "created_at": change.at,
        })  # fmt: skip
        employer = report.enterprise.employer
        summary = _("%(action)s月报：%(name)s %(period)s") % {
            "action": RevisionAction(change.action).label, "name": employer.name, "period": report.period,
        }  # fmt: skip
        events.append(AuditEntry(
            user=actor, action=AuditAction.CREATE if change.action == RevisionAction.SUBMIT else AuditAction.UPDATE,
            target=report, region_code=employer.region_id, summary=summary, at=change.at,
        ))  # fmt: skip
    rows_insert(ReportRevision, revisions, batch_size=BATCH_SIZE)
    audit_records_write(events)


@transaction.atomic
def report_return(*, actor: User, report: MonthlyReport, reason: str) -> MonthlyReport:
    """Send a submitted report back to its reporter for correction, saying what to correct."""
    _check_can_review(actor, report)
    if not reason.strip():
        raise ValidationError({"reason": _("退回须说明原因")})
    report.status, report.return_reason = ReportStatus.RETURNED, reason.strip()
    _report_save(report, ["status", "return_reason"])
    _revision_add(report, RevisionAction.RETURN, actor, reason.strip(), timezone.now())
    return report


@transaction.atomic
def report_accept(*, actor: User, report: MonthlyReport) -> MonthlyReport:
    _check_can_review(actor, report)
    report.status = ReportStatus.ACCEPTED
    _report_save(report, ["status"])
    _revision_add(report, RevisionAction.ACCEPT, actor, "", timezone.now())
    return report


def _report_save(report: MonthlyReport, fields: list[str]) -> None:
    """Save a reviewed report's `fields`, counting the change in its version in the database (the report was read
    unlocked); Django reads the new version back with the UPDATE's RETURNING."""
    report.version = F("version") + 1
    report.save(update_fields=[*fields, "version"])


def _check_report_version(report: MonthlyReport | None, expected: int | None) -> None:
    """`check_version` of the period's report (locked), 0 when there is none: a form opened before the first report
    came in is as stale as one opened before a revision. Names who made the last change (its revision) and when."""
    if report is None:
        check_version(current=0, expected=expected)
        return
    if expected is None or expected == report.version:
        return
    last = ReportRevision.objects.filter(report=report).select_related("user").order_by("-number").first()
    check_version(
        current=report.version, expected=expected, changed_by=last and last.user, changed_at=last and last.created_at
    )


def _check_period(enterprise: MonitoredEnterprise, period: str, *, today: datetime.date | None = None) -> None:
    """A report is of a month that has ended (November from 1 December), of the enterprise's time in the panel.
    `today` is the date of the import's start, for a month's file of 100,000 reports (by default, today's)."""
    end = qc.period_end(period)
    if end >= (today or timezone.localdate()):
        raise ValidationError({"period": _("调查期%(period)s尚未结束（%(end)s结束），结束后才能填报") % {
            "period": period, "end": f"{end.year}年{end.month}月{end.day}日",
        }})  # fmt: skip
    if period < enterprise.baseline_period:
        raise ValidationError({"period": _("调查期不能早于建档期%(period)s") % {"period": enterprise.baseline_period}})
    if enterprise.left_on is not None and enterprise.left_on < end:
        raise ValidationError({"period": _("该企业已于%(date)s退出监测") % {"date": enterprise.left_on}})


def _check_figures(
    period: str, figures: qc.Figures, history: ReportHistory, *, note: str, confirmed: bool, limits: qc.QcLimits | None
) -> None:
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
    if problem := qc.previous_error(figures, last_period=last_period, last_headcount=history.last_headcount):
        errors["previous_headcount"] = problem
    if errors:
        raise ValidationError(errors)
    warning = qc.implausible_warning(figures, history=history.changes, limits=limits)
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
    for reason, count in figures.reductions.items():
        setattr(report, reduction_field(reason), count)


def _revision_add(report: MonthlyReport, action: str, actor: User, reason: str, now) -> None:
    number = report.revisions.count() + 1
    _revisions_insert([ReportChange(report, number, action, reason, actor, now, report_figures(report))])


def _audit(actor: User, action: AuditAction, target, summary: str) -> None:
    enterprise = target if isinstance(target, MonitoredEnterprise) else target.enterprise
    audit_record(user=actor, action=action, target=target, region_code=enterprise.employer.region_id, summary=summary)

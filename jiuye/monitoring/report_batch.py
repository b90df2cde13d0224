"""Monthly reports decided and written a chunk at a time: the import of a month's file of up to 100,000 monitored
enterprises (`jiuye.monitoring.import_kinds`).

Each report is checked by the rules of `report_submit` (`services._check_period`, `_check_figures`,
`_check_can_revise`: the same functions, so the same Chinese errors) against what a few queries a chunk fetched,
read as plain values instead of model instances (some 10 µs an instance, a second a file). What the checks let
through is written in bulk: new reports with `COPY` or `executemany`, revised ones with one `UPDATE` each, then every
report's revision and audit event as `report_submit` writes them. A report whose figures and note are those stored
is left alone, so importing the same file again changes nothing.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import AuditEntry, audit_records_write
from jiuye.core.db import values_insert
from jiuye.employers.models import Employer
from jiuye.imports.results import Outcome
from jiuye.monitoring import qc
from jiuye.monitoring.enums import REDUCTION_FIELDS, ReportStatus, RevisionAction
from jiuye.monitoring.models import PERIOD_VALIDATOR, MonitoredEnterprise, MonthlyReport, ReportRevision
from jiuye.monitoring.services import _check_can_revise, _check_figures, _check_period

BATCH_SIZE = 1000
# The counted fields of a report in the order of `figures_tuple`.
FIGURE_FIELDS = ("previous_headcount", "current_headcount", "added", *REDUCTION_FIELDS, "standby", "long_leave")
NEW_REPORT_FIELDS = (
    "enterprise_id", "period", *FIGURE_FIELDS, "note", "status", "return_reason", "submitted_by_id", "submitted_at",
    "late",
)  # fmt: skip
REVISED_REPORT_FIELDS = (*FIGURE_FIELDS, "note", "status", "return_reason", "submitted_by_id", "submitted_at")
REVISION_FIELDS = ("report_id", "number", "action", "reason", "figures", "user_id", "created_at")


@dataclass(frozen=True, slots=True)
class PanelEntry:
    """An open enrolment as the checks and the audit need it: `_check_period` reads `baseline_period` and
    `left_on`, the audit the employer's name and region."""

    pk: int
    employer_id: int
    name: str
    region_code: str
    baseline_period: str
    baseline_headcount: int
    left_on: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class StoredReport:
    """The period's report already submitted: `_check_can_revise` reads `status` and `period`."""

    pk: int
    period: str
    status: str
    note: str
    figures: tuple[int, ...]  # FIGURE_FIELDS


@dataclass(frozen=True, slots=True)
class PeriodHistory:
    """What `_check_figures` needs of an enterprise's earlier reports (as `services.ReportHistory`), and the
    period's own report when there is one."""

    report: StoredReport | None = None
    last_headcount: int | None = None
    changes: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ReportWrite:
    """A report to write, as `report_line_decide` decided it."""

    entry: PanelEntry
    period: str
    figures: qc.Figures
    note: str
    stored: StoredReport | None  # None: a new report

    @property
    def outcome(self) -> Outcome:
        return Outcome(created=self.stored is None, updated=self.stored is not None)


def figures_tuple(figures: qc.Figures) -> tuple[int, ...]:
    return (
        figures.previous_headcount, figures.current_headcount, figures.added, *figures.reductions.values(),
        figures.standby, figures.long_leave,
    )  # fmt: skip


def panel_entries_of(usccs: Iterable[str]) -> list[tuple]:
    """The open enrolments of the employers with these codes, with the employer's key, code, name and region: the
    values of a `PanelEntry` but the code third. In SQL for the reason `reports_of` says."""
    usccs = list(usccs)
    if not usccs:
        return []
    quote = connection.ops.quote_name
    enterprise, employer = quote(MonitoredEnterprise._meta.db_table), quote(Employer._meta.db_table)
    sql = (
        f"SELECT m.id, m.employer_id, e.uscc, e.name, e.region_id, m.baseline_period, m.baseline_headcount, "  # noqa: S608
        f"m.left_on FROM {enterprise} m JOIN {employer} e ON e.id = m.employer_id "
        f"WHERE m.left_on IS NULL AND e.uscc IN ({', '.join(['%s'] * len(usccs))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, usccs)
        return cursor.fetchall()


def period_histories(
    *, entries: list[PanelEntry], periods: set[str], changes_for: set[int]
) -> dict[tuple[int, str], PeriodHistory]:
    """`services.report_histories` as plain values, keyed by (enterprise pk, period), in three queries: last
    period's headcounts, the reports of `periods` (locked for the update), and the earlier changes only of the
    enterprises in `changes_for` (the quality control questions no change at or below its floor, whatever the
    history), when there are any."""
    pks = [entry.pk for entry in entries]
    earlier: dict[int, list[tuple[str, int]]] = defaultdict(list)  # (period, change)
    if changes_for:
        for pk, period, current, previous in MonthlyReport.objects.filter(
            enterprise_id__in=changes_for, period__lt=max(periods)
        ).values_list("enterprise_id", "period", "current_headcount", "previous_headcount"):
            earlier[pk].append((period, current - previous))
    last_periods = {period: qc.previous_period(period) for period in periods}
    last = {
        (pk, period): current
        for pk, period, current in reports_of(
            pks, set(last_periods.values()), ("enterprise_id", "period", "current_headcount")
        )
    }
    columns = ("id", "enterprise_id", "period", "status", "note", *FIGURE_FIELDS)
    reports = {
        (row[1], row[2]): StoredReport(pk=row[0], period=row[2], status=row[3], note=row[4], figures=row[5:])
        for row in reports_of(pks, periods, columns, lock=True)
    }
    histories = {}
    for pk in pks:
        for period in periods:
            histories[pk, period] = PeriodHistory(
                report=reports.get((pk, period)),
                last_headcount=last.get((pk, last_periods[period])),
                changes=[change for when, change in earlier[pk] if when < period] if pk in earlier else [],
            )
    return histories


def report_line_decide(
    *,
    entry: PanelEntry,
    period: str,
    figures: qc.Figures,
    note: str,
    reason: str,
    confirmed: bool,
    history: PeriodHistory,
    limits: qc.QcLimits,
    today: datetime.date,
) -> ReportWrite | None:
    """`services.report_change` for a chunk's row: raises the same `ValidationError`, returns None when the report
    stands as submitted (same figures, same note), else the report to write. The caller has checked that the
    actor may submit the enterprise's reports; `today` is the day of the import (a month ends before its reports)."""
    PERIOD_VALIDATOR(period)
    _check_period(entry, period, today=today)
    note = note.strip()
    _check_figures(period, figures, history, note=note, confirmed=confirmed, limits=limits)
    stored = history.report
    if stored is not None:
        if stored.figures == figures_tuple(figures) and stored.note == note:
            return None
        _check_can_revise(stored, reason)
    return ReportWrite(entry, period, figures, note, stored)


def report_writes_save(*, actor: User, writes: list[ReportWrite], reason: str) -> None:
    """Write what `report_line_decide` decided: new reports, revised reports, then a revision and an audit event
    each, as `services.report_changes_save` does for `report_submit`."""
    if not writes:
        return
    now = timezone.now()
    at = connection.ops.adapt_datetimefield_value(now)
    new = [write for write in writes if write.stored is None]
    pks = _reports_insert(actor, new, now, at)
    _reports_update(actor, [write for write in writes if write.stored is not None], at)
    numbers = _revision_numbers([write.stored.pk for write in writes if write.stored is not None])
    for write in writes:
        if write.stored is not None:
            pks[write.entry.pk, write.period] = write.stored.pk
    figures_field = ReportRevision._meta.get_field("figures")
    revisions = (
        (
            pks[write.entry.pk, write.period], numbers.get(pks[write.entry.pk, write.period], 0) + 1,
            RevisionAction.REVISE if write.stored else RevisionAction.SUBMIT, reason.strip(),
            figures_field.get_db_prep_save(_revision_figures(write), connection), actor.pk, at,
        )
        for write in writes
    )  # fmt: skip
    values_insert(ReportRevision, REVISION_FIELDS, revisions, batch_size=BATCH_SIZE)
    summaries = {
        action: _("%(action)s月报：%(name)s %(period)s").replace("%(action)s", str(RevisionAction(action).label))
        for action in (RevisionAction.SUBMIT, RevisionAction.REVISE)
    }  # translated once a chunk, not twice a report
    audit_records_write([
        AuditEntry(
            user=actor, action=AuditAction.UPDATE if write.stored else AuditAction.CREATE,
            target=_ReportKey(pks[write.entry.pk, write.period]), region_code=write.entry.region_code,
            summary=summaries[RevisionAction.REVISE if write.stored else RevisionAction.SUBMIT]
            % {"name": write.entry.name, "period": write.period},
            at=now,
        )
        for write in writes
    ])  # fmt: skip


def _reports_insert(actor: User, new: list[ReportWrite], now: datetime.datetime, at) -> dict[tuple[int, str], int]:
    """INSERT the new reports; their keys by (enterprise pk, period)."""
    today = timezone.localdate(now)
    late = {period: today > qc.period_deadline(period) for period in {write.period for write in new}}
    rows = (
        (write.entry.pk, write.period, *figures_tuple(write.figures), write.note, ReportStatus.SUBMITTED, "", actor.pk,
         at, late[write.period])
        for write in new
    )  # fmt: skip
    values_insert(MonthlyReport, NEW_REPORT_FIELDS, rows, batch_size=BATCH_SIZE)
    if not new:
        return {}
    keys = reports_of([write.entry.pk for write in new], late.keys(), ("enterprise_id", "period", "id"))
    return {(enterprise, period): pk for enterprise, period, pk in keys}


def reports_of(
    enterprises: Iterable[int], periods: Iterable[str], columns: Sequence[str], *, lock: bool = False
) -> list[tuple]:
    """`columns` of the reports of `enterprises` for `periods`, locked for the update with `lock` where the database
    locks rows. In SQL with the keys as parameters: the ORM prepares each of a chunk's 1,000 keys one by one, a
    quarter of the write side's time in a profile; the names come from the model."""
    enterprises, periods = list(enterprises), list(periods)
    if not enterprises or not periods:
        return []
    quote = connection.ops.quote_name
    sql = "SELECT {} FROM {} WHERE {} IN ({}) AND {} IN ({}){}".format(  # noqa: S608  (names from the model)
        ", ".join(quote(column) for column in columns), quote(MonthlyReport._meta.db_table), quote("period"),
        ", ".join(["%s"] * len(periods)), quote("enterprise_id"), ", ".join(["%s"] * len(enterprises)),
        " FOR UPDATE" if lock and connection.features.has_select_for_update else "",
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, [*periods, *enterprises])
        return cursor.fetchall()


def _reports_update(actor: User, revised: list[ReportWrite], at) -> None:
    """One UPDATE a revised report (a file revises few of a month's reports), sent with `executemany`."""
    if not revised:
        return
    quote = connection.ops.quote_name
    assignments = ", ".join(
        [f"{quote(MonthlyReport._meta.get_field(name).column)} = %s" for name in REVISED_REPORT_FIELDS]
        + [f"{quote('version')} = {quote('version')} + 1"]  # a report form opened before the import is stale after
    )
    sql = f"UPDATE {quote(MonthlyReport._meta.db_table)} SET {assignments} WHERE id = %s"  # noqa: S608  (model names)
    rows = [
        (*figures_tuple(write.figures), write.note, ReportStatus.SUBMITTED, "", actor.pk, at, write.stored.pk)
        for write in revised
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _revision_numbers(report_pks: list[int]) -> dict[int, int]:
    """How many revisions each revised report has: the next is numbered one more."""
    if not report_pks:
        return {}
    return dict(
        ReportRevision.objects.filter(report_id__in=report_pks)
        .values("report_id")
        .annotate(count=Count("pk"))
        .values_list("report_id", "count")
    )


def _revision_figures(write: ReportWrite) -> dict:
    """`qc.Figures.as_json()` with the note and status, as `services._revisions_insert` keeps them."""
    figures = write.figures
    return {
        "previous_headcount": figures.previous_headcount, "current_headcount": figures.current_headcount,
        "added": figures.added, "reductions": dict(figures.reductions), "standby": figures.standby,
        "long_leave": figures.long_leave, "note": write.note, "status": ReportStatus.SUBMITTED,
    }  # fmt: skip


class _ReportKey:
    """What the audit reads of a report it names (`target._meta.label`, `target.pk`), without an instance."""

    _meta = MonthlyReport._meta

    def __init__(self, pk: int) -> None:
        self.pk = pk

"""Monthly reports of monitored enterprises (监测企业月报) as officers collect them in Excel: one row per enterprise
and period, written through `jiuye.monitoring.services` as the importing officer.

Two kinds share the columns: `monitoring_report` rejects a row whose enterprise is not in the panel, and
`monitoring_report_enrol` (`monitoring_import --enrol`) enrols it from its row (初次建档), creating the employer when
its unified social credit code is unknown. An empty count is zero. A row whose change the quality control questions
is taken only with a note (备注): the note is the officer's confirmation.

A month's file holds up to 100,000 rows, so the rows are decided a chunk at a time (`ImportKind.save_chunk`): the
chunk's enrolments and report histories are fetched in three queries as plain values, each row is checked as
`report_submit` checks it (`report_batch.report_line_decide`, the same rules), and the chunk's reports, revisions
and audit events are written in bulk (`report_batch.report_writes_save`). Enrolment stays row by row, in a
savepoint: it is rare, and a report refused after it must leave neither the enrolment nor a new employer behind.
"""

from dataclasses import dataclass
from functools import partial

import polars as pl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.accounts.perms import can_view_region
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import audit_record
from jiuye.employers.enums import Ownership, SizeClass
from jiuye.employers.models import Employer
from jiuye.employers.services import uscc_normalise
from jiuye.employers.uscc_columnar import uscc_check
from jiuye.imports.columnar import vectorized
from jiuye.imports.columns import (
    WHOLE_NUMBER_MAX,
    Accepts,
    Column,
    accepting,
    ascii_digits,
    choice,
    date,
    date_check,
    plain,
    region_code,
    text,
    whole_number_value,
)
from jiuye.imports.kinds import ImportContext, ImportKind, register_kind
from jiuye.imports.readers import Cell, cell_text
from jiuye.imports.results import Outcome
from jiuye.monitoring import qc
from jiuye.monitoring.enums import ReductionReason, reduction_field
from jiuye.monitoring.perms import can_manage_monitoring, can_submit_report
from jiuye.monitoring.report_batch import (
    PanelEntry,
    PeriodHistory,
    ReportWrite,
    panel_entries_of,
    period_histories,
    report_line_decide,
    report_writes_save,
)
from jiuye.monitoring.services import enterprise_enrol
from jiuye.reference.enums import DataSource, IndustryLevel
from jiuye.reference.models import Industry

IMPORT_REASON = "批量导入"
IN_SCOPE = "monitoring_in_scope"  # whether the importing officer may see a region, by region code, for the import
QC_LIMITS = "monitoring_qc_limits"  # the key of the quality control's limits, read once an import
REASON_FIELDS = [(reason, reduction_field(reason)) for reason in ReductionReason.values]
# The counts the whole-column form takes as they are (up to WHOLE_NUMBER_MAX); any other cell (12.0, full-width
# digits, a word, a number too big) goes to `count`, which says why.
COUNT_DIGITS = r"^[0-9]{1,10}$"


def count_check(written: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    number = written.cast(pl.Int64, strict=False)
    return number, written.str.contains(COUNT_DIGITS) & (number <= WHOLE_NUMBER_MAX)


@vectorized(uscc_check)
@accepting(Accepts(rule=gettext_lazy("18位数字和大写字母，末位为校验码（须正确）；小写字母和空格可以")))
def uscc(value: Cell) -> str:
    return uscc_normalise(plain(value).upper())


@vectorized(count_check)
@accepting(Accepts(rule=gettext_lazy("不小于0的整数（人）；空为0")))
def count(value: Cell) -> int:
    """A count of people: a whole number, not negative."""
    number = whole_number_value(plain(value))
    if number is None:
        raise ValidationError(_("“%(value)s”不是人数：应为不小于0的整数") % {"value": cell_text(value)})
    return number


def period_check(written: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """`period` for a column: the dates `date_check` accepts, as their months."""
    value, accepted = date_check(written)
    return value.dt.strftime("%Y-%m"), accepted


@vectorized(period_check)
@accepting(
    Accepts(
        rule=gettext_lazy(
            "调查月份，写作2026-10、2026/10、2026年10月，或该月中任一日期（2026-10-31、Excel日期单元格）"
        )
    )
)
def period(value: Cell) -> str:
    """调查期 as YYYY-MM: `2026-10`, `2026年10月`, or a date cell."""
    return date(value).strftime("%Y-%m")


@accepting(Accepts(rule=gettext_lazy("2位数字，国民经济行业分类（GB/T 4754-2017）的大类代码，如13、36")))
def industry_division(value: Cell) -> str:
    written = plain(value)
    if len(written) != 2 or not ascii_digits(written):
        raise ValidationError(_("行业代码应为2位国民经济行业大类代码，“%(value)s”不是") % {"value": cell_text(value)})
    return written


COLUMNS = (
    Column(
        "统一社会信用代码", "uscc", uscc, required=True,
        note=gettext_lazy("监测企业的统一社会信用代码；企业须在监测名单中（初次建档的除外），且在您的管辖范围内"),
    ),
    Column("企业名称", "name", text(128), required=True, aliases=("单位名称",), note=gettext_lazy("企业全称")),
    Column("行业代码", "industry", industry_division, note=gettext_lazy("初次建档且系统中没有该企业时必填")),
    Column(
        "所在区划代码", "region", region_code,
        note=gettext_lazy("企业所在地，至少到县（市、区）；初次建档且系统中没有该企业时必填"),
    ),
    Column("调查期", "period", period, required=True, note=gettext_lazy("本行报告的月份")),
    Column(
        "建档期岗位数", "baseline_headcount", count,
        note=gettext_lazy("初次建档时的岗位数：初次建档必填，已建档的企业可不填，填写时须与建档时一致"),
    ),
    Column("上期岗位数", "previous_headcount", count, required=True, note=gettext_lazy("上个调查期末的岗位数")),
    Column("调查期岗位数", "current_headcount", count, required=True, note=gettext_lazy("本调查期末的岗位数")),
    Column("新增人数", "added", count, note=gettext_lazy("本期新增的岗位数")),
    *(
        Column(
            f"减少人数({reason.label})", reduction_field(reason.value), count,
            note=format_lazy(gettext_lazy("本期因“{reason}”减少的岗位数"), reason=reason.label),
        )
        for reason in ReductionReason
    ),
    Column("待岗人数", "standby", count, note=gettext_lazy("调查期末待岗的人数")),
    Column("放长假人数", "long_leave", count, note=gettext_lazy("调查期末放长假的人数")),
    Column(
        "备注", "note", text(500),
        note=gettext_lazy("岗位变化被质量控制提示异常时，在此说明原因（填写即视为核实确认）"),
    ),
    # Not in the national form; read when present, for employers created by --enrol.
    Column("经济类型", "ownership", choice(Ownership), note=gettext_lazy("初次建档新建企业时用，可不填")),
    Column("企业规模", "size_class", choice(SizeClass), note=gettext_lazy("初次建档新建企业时用，可不填")),
)  # fmt: skip


@dataclass
class _Chunk:
    """What a chunk's rows are checked against, fetched in a few queries: their employers, open enrolments and
    report histories."""

    employers: dict[str, tuple[int, str, str]]  # (pk, name, region code) by unified social credit code
    out_of_scope: set[str]  # the codes of the employers outside the importing officer's region
    entries: dict[int, PanelEntry]  # open enrolments, by employer pk
    histories: dict[tuple[int, str], PeriodHistory]  # by (enterprise pk, period)
    limits: qc.QcLimits


def monitoring_chunk_save(context: ImportContext, rows: list[dict], *, enrol: bool) -> list[Outcome | ValidationError]:
    """A chunk of reports, each checked as `report_submit` checks it, written together; with `enrol`, an
    enterprise not in the panel is enrolled from its row first (初次建档). The officer's permission to submit is
    checked once a chunk, the quality control's limits read once an import."""
    return _chunk_save(context, rows, enrol=enrol)


def _chunk_save(context: ImportContext, rows: list[dict], *, enrol: bool) -> list[Outcome | ValidationError]:
    chunk = _chunk_fetch(context, rows)
    may_submit = can_submit_report(context.user)
    outcomes: list[Outcome | ValidationError] = []
    writes: list[ReportWrite] = []
    for row in rows:
        try:
            if enrol and not _in_panel(chunk.employers, chunk.entries, row):
                write = _enrolled_report(context, chunk, row, may_submit=may_submit)
                outcome = Outcome(created=True)
            else:
                write = _report(context, chunk, row, may_submit=may_submit)
                outcome = write.outcome if write is not None else Outcome()
        except ValidationError as error:
            outcomes.append(error)
            continue
        if write is not None:
            writes.append(write)
        outcomes.append(outcome)
    report_writes_save(actor=context.user, writes=writes, reason=IMPORT_REASON)
    return outcomes


def _chunk_fetch(context: ImportContext, rows: list[dict]) -> _Chunk:
    """Three queries a chunk instead of some ten a row: the open enrolments by their employers' codes (and the
    employers of the codes not in the panel, when there are), then the histories. Scope is checked once a region."""
    usccs = {row["uscc"] for row in rows}
    employers, entries = {}, {}
    for pk, employer, uscc, name, region, baseline_period, baseline, left_on in panel_entries_of(usccs):
        employers[uscc] = (employer, name, region)
        entries[employer] = PanelEntry(pk, employer, name, region, baseline_period, baseline, left_on)
    if missing := usccs - employers.keys():
        for pk, uscc, name, region in Employer.objects.filter(uscc__in=missing).values_list(
            "pk", "uscc", "name", "region_id"
        ):
            employers[uscc] = (pk, name, region)
    in_scope = context.cache.setdefault(IN_SCOPE, {})
    for _pk, _name, region in employers.values():
        if region not in in_scope:
            in_scope[region] = can_view_region(context.user, region)
    out_of_scope = {uscc for uscc, (_pk, _name, region) in employers.items() if not in_scope[region]}
    if QC_LIMITS not in context.cache:
        context.cache[QC_LIMITS] = qc.qc_limits()
    limits = context.cache[QC_LIMITS]
    floor = limits.implausible_floor
    larger = {
        entries[employers[row["uscc"]][0]].pk
        for row in rows
        if abs(row["current_headcount"] - row["previous_headcount"]) > floor and _in_panel(employers, entries, row)
    }
    periods = {row["period"] for row in rows}
    histories = period_histories(entries=list(entries.values()), periods=periods, changes_for=larger)
    return _Chunk(employers, out_of_scope, entries, histories, limits)


def _in_panel(employers: dict, entries: dict, row: dict) -> bool:
    employer = employers.get(row["uscc"])
    return employer is not None and employer[0] in entries


def _report(context: ImportContext, chunk: _Chunk, row: dict, *, may_submit: bool) -> ReportWrite | None:
    """The report of an enterprise in the panel, or the reason it is refused."""
    employer = chunk.employers.get(row["uscc"])
    if row["uscc"] in chunk.out_of_scope:
        raise ValidationError({"uscc": _("该企业不在您的管辖范围内")})
    entry = chunk.entries.get(employer[0]) if employer is not None else None
    if entry is None:
        raise ValidationError(
            {"uscc": _("该企业不在监测企业名单中；如为新纳入监测的企业，请用 --enrol 导入（初次建档）")}
        )
    if row["baseline_headcount"] is not None and row["baseline_headcount"] != entry.baseline_headcount:
        raise ValidationError(
            {"baseline_headcount": _("建档期岗位数与建档时登记的%(count)d不符") % {"count": entry.baseline_headcount}}
        )
    # Its region is the officer's: the scope of the employer found was checked above.
    if not may_submit:
        raise ValidationError(_("该企业不在您的管辖范围内。"))
    return _decide(chunk, entry, row, chunk.histories.get((entry.pk, row["period"]), PeriodHistory()), context.today)


def _decide(chunk: _Chunk, entry: PanelEntry, row: dict, history: PeriodHistory, today) -> ReportWrite | None:
    return report_line_decide(
        entry=entry, period=row["period"], figures=_figures(row), note=row["note"] or "", reason=IMPORT_REASON,
        confirmed=bool(row["note"]), history=history, limits=chunk.limits, today=today,
    )  # fmt: skip


def _enrolled_report(context: ImportContext, chunk: _Chunk, row: dict, *, may_submit: bool) -> ReportWrite:
    """初次建档 of an enterprise not in the panel, and its first report. Rare, so row by row, in a savepoint: a
    report refused after its enrolment leaves neither the enrolment nor a new employer behind."""
    if row["uscc"] in chunk.out_of_scope:
        raise ValidationError({"uscc": _("该企业不在您的管辖范围内")})
    if row["baseline_headcount"] is None:
        raise ValidationError({"baseline_headcount": _("初次建档须填写建档期岗位数")})
    with transaction.atomic():
        known = chunk.employers.get(row["uscc"])
        employer = Employer.objects.get(pk=known[0]) if known is not None else _employer_create(context, row)
        try:
            enterprise = enterprise_enrol(
                actor=context.user,
                employer=employer,
                baseline_period=row["period"],
                baseline_headcount=row["baseline_headcount"],
                entered_on=context.today,
            )
            if not may_submit:
                raise PermissionDenied(_("该企业不在您的管辖范围内。"))
        except PermissionDenied as error:
            raise ValidationError(str(error)) from error
        entry = PanelEntry(
            enterprise.pk, employer.pk, employer.name, employer.region_id, enterprise.baseline_period,
            enterprise.baseline_headcount,
        )  # fmt: skip
        return _decide(chunk, entry, row, PeriodHistory(), context.today)


def _figures(row: dict) -> qc.Figures:
    return qc.Figures(
        previous_headcount=row["previous_headcount"],
        current_headcount=row["current_headcount"],
        added=row["added"] or 0,
        reductions={reason: row[field] or 0 for reason, field in REASON_FIELDS},
        standby=row["standby"] or 0,
        long_leave=row["long_leave"] or 0,
    )


def _employer_create(context: ImportContext, row: dict) -> Employer:
    """An employer unknown to jiuye, from its row: county, industry division and name as the row gives them;
    ownership and size class only when the row has them (blank: not known)."""
    errors = {}
    code = row["region"] or ""
    if len(code) < len("140105"):
        errors["region"] = _("新建企业须填写所在区划代码，至少精确到县（市、区）")
    elif not can_view_region(context.user, code):
        errors["region"] = _("所在区划“%(code)s”不在您的管辖范围内") % {"code": code}
    industry = Industry.objects.filter(code=row["industry"] or "", level=IndustryLevel.DIVISION).first()
    if industry is None:
        errors["industry"] = _("新建企业须填写有效的行业大类代码（2位）")
    if errors:
        raise ValidationError(errors)
    try:
        region = context.regions.by_code(code)
    except ValidationError as error:
        raise ValidationError({"region": error.messages}) from error
    employer = Employer.objects.create(
        uscc=row["uscc"],
        name=row["name"],
        industry=industry,
        region=region,
        ownership=row["ownership"] or "",
        size_class=row["size_class"] or "",
        headcount=row["current_headcount"],
        source=DataSource.IMPORT,
    )
    audit_record(
        user=context.user,
        action=AuditAction.CREATE,
        target=employer,
        region_code=region.code,
        summary=_("监测企业初次建档时新建用人单位：%(name)s") % {"name": employer.name},
    )
    return employer


MONITORING_GUIDE = (
    gettext_lazy("每行一家企业一个调查期：同一文件中同一统一社会信用代码只能出现一次；再次导入相同的数字不做改动。"),
    gettext_lazy("各项人数空为0；上期岗位数 + 新增人数 − 各项减少人数应等于调查期岗位数。"),
)


# The tables a month's file writes, analysed after a big import (`ImportKind.tables`).
REPORT_TABLES = ("monitoring.MonthlyReport", "monitoring.ReportRevision", "audit.AuditEvent")
MONITORING_REPORT = register_kind(
    ImportKind(
        code="monitoring_report",
        label=gettext_lazy("监测企业月报"),
        columns=COLUMNS,
        save_chunk=partial(monitoring_chunk_save, enrol=False),
        can_run=can_manage_monitoring,
        duplicate_key="uscc",
        guide=MONITORING_GUIDE,
        tables=REPORT_TABLES,
    )
)
MONITORING_REPORT_ENROL = register_kind(
    ImportKind(
        code="monitoring_report_enrol",
        label=gettext_lazy("监测企业月报（含初次建档）"),
        columns=COLUMNS,
        save_chunk=partial(monitoring_chunk_save, enrol=True),
        can_run=can_manage_monitoring,
        duplicate_key="uscc",
        guide=MONITORING_GUIDE,
        tables=(*REPORT_TABLES, "employers.Employer", "monitoring.MonitoredEnterprise"),
    )
)

"""Monitoring benchmark (issue 5): 100,000 monitored enterprises x 36 months. Import one month's file, aggregate
every level and evaluate all warnings; print each step's time and peak memory.

Setup (timed, not one of the steps): the enterprises (employers with checksum-valid codes, spread over Shanxi's
counties by the demo's industry, ownership and size mix) and 35 months of accepted reports, inserted in bulk
(`executemany`, no model instances, no revisions). Then:

1. the 36th month's .xlsx (the issue's columns, openpyxl write-only) imported with --commit through `import_run`,
   as `manage.py monitoring_import FILE --commit` does. A few rows are planted: economic layoffs (with a note, as
   the quality control asks) and identity errors (rejected, one in 2,000). The import's figures are printed beside
   their anchors, measured in the same run on the same file: python-calamine's parse of it (rows as Python values,
   nothing checked) and the same columns written into a bare table with no index (`COPY` through psycopg's
   `cursor.copy` on PostgreSQL, `executemany` on SQLite): the floors of reading and of writing. The import's time
   in the kind's `save_chunk` (deciding and writing, queries included) is printed apart from the rest (reading,
   parsing and checking the cells), so that the figures say where the time goes;
2. the same month revised: a second file where REVISED_SHARE of the reports change (a standby count corrected),
   the identity errors are corrected (new reports) and every other row is as before (unchanged);
3. `report_rows` for a province user, aggregated by every level (`aggregates.GROUPINGS`);
4. `warnings_store` for the province, as `manage.py monitoring_warnings --commit` does.

Sizes: BENCH_MONITORING_ENTERPRISES (default 100000) and BENCH_MONITORING_MONTHS (default 36). Steps 2 and 3 are
run again under tracemalloc for their Python peak (`measure.py`); step 1 is not repeated (a second import of the
same file is another path: every row unchanged), set BENCH_TRACEMALLOC=1 to time it under tracemalloc instead.
Run alone: `BENCH_ONLY=monitoring make bench`, or small:
`BENCH_ONLY=monitoring BENCH_MONITORING_ENTERPRISES=5000 .venv/bin/python -m benchmarks`.
"""

import datetime
import os
import time
from dataclasses import replace
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from benchmarks.measure import mb, measured, report
from jiuye.accounts.actors import SystemActor
from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.accounts.services import org_unit_get_or_create, user_create
from jiuye.core.db import values_insert
from jiuye.employers.demo import INDUSTRY_MIX, OWNERSHIP_WEIGHTS, demo_uscc
from jiuye.employers.enums import SizeClass
from jiuye.employers.models import Employer
from jiuye.imports import kinds
from jiuye.imports.services import import_run
from jiuye.monitoring import qc
from jiuye.monitoring.aggregates import GROUPINGS, aggregate
from jiuye.monitoring.enums import REDUCTION_FIELDS, ReductionReason, ReportStatus, WarningScope
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport, ReportRevision, Warning
from jiuye.monitoring.selectors import report_rows
from jiuye.monitoring.warning_followup import warnings_store
from jiuye.monitoring.warning_service import warnings_evaluate
from jiuye.reference.enums import DataSource, RegionLevel
from jiuye.reference.models import Region
from jiuye.reference.services import reference_load

ENTERPRISES = int(os.environ.get("BENCH_MONITORING_ENTERPRISES", "100000"))
MONTHS = max(2, int(os.environ.get("BENCH_MONITORING_MONTHS", "36")))
TRACEMALLOC_IMPORT = os.environ.get("BENCH_TRACEMALLOC") == "1"
LAST_PERIOD = "2026-10"
USERNAME = "bench_monitoring"
NAME_PREFIX = "基准监测"  # every employer the benchmark makes, so that a re-run on DATABASE_URL can remove them
USCC_SERIAL = 60_000_000  # demo employers use 10,000,000 on
BATCH = 5000
SEED = 20261027
LAYOFF_SHARE = 0.003
IDENTITY_ERROR_EVERY = 2000
REVISED_SHARE = 0.02
NIGHTLY = SystemActor(job="预警评估（基准）")  # as `manage.py monitoring_warnings` runs it
BARE_TABLE = "bench_monitoring_bare"
HEADER = [
    "统一社会信用代码", "企业名称", "行业代码", "所在区划代码", "调查期", "建档期岗位数", "上期岗位数", "调查期岗位数",
    "新增人数", *(f"减少人数({reason.label})" for reason in ReductionReason), "待岗人数", "放长假人数", "备注",
]  # fmt: skip
REPORT_COLUMNS = (
    "enterprise_id", "period", "status", "previous_headcount", "current_headcount", "added", *REDUCTION_FIELDS,
    "standby", "long_leave", "note", "submitted_by_id", "submitted_at", "late", "return_reason",
)  # fmt: skip
REASON_INDEX = {reason: index for index, reason in enumerate(ReductionReason.values)}


def periods(months: int = MONTHS) -> list[str]:
    """The last `months` periods up to LAST_PERIOD, oldest first."""
    result = [LAST_PERIOD]
    while len(result) < months:
        result.append(qc.previous_period(result[-1]))
    return result[::-1]


class Panel:
    """The synthetic panel's state as arrays, one entry per enterprise, advanced a month at a time (seeded)."""

    def __init__(self, size: int, rng: np.random.Generator) -> None:
        self.rng = rng
        divisions = list(INDUSTRY_MIX)
        weights = np.array([INDUSTRY_MIX[code][0] for code in divisions], dtype=float)
        self.division = rng.choice(divisions, size=size, p=weights / weights.sum())
        medians = np.array([INDUSTRY_MIX[code][2] for code in self.division], dtype=float)
        self.headcount = np.maximum(1, np.round(medians * rng.lognormal(0.0, 0.9, size=size))).astype(np.int64)
        self.baseline = self.headcount.copy()
        self.changes: list[np.ndarray] = []

    def month(self) -> dict[str, np.ndarray]:
        """One month's figures; reductions as an (enterprises, 7) array in `ReductionReason` order."""
        rng, headcount = self.rng, self.headcount
        reductions = np.zeros((headcount.size, len(REASON_INDEX)), dtype=np.int64)
        left = headcount.copy()
        for reason, rate in (("natural_attrition", 0.005), ("contract_expiry", 0.004), ("other", 0.002)):
            taken = np.minimum(rng.binomial(headcount, rate), left)
            reductions[:, REASON_INDEX[reason]] = taken
            left -= taken
        added = rng.poisson(np.maximum(headcount, 5) * 0.011)
        current = headcount + added - reductions.sum(axis=1)
        standby = np.where(rng.random(headcount.size) < 0.15, rng.binomial(current, 0.02), 0)
        long_leave = np.where(rng.random(headcount.size) < 0.08, rng.binomial(current - standby, 0.02), 0)
        return {"previous": headcount, "current": current, "added": added, "reductions": reductions,
                "standby": standby, "long_leave": long_leave}  # fmt: skip

    def advance(self, figures: dict[str, np.ndarray]) -> None:
        self.changes.append(figures["current"] - figures["previous"])
        self.headcount = figures["current"]


def bench_monitoring() -> None:
    months = periods()
    rng = np.random.default_rng(SEED)
    with measured() as setup:
        user = _database_ready()
        enterprise_ids, panel = _panel_create(rng)
        for period in months[:-1]:
            figures = panel.month()
            _reports_insert(enterprise_ids, period, figures, user)
            panel.advance(figures)
    report("monitoring setup", enterprises=len(enterprise_ids), months=len(months),
           reports=MonthlyReport.objects.count(), **setup.figures())  # fmt: skip

    (settings.VAR_DIR / "bench").mkdir(parents=True, exist_ok=True)
    path = settings.VAR_DIR / "bench" / f"monitoring_{months[-1]}_{len(enterprise_ids)}.xlsx"
    with measured() as writing:
        rows = _month_file(path, months[-1], panel)
    report("monitoring file", rows=rows, mb=mb(path.stat().st_size), **writing.figures())
    parsed = _bench_parse(path)
    _bench_bare_write(parsed)
    del parsed
    _bench_import(user, path, rows, "monitoring import --commit")
    revised = path.with_name(f"monitoring_{months[-1]}_{len(enterprise_ids)}_revised.xlsx")
    changed = _month_revised(path, revised)
    report("monitoring revised file", rows=rows, revised_rows=changed, mb=mb(revised.stat().st_size))
    _bench_import(user, revised, rows, "monitoring import revised month --commit")
    _bench_aggregates(user, months[-1])
    _bench_warnings(months[-1])


def _database_ready() -> User:
    """Migrated, reference data loaded, a province caseworker; the benchmark's own rows of an earlier run removed."""
    call_command("migrate", verbosity=0)
    if not Region.objects.filter(code="14").exists():
        reference_load()
    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        province = Region.objects.get(code="14")
        org_unit = org_unit_get_or_create(region=province, name="山西省人力资源和社会保障厅")
        user = user_create(username=USERNAME, password=os.urandom(16).hex(), org_unit=org_unit,
                           roles=[Role.CASEWORKER, Role.ANALYST], full_name="监测基准")  # fmt: skip
    employers = Employer.objects.filter(name__startswith=NAME_PREFIX)
    if employers.exists():
        usccs = employers.values("uscc")
        Warning.objects.filter(scope=WarningScope.ENTERPRISE, subject__in=usccs).delete()  # with their notes
        ReportRevision.objects.filter(report__enterprise__employer__in=employers)._raw_delete(connection.alias)
        MonthlyReport.objects.filter(enterprise__employer__in=employers)._raw_delete(connection.alias)
        MonitoredEnterprise.objects.filter(employer__in=employers)._raw_delete(connection.alias)
        employers._raw_delete(connection.alias)
    return user


def _panel_create(rng: np.random.Generator) -> tuple[list[int], Panel]:
    panel = Panel(ENTERPRISES, rng)
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code").values_list("code", flat=True))
    county = rng.choice(counties, size=ENTERPRISES)
    ownerships = list(OWNERSHIP_WEIGHTS)
    weights = np.array([OWNERSHIP_WEIGHTS[code] for code in ownerships], dtype=float)
    ownership = rng.choice(ownerships, size=ENTERPRISES, p=weights / weights.sum())
    sizes = np.select(
        [panel.headcount >= 1000, panel.headcount >= 300, panel.headcount >= 20],
        [SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL],
        SizeClass.MICRO,
    )
    words = [INDUSTRY_MIX[code][1] for code in panel.division]
    employers = [
        Employer(uscc=demo_uscc(county[i], USCC_SERIAL + i), name=f"{NAME_PREFIX}{i:06d}{words[i]}有限公司",
                 industry_id=panel.division[i], region_id=county[i], ownership=ownership[i], size_class=sizes[i],
                 headcount=int(panel.headcount[i]), source=DataSource.IMPORT)
        for i in range(ENTERPRISES)
    ]  # fmt: skip
    baseline = periods()[0]
    entered_on = datetime.date(int(baseline[:4]), int(baseline[5:]), 1)
    with transaction.atomic():
        Employer.objects.bulk_create(employers, batch_size=BATCH)
        enterprises = [
            MonitoredEnterprise(employer=employer, baseline_period=baseline, baseline_headcount=employer.headcount,
                                entered_on=entered_on)
            for employer in employers
        ]  # fmt: skip
        MonitoredEnterprise.objects.bulk_create(enterprises, batch_size=BATCH)
    return [enterprise.pk for enterprise in enterprises], panel


def _reports_insert(enterprise_ids: list[int], period: str, figures: dict, user: User) -> None:
    """One period's accepted reports, inserted with `executemany` (`jiuye.core.db.values_insert`)."""
    deadline = qc.period_deadline(period)
    submitted = datetime.datetime(deadline.year, deadline.month, 5, 9, tzinfo=ZoneInfo(settings.TIME_ZONE))
    submitted_at = connection.ops.adapt_datetimefield_value(submitted)
    counts = np.column_stack(
        [figures["previous"], figures["current"], figures["added"], figures["reductions"], figures["standby"],
         figures["long_leave"]]
    ).tolist()  # fmt: skip
    fixed_head = (period, ReportStatus.ACCEPTED)
    fixed_tail = ("", user.pk, submitted_at, False, "")
    rows = [(pk, *fixed_head, *row, *fixed_tail) for pk, row in zip(enterprise_ids, counts, strict=True)]
    with transaction.atomic():
        values_insert(MonthlyReport, REPORT_COLUMNS, rows, batch_size=BATCH)


def _month_file(path, period: str, panel: Panel) -> int:
    """The last month as an officer's file: layoffs planted (noted), changes the quality control questions noted,
    one row in IDENTITY_ERROR_EVERY with a wrong current headcount."""
    figures = panel.month()
    size = panel.headcount.size
    layoff = panel.rng.random(size) < LAYOFF_SHARE
    cut = np.minimum(np.maximum(20, figures["previous"] // 4), figures["current"]) * layoff
    figures["reductions"][:, REASON_INDEX["economic_layoff"]] += cut
    figures["current"] = figures["current"] - cut
    change = figures["current"] - figures["previous"]
    typical = np.median(np.abs(np.column_stack(panel.changes)), axis=1)
    limits = qc.qc_limits()
    questioned = np.abs(change) > np.maximum(limits.implausible_floor, limits.implausible_factor * typical)
    wrong = np.arange(size) % IDENTITY_ERROR_EVERY == IDENTITY_ERROR_EVERY - 1
    employers = Employer.objects.filter(name__startswith=NAME_PREFIX).order_by("pk")  # the panel's order
    codes = employers.values_list("uscc", "name", "industry_id", "region_id")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("监测企业月报")
    sheet.append(HEADER)
    for i, (uscc, name, industry, region) in enumerate(codes.iterator()):
        note = "经济性裁员，已向人社部门报告" if layoff[i] else ("用工变动，已核实" if questioned[i] else "")
        sheet.append([
            uscc, name, industry, region, period, int(panel.baseline[i]), int(figures["previous"][i]),
            int(figures["current"][i]) + int(wrong[i]), int(figures["added"][i]), *figures["reductions"][i].tolist(),
            int(figures["standby"][i]), int(figures["long_leave"][i]), note,
        ])  # fmt: skip
    workbook.save(path)
    return size


def _month_revised(path, revised) -> int:
    """The month's file as corrected: REVISED_SHARE of the rows with one more on standby (a revision each), the
    rows with an identity error corrected (new reports), the others as they were (unchanged). Returns how many
    rows of the reports already in change."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    header, body = rows[0], rows[1:]
    at = {name: header.index(name) for name in ("上期岗位数", "调查期岗位数", "新增人数", "待岗人数")}
    reductions = [index for index, name in enumerate(header) if name.startswith("减少人数")]
    rng = np.random.default_rng(SEED + 1)
    revise = rng.random(len(body)) < REVISED_SHARE
    changed = 0
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("监测企业月报")
    sheet.append(header)
    for i, row in enumerate(body):
        row = [int(cell) if isinstance(cell, float) else cell for cell in row]
        expected = row[at["上期岗位数"]] + row[at["新增人数"]] - sum(row[index] for index in reductions)
        if row[at["调查期岗位数"]] != expected:
            row[at["调查期岗位数"]] = expected
        elif revise[i]:
            row[at["待岗人数"]] += 1
            changed += 1
        sheet.append(row)
    workbook.save(revised)
    return changed


def _bench_parse(path) -> list[list]:
    """The reading floor: python-calamine's rows of the file, as Python values, nothing checked."""
    with measured() as step:
        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    body = rows[1:]
    report("monitoring anchor: calamine parse", rows=len(body), rows_per_second=f"{len(body) / step.seconds:,.0f}",
           **step.figures())  # fmt: skip
    return body


def _bench_bare_write(body: list[list]) -> None:
    """The writing floor: the file's columns into a bare table without index or constraint, in one transaction,
    with `COPY` on PostgreSQL (psycopg's `cursor.copy`) and `executemany` on SQLite."""
    texts = {0, 1, 2, 3, 4, len(HEADER) - 1}
    columns = ", ".join(f"c{i} {'text' if i in texts else 'integer'}" for i in range(len(HEADER)))
    # A blank count is 0, as the import takes it.
    rows = [[str(cell) if i in texts else int(cell or 0) for i, cell in enumerate(row)] for row in body]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {BARE_TABLE}")
        cursor.execute(f"CREATE TABLE {BARE_TABLE} ({columns})")
    names = ", ".join(f"c{i}" for i in range(len(HEADER)))
    with measured() as step, transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {BARE_TABLE} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(HEADER))
            cursor.executemany(f"INSERT INTO {BARE_TABLE} ({names}) VALUES ({marks})", rows)  # noqa: S608
    how = "COPY" if connection.vendor == "postgresql" else "executemany"
    report(f"monitoring anchor: bare table {how}", rows=len(rows), rows_per_second=f"{len(rows) / step.seconds:,.0f}",
           **step.figures())  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {BARE_TABLE}")


def _bench_import(user: User, path, rows: int, name: str) -> None:
    """The import as `monitoring_import --commit` runs it, and apart from it the time in the kind's `save_chunk`
    (deciding and writing the reports, revisions and audit events) and the time of the rest (reading the file,
    parsing and checking its cells, the errors file)."""
    kind = kinds.get_kind("monitoring_report")
    writing = {"seconds": 0.0, "cpu_seconds": 0.0}

    def timed_save_chunk(context, chunk):
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            return kind.save_chunk(context, chunk)
        finally:
            writing["seconds"] += time.perf_counter() - started
            writing["cpu_seconds"] += time.process_time() - cpu_started

    kinds._KINDS[kind.code] = replace(kind, save_chunk=timed_save_chunk)
    try:
        with measured(python_memory=TRACEMALLOC_IMPORT) as step:
            record, _result = import_run(
                user=user, kind="monitoring_report", path=path, file_name=path.name, dry_run=False
            )
    finally:
        kinds._KINDS[kind.code] = kind
    report(name, rows=rows, rows_per_second=f"{rows / step.seconds:,.0f}",
           rows_per_cpu_second=f"{rows / step.cpu_seconds:,.0f}", **step.figures(), created=record.created,
           updated=record.updated, unchanged=record.unchanged, rejected=record.rejected,
           save_chunk_seconds=f"{writing['seconds']:.1f}", save_chunk_cpu_seconds=f"{writing['cpu_seconds']:.1f}",
           save_chunk_rows_per_second=f"{rows / writing['seconds']:,.0f}",
           rest_seconds=f"{step.seconds - writing['seconds']:.1f}")  # fmt: skip


def _aggregates(user: User, period: str) -> dict[str, object]:
    started = time.perf_counter()
    rows = report_rows(user=user, period=period)
    read = time.perf_counter() - started
    groups = {f"{by}_groups": len(aggregate(rows, by)) for by in GROUPINGS}
    return {"report_rows_seconds": f"{read:.1f}", "rows": len(rows), **groups}


def _bench_aggregates(user: User, period: str) -> None:
    with measured() as step:
        figures = _aggregates(user, period)
    with measured(python_memory=True) as traced:
        _aggregates(user, period)
    report("monitoring aggregates", **step.figures(), python_peak_mb=f"{traced.python_peak_mb:.0f}", **figures)


def _bench_warnings(period: str) -> None:
    with measured() as step:
        result, stored = warnings_store(actor=NIGHTLY, period=period, region_code="14")
    with measured(python_memory=True) as traced:
        warnings_evaluate(period=period, region_code="14")
    report("monitoring warnings --commit", **step.figures(), python_peak_mb=f"{traced.python_peak_mb:.0f}",
           enterprise_warnings=len(result.enterprises), region_warnings=len(result.regions),
           industry_warnings=len(result.industries), stored=len(stored))  # fmt: skip


BENCHMARKS = [bench_monitoring]

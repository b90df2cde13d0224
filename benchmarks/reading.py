"""Reading and checking benchmark (issue 14): how fast the import engine reads and checks a file, beside what the
readers alone can do, in the same run.

- The 100,000-row unplaced-graduate register that `benchmarks.imports` builds (BENCH_IMPORT_ROWS to change):
  python-calamine's bare parse (the anchor: every cell of every row, nothing else), openpyxl's read-only parse (the
  reader imports used before), and the engine's read and check (`open_table`, header mapping, the whole-column
  checks and the duplicates inside the file: everything of a dry run but the kind's own decisions and writes), each
  as rows/s and as a ratio to the anchor.
- A month of survey microdata, 1,000,000 records (BENCH_MICRODATA_ROWS to change), imported end to end with
  `survey_period_import --commit` (read, check, write the records, compute the month's estimates), beside polars'
  bare `read_csv` of the same file and the bare bulk insert of the same columns into a table of their own (`COPY`
  on PostgreSQL, `executemany` on SQLite): the floor. Peak memory of each step.

Only the region table is needed (`reference_load`), not the demo province: run it alone with
`BENCH_ONLY=reading make bench`.
"""

import os

import numpy as np
import polars as pl
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from benchmarks.imports import build_register
from benchmarks.measure import mb, measured, report
from jiuye.imports.kinds import get_kind
from jiuye.imports.readers import open_table
from jiuye.imports.results import ImportResult
from jiuye.imports.services import _duplicate_check, columns_map, parsed_chunks

REGISTER_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))


def regions_ensure() -> None:
    """The schema and the reference tables (regions), without the demo province."""
    from jiuye.reference.models import Region
    from jiuye.reference.services import reference_load

    if "reference_region" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        reference_load()


def bench_dir():
    path = settings.VAR_DIR / "bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


def calamine_parse(path) -> int:
    with CalamineWorkbook.from_path(path) as workbook:
        return sum(1 for _row in workbook.get_sheet_by_index(0).iter_rows()) - 1


def openpyxl_parse(path) -> int:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True)) - 1
    finally:
        workbook.close()


def engine_check(path, kind_code: str = "unplaced_graduate") -> tuple[int, int]:
    """The parse side of `import_run`: rows read and checked, and how many the checks rejected."""
    kind = get_kind(kind_code)
    result = ImportResult()
    seen: dict = {}
    rows = rejected = 0
    with open_table(path, known_headers=kind.known_headers) as table:
        columns = columns_map(kind, table.header, result)
        for _read, parsed in parsed_chunks(kind, columns, table.rows):
            for number, cells, values, errors in parsed:
                _duplicate_check(kind, columns, number, cells, values, errors, seen)
                rows += 1
                rejected += bool(errors)
    return rows, rejected


def bench_register_reading() -> None:
    regions_ensure()
    path = bench_dir() / f"unplaced_graduates_{REGISTER_ROWS}.xlsx"
    if not path.exists():
        build_register(path, REGISTER_ROWS)
    report("reading file", rows=REGISTER_ROWS, mb=mb(path.stat().st_size), database=connection.vendor)
    with measured() as anchor:
        rows = calamine_parse(path)
    anchor_rate = rows / anchor.seconds
    report("calamine parse (anchor)", rows=rows, rows_per_second=f"{anchor_rate:,.0f}", **anchor.figures())
    for name, step in (("openpyxl read-only parse", openpyxl_parse), ("engine read+check", engine_check)):
        with measured() as measurement:
            outcome = step(path)
        rows = outcome[0] if isinstance(outcome, tuple) else outcome
        rate = rows / measurement.seconds
        extra = {"rejected": outcome[1]} if isinstance(outcome, tuple) else {}
        report(name, rows=rows, rows_per_second=f"{rate:,.0f}", of_anchor=f"{rate / anchor_rate:.2f}",
               **extra, **measurement.figures())  # fmt: skip


MICRODATA_ROWS = int(os.environ.get("BENCH_MICRODATA_ROWS", "1000000"))
MICRODATA_SEED = 20261001
BENCH_MONTH = "2026-10"


def build_microdata(path, rows: int) -> None:
    """A month as the survey office delivers it (a plain CSV, `jiuye.lfs.demo.CSV_HEADER`): persons in households of
    three, 200 strata of 25 PSUs, the province's counties, answers consistent enough to be estimated."""
    from jiuye.lfs.demo import CSV_HEADER
    from jiuye.reference.enums import RegionLevel
    from jiuye.reference.models import Region

    rng = np.random.default_rng(MICRODATA_SEED)
    counties = np.array(
        Region.objects.filter(level=RegionLevel.COUNTY).order_by("code").values_list("code", flat=True)
    )
    stratum = rng.integers(0, 200, rows)
    searched = rng.random(rows) < 0.1
    columns = {
        "person_id": pl.select(pl.format("p{}", pl.int_range(rows))).to_series(),
        "household_id": pl.select(pl.format("h{}", pl.int_range(rows) // 3)).to_series(),
        "stratum": pl.Series(stratum).cast(pl.String),
        "psu": pl.Series(stratum * 25 + rng.integers(0, 25, rows)).cast(pl.String),
        "weight": np.round(rng.lognormal(5.0, 0.3, rows), 4),
        "region_code": counties[stratum % len(counties)],
        "urban": rng.random(rows) < 0.7,
        "sex": rng.integers(1, 3, rows),
        "age": rng.integers(16, 80, rows),
        "in_school": rng.random(rows) < 0.05,
        "worked_last_week": rng.random(rows) < 0.6,
        "temporarily_absent": rng.random(rows) < 0.02,
        "searched_last_3_months": searched,
        "available_within_2_weeks": rng.random(rows) < 0.5,
        "searched_last_4_weeks": searched & (rng.random(rows) < 0.7),
    }
    frame = pl.DataFrame(columns).select(
        pl.col(name).cast(pl.Int8) if np.asarray(columns[name]).dtype == np.bool_ else pl.col(name)
        for name in CSV_HEADER
    )
    frame.write_csv(path)


def microdata_analyst():
    from jiuye.accounts.enums import Role
    from jiuye.accounts.models import OrgUnit, RoleAssignment, User
    from jiuye.reference.models import Region

    province = Region.objects.get(code="14")
    unit, _created = OrgUnit.objects.get_or_create(
        region=province, name="山西省人力资源和社会保障厅", defaults={"service_level": province.level}
    )
    user, created = User.objects.get_or_create(username="bench_lfs_analyst", defaults={"org_unit": unit})
    if created:
        RoleAssignment.objects.create(user=user, role=Role.ANALYST)
    return user


def bare_insert(path) -> int:
    """The floor: the file's columns, read by polars, into a table of their own with nothing checked."""
    from jiuye.lfs.demo import CSV_HEADER

    frame = pl.read_csv(path, schema_overrides={"region_code": pl.String, "stratum": pl.String, "psu": pl.String})
    frame = frame.with_columns(pl.col(name).cast(pl.Boolean) for name in CSV_HEADER[6:] if name not in ("sex", "age"))
    types = {pl.String: "varchar(32)", pl.Float64: "double precision", pl.Int64: "integer", pl.Boolean: "boolean"}
    columns = ", ".join(f"{name} {types[frame.schema[name].base_type()]}" for name in frame.columns)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare_microdata")
        cursor.execute(f"CREATE TABLE bench_bare_microdata ({columns})")
        if connection.vendor == "postgresql":
            sql = f"COPY bench_bare_microdata ({', '.join(frame.columns)}) FROM STDIN WITH (FORMAT csv)"
            with cursor.copy(sql) as copy:
                for block in frame.iter_slices(100_000):
                    copy.write(block.write_csv(include_header=False))
        else:
            sql = "INSERT INTO bench_bare_microdata VALUES ({})".format(", ".join(["%s"] * len(frame.columns)))  # noqa: S608
            for block in frame.iter_slices(100_000):
                cursor.executemany(sql, block.iter_rows())
        cursor.execute("DROP TABLE bench_bare_microdata")
    return len(frame)


def bench_microdata_import() -> None:
    from jiuye.lfs.models import SurveyPeriod
    from jiuye.lfs.services import survey_period_import

    regions_ensure()
    path = bench_dir() / f"microdata_{MICRODATA_ROWS}.csv"
    if not path.exists():
        build_microdata(path, MICRODATA_ROWS)
    report("microdata file", rows=MICRODATA_ROWS, mb=mb(path.stat().st_size), database=connection.vendor)
    with measured() as anchor:
        rows = len(pl.read_csv(path, infer_schema=False))
    report("polars read_csv (anchor)", rows=rows, rows_per_second=f"{rows / anchor.seconds:,.0f}", **anchor.figures())
    with measured() as floor:
        rows = bare_insert(path)
    floor_name = "COPY" if connection.vendor == "postgresql" else "executemany"
    report(f"polars read_csv + {floor_name} into a bare table (floor)", rows=rows,
           rows_per_second=f"{rows / floor.seconds:,.0f}", **floor.figures())  # fmt: skip
    user = microdata_analyst()
    SurveyPeriod.objects.filter(month=BENCH_MONTH).delete()
    for name in ("survey_period_import --commit (a new month)", "survey_period_import --commit again (unchanged)"):
        with measured() as step:
            record, _result = survey_period_import(user=user, month=BENCH_MONTH, path=path, dry_run=False)
        report(
            name,
            rows=MICRODATA_ROWS, seconds_end_to_end=f"{step.seconds:.1f}",
            rows_per_second=f"{MICRODATA_ROWS / step.seconds:,.0f}", of_floor=f"{floor.seconds / step.seconds:.2f}",
            created=record.created, unchanged=record.unchanged, rejected=record.rejected, **step.figures(),
        )  # fmt: skip


BENCHMARKS = [bench_register_reading, bench_microdata_import]


if __name__ == "__main__":
    bench_register_reading()
    bench_microdata_import()

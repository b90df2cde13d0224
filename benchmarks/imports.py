"""Import benchmark: a 100,000-row unplaced-graduate register (.xlsx, BENCH_IMPORT_ROWS to change), imported with
--commit through the service by the province user, so that every county is in scope, then imported again (every row
unchanged).

Each figure is printed beside its anchors, measured in the same run on the same file: python-calamine's parse of the
file (rows counted, nothing checked), and the floor of the write: the same columns, as text, written into a bare
table (`COPY` on PostgreSQL, `executemany` on SQLite). The import's own time is split into the write side (inside the
kind's `save_chunk`: the people resolved by keyed hash, decided, encrypted and written with their entries, statuses
and audit events) and the rest (reading the file and checking its cells); the cost of encrypting one number with
Fernet is measured apart.

Peak memory is that of each step alone where Linux lets the peak be reset (/proc/self/clear_refs), so that building
the demo province earlier in the same process does not hide it; elsewhere it is the process's peak (ru_maxrss).
"""

import dataclasses
import datetime
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import batched

from django.conf import settings
from django.db import connection, transaction
from openpyxl import Workbook
from python_calamine import CalamineWorkbook
from stdnum.cn.ric import calc_check_digit

from benchmarks.measure import mb, measured, report
from jiuye.accounts.models import User
from jiuye.imports import kinds
from jiuye.imports.services import import_run
from jiuye.people import crypto
from jiuye.reference.enums import RegionLevel
from jiuye.reference.models import Region

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
# BENCH_IMPORT_AGAIN=0 leaves out the second import (all rows unchanged), for a quick run of a million rows.
AGAIN = os.environ.get("BENCH_IMPORT_AGAIN", "1") != "0"
# BENCH_IMPORT_REUSE=1 imports the file an earlier run built (the same rows: the file is built deterministically).
REUSE = os.environ.get("BENCH_IMPORT_REUSE") == "1"
KIND = "unplaced_graduate"
HEADER = [
    "姓名", "公民身份号码", "性别", "联系电话", "户籍地", "现居住地区划代码", "毕业院校", "所学专业", "学历",
    "毕业时间", "就业状态",
]  # fmt: skip
SCHOOLS = ["山西大学", "太原理工大学", "中北大学", "山西财经大学", "山西医科大学", "山西师范大学", "太原科技大学"]
MAJORS = ["计算机科学与技术", "会计学", "临床医学", "机械设计制造及其自动化", "汉语言文学", "土木工程", "护理学"]
EDUCATION = ["本科", "大专", "研究生", "本科", "大专"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"
FLOOR_TABLE = "bench_register_floor"


def _ric(county: str, index: int) -> str:
    """A checksum-valid number for a graduate born 1999-2003: distinct for each index."""
    born = datetime.date(1999, 1, 1) + datetime.timedelta(days=index % 1800)
    body = f"{county}{born:%Y%m%d}{index // 1800 % 1000:03d}"
    return body + calc_check_digit(body + "0")


def _row(index: int, counties: list[str]) -> list:
    county = counties[index % len(counties)]
    ric = _ric(county, index)
    return [
        SURNAMES[index % len(SURNAMES)] + GIVEN[index // 7 % len(GIVEN)] + GIVEN[index // 13 % len(GIVEN)],
        ric,
        "男" if int(ric[16]) % 2 else "女",
        f"139{index:08d}",
        county,
        county,
        SCHOOLS[index % len(SCHOOLS)],
        MAJORS[index // 3 % len(MAJORS)],
        EDUCATION[index % len(EDUCATION)],
        f"{2024 + index % 2}-06-30",
        "失业" if index % 4 else "就业",
    ]


def build_register(path, rows: int) -> None:
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).order_by("code").values_list("code", flat=True))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("离校未就业高校毕业生")
    sheet.append(HEADER)
    for index in range(rows):
        sheet.append(_row(index, counties))
    workbook.save(path)


def calamine_rows(path) -> Iterator[list]:
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows()
    next(rows)  # the header
    return rows


def bench_calamine_parse(path) -> float:
    """The anchor of the read side: python-calamine reading every row, nothing checked."""
    with measured() as step:
        count = sum(1 for _row in calamine_rows(path))
    report("  anchor: python-calamine parse", rows=count, rows_per_second=_rate(count, step.seconds), **step.figures())
    return count / step.seconds


def bench_floor(path) -> None:
    """The anchor of the write side: the file's columns, as text, into a bare table in one transaction, streamed from
    python-calamine a batch at a time as the import streams its chunks."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f"c{index}") for index in range(len(HEADER)))
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {FLOOR_TABLE} ({', '.join(f'c{i} text' for i in range(len(HEADER)))})")
        with measured() as step:
            for batch in batched(calamine_rows(path), 10_000):
                texts = [[str(value) for value in row] for row in batch]
                count += len(texts)
                if connection.vendor == "postgresql":
                    with cursor.copy(f"COPY {FLOOR_TABLE} ({columns}) FROM STDIN") as copy:
                        for row in texts:
                            copy.write_row(row)
                else:
                    placeholders = ", ".join(["%s"] * len(HEADER))
                    cursor.executemany(f"INSERT INTO {FLOOR_TABLE} ({columns}) VALUES ({placeholders})", texts)  # noqa: S608
        transaction.set_rollback(True)
    how = "COPY" if connection.vendor == "postgresql" else "executemany"
    report(f"  anchor: floor ({how} of the same columns into a bare table, parse included)", rows=count,
           rows_per_second=_rate(count, step.seconds), **step.figures())  # fmt: skip


def bench_encryption() -> None:
    numbers = [_ric("140105", index) for index in range(20_000)]
    started = time.perf_counter()
    for number in numbers:
        crypto.encrypt(number)
    encrypt = (time.perf_counter() - started) / len(numbers)
    started = time.perf_counter()
    for number in numbers:
        crypto.keyed_hash(number)
    hashed = (time.perf_counter() - started) / len(numbers)
    report("  Fernet encryption of a number", microseconds=f"{encrypt * 1e6:.1f}",
           keyed_hash_microseconds=f"{hashed * 1e6:.1f}", seconds_per_100000=f"{encrypt * 100_000:.2f}")  # fmt: skip


@contextmanager
def write_side_timed(code: str) -> Iterator[list[float]]:
    """Time spent inside the kind's `save_chunk` (the write side), by putting a timed copy in the registry."""
    kind = kinds.get_kind(code)
    spent = [0.0, 0.0]  # wall, this process's CPU

    def save_chunk(context, rows):
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            return kind.save_chunk(context, rows)
        finally:
            spent[0] += time.perf_counter() - started
            spent[1] += time.process_time() - cpu_started

    kinds._KINDS[code] = dataclasses.replace(kind, save_chunk=save_chunk)
    try:
        yield spent
    finally:
        kinds._KINDS[code] = kind


def bench_import(name: str, user: User, path) -> None:
    with write_side_timed(KIND) as write_side, measured() as step:
        record, _result = import_run(user=user, kind=KIND, path=path, file_name=path.name, dry_run=False)
    rest, cpu_rest = step.seconds - write_side[0], step.cpu_seconds - write_side[1]
    report(
        name, rows=ROWS, rows_per_second=_rate(ROWS, step.seconds), rows_per_cpu_second=_rate(ROWS, step.cpu_seconds),
        **step.figures(), write_side_seconds=f"{write_side[0]:.1f}", write_side_cpu_seconds=f"{write_side[1]:.1f}",
        write_side_rows_per_second=_rate(ROWS, write_side[0]), read_and_check_seconds=f"{rest:.1f}",
        read_and_check_cpu_seconds=f"{cpu_rest:.1f}", read_and_check_rows_per_second=_rate(ROWS, rest),
        created=record.created, updated=record.updated, unchanged=record.unchanged, rejected=record.rejected,
    )  # fmt: skip


def bench_register_import() -> None:
    bench_dir = settings.VAR_DIR / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    path = bench_dir / f"unplaced_graduates_{ROWS}.xlsx"
    started = time.perf_counter()
    if not (REUSE and path.exists()):
        build_register(path, ROWS)
    report("import file", rows=ROWS, seconds=f"{time.perf_counter() - started:.1f}", mb=mb(path.stat().st_size),
           database=connection.vendor, load_average="/".join(f"{load:.1f}" for load in os.getloadavg()))  # fmt: skip
    user = User.objects.get(username="province")
    bench_import("register import --commit (all new)", user, path)
    if AGAIN:
        bench_import("register import again --commit (all unchanged)", user, path)
    bench_calamine_parse(path)
    bench_floor(path)
    bench_encryption()


def _rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:,.0f}" if seconds else "-"


BENCHMARKS = [bench_register_import]

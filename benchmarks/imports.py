"""Import benchmark: a 100,000-row unplaced-graduate register (.xlsx, BENCH_IMPORT_ROWS to change), imported with
--commit through the service by the province user, so that every county is in scope.

Peak memory is that of the import alone where Linux lets the peak be reset (/proc/self/clear_refs), so that building
the demo province earlier in the same process does not hide it; elsewhere it is the process's peak (ru_maxrss).
"""

import datetime
import os
import time

from django.conf import settings
from openpyxl import Workbook
from stdnum.cn.ric import calc_check_digit

from benchmarks.measure import mb, memory_mb, report, reset_peak_memory
from jiuye.accounts.models import User
from jiuye.imports.services import import_run
from jiuye.reference.enums import RegionLevel
from jiuye.reference.models import Region

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
HEADER = [
    "姓名", "公民身份号码", "性别", "联系电话", "户籍地", "现居住地区划代码", "毕业院校", "所学专业", "学历",
    "毕业时间", "就业状态",
]  # fmt: skip
SCHOOLS = ["山西大学", "太原理工大学", "中北大学", "山西财经大学", "山西医科大学", "山西师范大学", "太原科技大学"]
MAJORS = ["计算机科学与技术", "会计学", "临床医学", "机械设计制造及其自动化", "汉语言文学", "土木工程", "护理学"]
EDUCATION = ["本科", "大专", "研究生", "本科", "大专"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


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


def bench_register_import() -> None:
    bench_dir = settings.VAR_DIR / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    path = bench_dir / f"unplaced_graduates_{ROWS}.xlsx"
    started = time.perf_counter()
    build_register(path, ROWS)
    report("import file", rows=ROWS, seconds=f"{time.perf_counter() - started:.1f}", mb=mb(path.stat().st_size))

    user = User.objects.get(username="province")
    rss_before = memory_mb("VmRSS:")
    window = reset_peak_memory()
    started = time.perf_counter()
    record, _result = import_run(user=user, kind="unplaced_graduate", path=path, file_name=path.name, dry_run=False)
    seconds = time.perf_counter() - started
    report(
        "register import --commit",
        rows=ROWS,
        seconds=f"{seconds:.1f}",
        rows_per_second=f"{ROWS / seconds:,.0f}",
        peak_memory_mb=memory_mb("VmHWM:"),
        peak_memory_of="import" if window else "process",
        rss_before_mb=rss_before,
        created=record.created,
        updated=record.updated,
        unchanged=record.unchanged,
        rejected=record.rejected,
    )


BENCHMARKS = [bench_register_import]

"""Register files built in code, as counties send them: .xlsx through openpyxl, .csv in UTF-8 or GBK."""

import csv
from pathlib import Path

from openpyxl import Workbook

GRADUATE_HEADER = [
    "姓名", "公民身份号码", "性别", "联系电话", "户籍地", "现居住地区划代码", "毕业院校", "所学专业", "学历",
    "毕业时间", "就业状态",
]  # fmt: skip


def write_xlsx(path: Path, header: list, rows: list[list], *, title: str | None = None) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, header: list, rows: list[list], *, encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def graduate(name: str, ric: str, residence: str = "140105", **overrides) -> list:
    """A row of the unplaced-graduate register under GRADUATE_HEADER; overrides by header name."""
    row = {
        "姓名": name, "公民身份号码": ric, "性别": "", "联系电话": "13912345678", "户籍地": "140105",
        "现居住地区划代码": residence, "毕业院校": "山西大学", "所学专业": "计算机科学与技术", "学历": "本科",
        "毕业时间": "2024-06-30", "就业状态": "失业",
    }  # fmt: skip
    row.update(overrides)
    return [row[header] for header in GRADUATE_HEADER]

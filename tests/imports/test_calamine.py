"""The .xlsx reader (python-calamine) gives the cells openpyxl gave: the forms the parsers and the error report
were written against."""

import datetime
import shutil
import zipfile

import pytest
from openpyxl import Workbook

from jiuye.imports.readers import ImportFileError, cell_text, open_table

MIDNIGHT = datetime.datetime(2024, 6, 30)  # noqa: DTZ001 (Excel date cells carry no time zone)
MORNING = datetime.datetime(2024, 6, 30, 8, 30)  # noqa: DTZ001


def _sheet(path, cells: dict):
    workbook = Workbook()
    sheet = workbook.active
    for reference, value in cells.items():
        sheet[reference] = value
    workbook.save(path)
    return path


def _rows(path, known=frozenset({"姓名"})):
    with open_table(path, known_headers=set(known)) as table:
        return table, list(table.rows)


def test_cells_come_as_openpyxl_typed_them(tmp_path):
    path = _sheet(
        tmp_path / "a.xlsx",
        {
            "A1": "姓名", "B1": "号码", "C1": "日期", "D1": "时间", "E1": "其他",
            "A2": 140105, "B2": 1.40105199003070e17, "C2": MIDNIGHT,
            "D2": MORNING, "E2": 1.5,
            "A3": 13912345678, "B3": datetime.time(8, 30), "C3": True, "D3": -5, "E3": "",
        },
    )  # fmt: skip
    _table, rows = _rows(path)
    (_, first), (_, second) = rows
    assert first == [
        140105,
        1.40105199003070e17,
        MIDNIGHT,
        MORNING,
        1.5,
    ]
    assert [type(cell) for cell in first] == [int, float, datetime.datetime, datetime.datetime, float]
    assert second == [13912345678, datetime.time(8, 30), True, -5, None]
    assert [cell_text(cell) for cell in first[:3]] == ["140105", "1.4010519900307E+17", "2024-06-30"]


def test_empty_rows_and_columns_before_the_data_keep_row_numbers_and_column_letters(tmp_path):
    path = _sheet(tmp_path / "a.xlsx", {"C3": "标题", "C4": "姓名", "D4": "性别", "C6": "张三", "D6": "男"})
    table, rows = _rows(path)
    assert (table.header_row, table.header) == (4, ["", "", "姓名", "性别"])
    assert rows == [(5, [None, None, None, None]), (6, [None, None, "张三", "男"])]


def test_a_wrong_dimension_does_not_stop_reading_early(tmp_path):
    source = _sheet(tmp_path / "a.xlsx", {"A1": "姓名", "A2": "张三", "A3": "李四", "A4": "王五"})
    damaged = tmp_path / "b.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(damaged, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:A4"/>', b'<dimension ref="A1:A1"/>')
                assert b'ref="A1:A1"' in data
            copy.writestr(item, data)
    _table, rows = _rows(damaged)
    assert rows == [(2, ["张三"]), (3, ["李四"]), (4, ["王五"])]


def test_a_csv_renamed_xlsx_is_a_damaged_file(tmp_path):
    path = tmp_path / "a.xlsx"
    shutil.copyfile(__file__, path)
    with pytest.raises(ImportFileError, match=r"无法读取该Excel文件，文件可能已损坏或不是\.xlsx格式"):
        _rows(path)

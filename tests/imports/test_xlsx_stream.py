"""The streaming reader of big .xlsx files gives the rows calamine's reader gives (`readers._sheet_rows`), cell for
cell and type for type, on files written by openpyxl (inline strings) and as Excel and WPS write them (shared
strings, rich text runs, styles of their own)."""

import datetime
import zipfile

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from jiuye.imports import readers, xlsx_stream
from jiuye.imports.readers import open_table

MIXED = [
    ["姓名", "公民身份号码", "人数", "比例", "是否", "错误", "日期", "时间点", "仅日期", "时刻", None, "备注"],
    ["张三", "140105199003070012", 12, 1.5, True, "#N/A", datetime.datetime(2024, 6, 30),  # noqa: DTZ001
     datetime.datetime(2024, 6, 30, 8, 30), datetime.date(2024, 1, 2), datetime.time(8, 30), None, " 有空格 "],  # noqa: DTZ001
    ["李四", 140105199003070012, 0, -3.25, False, None, 45473, 45473.5, "2024-06-30", None, None, "=1+1"],
    [None, None, None, None, None, None, None, None, None, None, None, None],
    ["王五", "1.40105E+17", 10**15, 123456789012345, None, None, None, None, None, None, None, "x"],
]  # fmt: skip


def calamine_rows(path) -> list[tuple[int, list]]:
    workbook = CalamineWorkbook.from_path(str(path))
    try:
        return list(readers._sheet_rows(workbook.get_sheet_by_index(0)))
    finally:
        workbook.close()


def stream_rows(path) -> list[tuple[int, list]]:
    with zipfile.ZipFile(path) as archive:
        sheet = xlsx_stream.worksheet_path(archive)
        shared, kinds = xlsx_stream.shared_strings(archive), xlsx_stream.style_kinds(archive)
        with archive.open(sheet) as source:
            return list(xlsx_stream.sheet_rows(source, shared, kinds))


def comparable(rows: list[tuple[int, list]]) -> list[tuple[int, list]]:
    """Rows with a cell, padded to one width: calamine also yields the blank rows between and pads every row."""
    width = max(len(cells) for _number, cells in rows)
    return [
        (number, [(type(cell).__name__, cell) for cell in cells + [None] * (width - len(cells))])
        for number, cells in rows
        if any(cell is not None for cell in cells)
    ]


def assert_same(path) -> list[tuple[int, list]]:
    streamed = comparable(stream_rows(path))
    assert streamed == comparable(calamine_rows(path))
    return streamed


def test_openpyxl_file_with_every_kind_of_cell(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    for row in MIXED:
        sheet.append(row)
    sheet["C9"] = "sparse, after a gap"
    path = tmp_path / "mixed.xlsx"
    workbook.save(path)
    rows = assert_same(path)
    assert rows[1][1][6] == ("datetime", datetime.datetime(2024, 6, 30))  # noqa: DTZ001 (a date at midnight)
    assert rows[1][1][9] == ("time", datetime.time(8, 30))
    assert rows[-1][0] == 9


def test_a_sheet_that_begins_in_a_later_column(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet["C2"], sheet["D2"], sheet["C3"], sheet["E3"] = "姓名", "公民身份号码", "张三", 7
    path = tmp_path / "late.xlsx"
    workbook.save(path)
    assert assert_same(path)[0][1][:4] == [("NoneType", None), ("NoneType", None), ("str", "姓名"),
                                            ("str", "公民身份号码")]  # fmt: skip


SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A1:D4"/>
<x:sheetData>
<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>
<x:c r="C1" t="s"><x:v>2</x:v></x:c><x:c r="D1" t="s"><x:v>3</x:v></x:c></x:row>
<x:row r="2"><x:c r="A2" t="s"><x:v>4</x:v></x:c><x:c r="B2" t="str"><x:f>B3</x:f><x:v>140105199003070012</x:v></x:c>
<x:c r="C2" s="1"><x:v>45473</x:v></x:c><x:c r="D2" s="2"><x:v>2.5E+1</x:v></x:c></x:row>
<x:row r="4"><x:c r="A4" t="s"><x:v>5</x:v></x:c><x:c r="C4" s="3"><x:v>45473.25</x:v></x:c>
<x:c r="D4" t="e"><x:v>#DIV/0!</x:v></x:c></x:row>
</x:sheetData></x:worksheet>"""
STRINGS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">
<si><t>姓名</t></si><si><t>公民身份号码</t></si><si><t>毕业时间</t></si><si><t>人数</t></si>
<si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve">三 </t></r></si><si><t></t></si></sst>"""
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;;@"/>
<numFmt numFmtId="177" formatCode="[$-F400]h:mm:ss\\ AM/PM"/></numFmts>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="176"/><xf numFmtId="3"/><xf numFmtId="22"/></cellXfs>
</styleSheet>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
 Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
 Target="sharedStrings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
 Target="styles.xml"/></Relationships>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="xl/workbook.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>"""
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""  # noqa: E501


def excel_file(path, sheet: str = SHEET):
    """An .xlsx as Excel writes one: shared strings, a namespace prefix, a date format of its own."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS), ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS), ("xl/worksheets/sheet1.xml", sheet),
            ("xl/sharedStrings.xml", STRINGS), ("xl/styles.xml", STYLES),
        ):  # fmt: skip
            archive.writestr(name, text)
    return path


def test_excel_file_with_shared_strings_and_its_own_formats(tmp_path):
    rows = assert_same(excel_file(tmp_path / "excel.xlsx"))
    assert [number for number, _cells in rows] == [1, 2, 4]
    assert rows[1][1] == [("str", "张三 "), ("str", "140105199003070012"),
                          ("datetime", datetime.datetime(2024, 6, 30)), ("int", 25)]  # noqa: DTZ001  # fmt: skip
    assert rows[2][1][2] == ("datetime", datetime.datetime(2024, 6, 30, 6, 0))  # noqa: DTZ001


def test_the_first_worksheet_is_found_by_the_workbooks_relations(tmp_path):
    workbook = WORKBOOK.replace(
        '<sheet name="台账" sheetId="1" r:id="rId1"/>',
        '<sheet name="图" sheetId="2" r:id="rId9"/><sheet name="台账" sheetId="1" r:id="rId1"/>',
    )
    relations = WORKBOOK_RELS.replace(
        "</Relationships>",
        '<Relationship Id="rId9" Target="chartsheets/sheet1.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet"/></Relationships>',
    )
    path = tmp_path / "chart.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", relations)
        archive.writestr("xl/worksheets/sheet1.xml", SHEET)
    with zipfile.ZipFile(path) as archive:
        assert xlsx_stream.worksheet_path(archive) == "xl/worksheets/sheet1.xml"
        assert xlsx_stream.last_row(archive, "xl/worksheets/sheet1.xml") == 4


def test_open_table_streams_a_sheet_past_the_size_and_reads_the_same_table(tmp_path, monkeypatch):
    path = excel_file(tmp_path / "big.xlsx")
    with open_table(path, known_headers={"姓名"}) as table:
        whole = (table.header, table.header_row, list(table.rows), table.last_row)
    monkeypatch.setattr(xlsx_stream, "STREAM_SHEET_BYTES", 100)
    with open_table(path, known_headers={"姓名"}) as table:
        streamed = (table.header, table.header_row, list(table.rows), table.last_row)
    assert streamed[:2] == whole[:2]
    assert [row for row in streamed[2] if any(row[1])] == [row for row in whole[2] if any(row[1])]
    assert streamed[3] == whole[3] == 4


def test_a_big_sheet_broken_in_the_middle_is_a_file_error(tmp_path, monkeypatch):
    broken = SHEET.replace('<x:row r="4">', '<x:row r="4"><x:c')
    path = excel_file(tmp_path / "broken.xlsx", sheet=broken)
    monkeypatch.setattr(xlsx_stream, "STREAM_SHEET_BYTES", 100)
    with pytest.raises(readers.ImportFileError), open_table(path, known_headers={"姓名"}) as table:
        list(table.rows)

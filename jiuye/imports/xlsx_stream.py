"""A big .xlsx read a row at a time, in bounded memory.

python-calamine reads a sheet whole before it yields a row: 1.1 GB for a register of a million rows, past the import's
1 GiB bound, and python-calamine has no streaming reader. A sheet whose XML is larger than `STREAM_SHEET_BYTES` is
read here instead, with lxml's `iterparse` (lxml is python-docx's too): each row is taken as its end tag is parsed,
then dropped, so memory holds the shared strings and one row. It reads some five times slower than calamine, which
the write side, slower still, hides.

The cells come in the forms `readers._xlsx_cell` gives calamine's, so the rest of the import cannot tell the two
apart (`tests/imports/test_xlsx_stream.py` compares them): text (an empty one None), whole numbers Excel holds exactly
as int, other numbers as float, booleans, a date as a `datetime` at midnight, a date with a time as a `datetime`, a
time of day as a `time`, an error cell (`#N/A`) as None.
"""

import datetime
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import IO

from lxml import etree
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
ROW, VALUE, INLINE, TEXT = f"{MAIN}row", f"{MAIN}v", f"{MAIN}is", f"{MAIN}t"
DIGITS = "0123456789"
STREAM_SHEET_BYTES = 256 * 1024 * 1024  # about 330,000 rows of a register's eleven columns
EXCEL_EXACT_DIGITS = 15  # Excel keeps 15 significant digits; a longer number typed into a cell has lost digits
DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"(?:[A-Z]+[0-9]+:)?[A-Z]+([0-9]+)\"")
# What a number format shows besides dates and times: quoted text, [colours] and [$-locales], escaped characters.
FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def worksheet_path(archive: zipfile.ZipFile) -> str:
    """The path in the archive of the workbook's first worksheet (a chart sheet before it is not one)."""
    workbook = _office_document(archive)
    targets = {}
    for relation in etree.fromstring(archive.read(_rels_of(workbook))).iter(f"{PACKAGE}Relationship"):
        if relation.get("Type") == WORKSHEET:
            targets[relation.get("Id")] = _resolved(workbook, relation.get("Target"))
    for sheet in etree.fromstring(archive.read(workbook)).iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(f"{RELATIONSHIPS}id"))
        if target is not None:
            return target
    raise KeyError("no worksheet")


def _office_document(archive: zipfile.ZipFile) -> str:
    for relation in etree.fromstring(archive.read("_rels/.rels")).iter(f"{PACKAGE}Relationship"):
        if relation.get("Type", "").endswith("/officeDocument"):
            return relation.get("Target").lstrip("/")
    return "xl/workbook.xml"


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _resolved(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def is_big(archive: zipfile.ZipFile, path: str) -> bool:
    return archive.getinfo(path).file_size > STREAM_SHEET_BYTES


def last_row(archive: zipfile.ZipFile, path: str) -> int:
    """The sheet's last row as its <dimension> gives it (the progress bar's end), or 0 where it gives none."""
    with archive.open(path) as sheet:
        found = DIMENSION.search(sheet.read(4096))
    return int(found.group(1)) if found else 0


def shared_strings(archive: zipfile.ZipFile) -> list[str]:
    """The workbook's shared strings (what Excel and WPS write text cells as), each the text of all its runs."""
    try:
        part = archive.open("xl/sharedStrings.xml")
    except KeyError:
        return []
    strings = []
    with part:
        for _event, item in etree.iterparse(part, tag=f"{MAIN}si"):
            strings.append("".join(text.text or "" for text in item.iter(TEXT)))
            item.clear()
    return strings


def style_kinds(archive: zipfile.ZipFile) -> list[str]:
    """For each cell style (the `s` of a cell), whether its number format shows a "date", a "time" of day, or
    neither ("")."""
    try:
        styles = etree.fromstring(archive.read("xl/styles.xml"))
    except KeyError:
        return []
    formats = dict(BUILTIN_FORMATS)
    for number_format in styles.iter(f"{MAIN}numFmt"):
        formats[int(number_format.get("numFmtId"))] = number_format.get("formatCode", "")
    cell_formats = styles.find(f"{MAIN}cellXfs")
    if cell_formats is None:
        return []
    return [_format_kind(formats.get(int(xf.get("numFmtId", "0")), "")) for xf in cell_formats.iter(f"{MAIN}xf")]


def _format_kind(code: str) -> str:
    if not code or not is_date_format(code):
        return ""
    return "date" if re.search(r"[yYdD]", FORMAT_NOISE.sub("", code)) else "time"


def sheet_rows(source: IO[bytes], shared: list[str], kinds: list[str]) -> Iterator[tuple[int, list]]:
    """Each row of the sheet that holds a cell, as (its number, its cells from column A), parsed as it is read. The
    rows already yielded are removed from the tree, so that memory holds one row."""
    number = 0
    columns: dict[str, int] = {}  # a reference's letters ("AB") to the column's index, worked out once
    for _event, row in etree.iterparse(source, tag=ROW):
        number = int(row.get("r") or number + 1)
        cells: list = []
        for cell in row:
            reference = cell.get("r")
            if reference is not None:
                letters = reference.rstrip(DIGITS)
                index = columns.get(letters)
                if index is None:
                    index = columns[letters] = column_index_from_string(letters) - 1
                if index > len(cells):
                    cells.extend([None] * (index - len(cells)))
            cells.append(_value(cell, shared, kinds))
        yield number, cells
        row.clear()
        while row.getprevious() is not None:
            del row.getparent()[0]


def _value(cell, shared: list[str], kinds: list[str]):
    kind = cell.get("t")
    if kind == "inlineStr":
        inline = cell.find(INLINE)
        if inline is None:
            return None
        if len(inline) == 1:  # one <t>, as nearly every writer writes it; rich text has runs
            return inline[0].text or None
        return "".join(part.text or "" for part in inline.iter(TEXT)) or None
    written = cell.findtext(VALUE)
    if not written:
        return None
    if kind == "s":
        return shared[int(written)] or None
    if kind == "str":
        return written
    if kind == "b":
        return written == "1"
    if kind == "e":
        return None
    if kind == "d":
        return datetime.datetime.fromisoformat(written)
    style = cell.get("s")
    return _number(float(written), kinds[int(style)] if style and int(style) < len(kinds) else "")


def _number(value: float, kind: str):
    if kind == "date" or (kind == "time" and value >= 1):
        moment = from_excel(value)
        return moment if isinstance(moment, datetime.datetime) else datetime.datetime.combine(moment, datetime.time())
    if kind == "time":
        return from_excel(value)
    return int(value) if value.is_integer() and abs(value) < 10**EXCEL_EXACT_DIGITS else value

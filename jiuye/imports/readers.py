"""Reading a spreadsheet as a header and rows, whatever it came as.

- `.xlsx` through python-calamine (Rust), some ten times the speed of openpyxl's read-only mode; openpyxl stays for
  writing. A sheet too big to hold whole (some 330,000 rows and more) is streamed instead (`xlsx_stream`). Cells
  come as Excel typed them: text, numbers (a resident ID number typed as a number comes as `1.40105199003070E+17`),
  dates (`datetime`) or Excel serial numbers. calamine's cells are made into the forms openpyxl gave (`_xlsx_cell`),
  so that everything after the reader sees what it always saw.
- `.csv` in UTF-8 with or without the byte-order mark (what Excel's "CSV UTF-8" writes) or GBK/GB18030 (what Excel
  and WPS write as plain "CSV" on Chinese Windows). GB18030 is a superset of GBK, so one attempt reads both.

Row numbers are those the spreadsheet shows, so a clerk can find the row: the header is row 1 unless title rows
come first (a `XX县离校未就业高校毕业生实名制台账` banner), in which case the header is the first of the top rows
that names a known column.
"""

import codecs
import csv
import datetime
import io
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

from jiuye.imports import xlsx_stream
from jiuye.imports.xlsx_stream import EXCEL_EXACT_DIGITS

HEADER_SEARCH_ROWS = 10
SUPPORTED_SUFFIXES = (".xlsx", ".csv")
# The GB18030 byte-order mark (U+FEFF in GB18030), which some Chinese tools write before a CSV's first header.
BOM_GB18030 = b"\x84\x31\x95\x33"
DEFAULT_MAX_ROWS = 1_000_000  # rows below the header one upload may hold (setting IMPORT_MAX_ROWS)

Cell = str | int | float | datetime.datetime | datetime.date | datetime.time | bool | None


class ImportFileError(Exception):
    """The file as a whole cannot be imported (wrong format, unreadable encoding, a required column missing); the
    message says why in Chinese."""


@dataclass
class Table:
    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[Cell]]]  # (row number as the spreadsheet shows it, cells under the header)
    encoding: str  # "xlsx", "utf-8", "utf-8-sig" or "gb18030"
    last_row: int = 0  # the number of the file's last row where the reader knows it (a progress bar's end), else 0

    @property
    def rows_below_header(self) -> int:
        """How many rows follow the header, blank ones included (0 when the last row is not known)."""
        return max(0, self.last_row - self.header_row) if self.last_row else 0


def header_key(text: Cell) -> str:
    """Headers match after dropping spaces anywhere (also full-width spaces and line breaks inside a cell), and the
    asterisk registers put on required columns: ` 公民身份\\n号码* ` -> `公民身份号码`."""
    return "".join(unicodedata.normalize("NFKC", cell_text(text)).split()).strip("*")


def cell_text(value: Cell) -> str:
    """A cell as text: whole numbers without `.0`, except a number too long for Excel to hold, which keeps the
    scientific form so that the resident-ID check can say the digits were lost."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 10**EXCEL_EXACT_DIGITS:
            return str(int(value))
        return repr(value).upper()
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    return str(value).strip()


def is_blank(cells: Iterable[Cell]) -> bool:
    """Whether every cell's `cell_text` is empty: only None and blank text are (a number, a date or a bool never)."""
    # A loop, not all() over a generator: most rows end at their first cell, 100,000 times a file.
    for cell in cells:  # noqa: SIM110
        if cell is not None and (type(cell) is not str or cell.strip()):
            return False
    return True


@contextmanager
def open_table(path: Path, *, known_headers: set[str]) -> Iterator[Table]:
    """The first sheet of an .xlsx, or a .csv; `known_headers` (as `header_key` gives them) find the header row."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        with _xlsx_rows(path) as (rows, last_row):
            yield _table(rows, known_headers, "xlsx", last_row)
    elif suffix == ".csv":
        text, encoding = decode_csv(path.read_bytes())
        # Lines, not records: a quoted cell with a line break makes it an over-estimate, which a progress bar bears.
        lines = text.count("\n") + (not text.endswith("\n"))
        rows = enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
        yield _table(rows, known_headers, encoding, lines)
    elif suffix in (".xls", ".et", ".wps"):
        raise ImportFileError(_("不支持%(suffix)s格式，请在Excel或WPS中另存为.xlsx后再导入") % {"suffix": suffix})
    else:
        raise ImportFileError(_("只能导入.xlsx或.csv文件"))


@contextmanager
def _xlsx_rows(path: Path) -> Iterator[tuple[Iterator[tuple[int, list[Cell]]], int]]:
    """The first worksheet's rows, and the number of its last row (calamine knows it: it holds the sheet whole). A
    sheet too big for calamine's whole-sheet read within the import's memory is streamed (`xlsx_stream`)."""
    big = _big_sheet(path)
    if big is not None:
        archive, sheet_path = big
        with archive:
            yield _streamed_rows(archive, sheet_path), xlsx_stream.last_row(archive, sheet_path)
        return
    try:
        workbook = CalamineWorkbook.from_path(path)
        sheet = workbook.get_sheet_by_index(_first_worksheet(workbook))
    except (CalamineError, OSError, ValueError) as error:  # a damaged zip, bad XML, or not an Excel file at all
        raise ImportFileError(_unreadable_xlsx()) from error
    try:
        yield _sheet_rows(sheet), (sheet.end[0] + 1 if sheet.end else 0)
    finally:
        workbook.close()


def _big_sheet(path: Path) -> tuple[zipfile.ZipFile, str] | None:
    """The open archive and the path of its first worksheet when that sheet is past `xlsx_stream.STREAM_SHEET_BYTES`;
    None for any other file, which calamine reads (and refuses, when it is no .xlsx)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return None
    try:
        sheet_path = xlsx_stream.worksheet_path(archive)
        if xlsx_stream.is_big(archive, sheet_path):
            return archive, sheet_path
    except (KeyError, ValueError, etree.XMLSyntaxError, zipfile.BadZipFile):
        pass
    archive.close()
    return None


def _streamed_rows(archive: zipfile.ZipFile, sheet_path: str) -> Iterator[tuple[int, list[Cell]]]:
    """A streamed sheet's rows; a sheet damaged past its start is a file error when the reading reaches the damage."""
    try:
        shared, kinds = xlsx_stream.shared_strings(archive), xlsx_stream.style_kinds(archive)
        with archive.open(sheet_path) as source:
            yield from xlsx_stream.sheet_rows(source, shared, kinds)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, IndexError) as error:
        raise ImportFileError(_unreadable_xlsx()) from error


def _unreadable_xlsx() -> str:
    return _("无法读取该Excel文件，文件可能已损坏或不是.xlsx格式")


def max_rows() -> int:
    """The most rows below the header one upload may hold (setting IMPORT_MAX_ROWS): a bigger file is refused
    before any row is read, rather than running for an hour and filling the disk with its errors file."""
    return int(getattr(settings, "IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


def rows_limited(table: Table) -> Table:
    """`table`, or the file-level error when it has more rows than an upload may hold. A CSV's count is its lines
    (a quoted cell with a line break counts twice), an .xlsx's its last row: blank rows count, as the sheet shows."""
    limit = max_rows()
    if table.rows_below_header > limit:
        raise ImportFileError(
            _("文件有%(rows)d行，超过了一次导入最多%(limit)d行的限制，请拆分成几个文件后分别导入")
            % {"rows": table.rows_below_header, "limit": limit}
        )
    return table


def _first_worksheet(workbook: CalamineWorkbook) -> int:
    """The index of the first sheet of cells (a chart sheet before it is not one), as openpyxl's `worksheets[0]`."""
    kinds = [sheet.typ for sheet in workbook.sheets_metadata]
    return next((index for index, kind in enumerate(kinds) if kind == SheetTypeEnum.WorkSheet), 0)


def _sheet_rows(sheet) -> Iterator[tuple[int, list[Cell]]]:
    """calamine reads the cells wherever they are (a wrong <dimension> does not stop it early) and yields rows from
    the sheet's first row, but columns only from the first column that holds anything: the empty columns before it
    are put back, so that a column keeps its letter."""
    start = sheet.start
    lead = [None] * (start[1] if start else 0)
    rows = enumerate(sheet.iter_rows(), start=1)
    while True:
        # A damaged sheet may fail while its rows are read, not only when it is opened: the same file-level error.
        try:
            number, cells = next(rows)
        except StopIteration:
            return
        except (CalamineError, OSError, ValueError) as error:
            raise ImportFileError(_unreadable_xlsx()) from error
        yield number, lead + [_xlsx_cell(cell) for cell in cells]


def _xlsx_cell(value) -> Cell:
    """A calamine cell as openpyxl gave it: an empty cell is None (calamine: ""); a whole number Excel holds exactly
    is an int (calamine reads every number as a float; a longer one stays a float, as openpyxl read Excel's
    `1.4010519900307E+17`); a date cell is a `datetime` at midnight (calamine: a `date`)."""
    kind = type(value)
    if kind is str:
        return value if value else None
    if kind is float:
        return int(value) if value.is_integer() and abs(value) < 10**EXCEL_EXACT_DIGITS else value
    if kind is datetime.date:
        return datetime.datetime(value.year, value.month, value.day)  # noqa: DTZ001 (Excel dates carry no zone)
    return value


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text and its encoding. A UTF-8 byte-order mark says UTF-8: bytes after it that are not UTF-8 (a GBK file
    an editor put the mark on) are refused rather than guessed at. A GB18030 mark is dropped."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise ImportFileError(
                _("CSV文件开头标明是UTF-8编码，但第%(byte)d个字节起的内容不是UTF-8编码，请重新另存为UTF-8或GBK编码")
                % {"byte": error.start + len(codecs.BOM_UTF8) + 1}
            ) from error
    if data.startswith(BOM_GB18030):
        data = data[len(BOM_GB18030) :]
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("无法识别CSV文件的编码，请另存为UTF-8或GBK编码"))


def _table(
    rows: Iterator[tuple[int, Iterable[Cell]]], known_headers: set[str], encoding: str, last_row: int = 0
) -> Table:
    top = []
    for number, cells in rows:
        cells = list(cells)
        if any(header_key(cell) in known_headers for cell in cells):
            return Table(_header(cells), number, _padded(rows, len(cells)), encoding, last_row)
        top.append((number, cells))
        if number >= HEADER_SEARCH_ROWS:
            break
    # No known column in the top rows: the first non-blank row is the header, so that the error names what is missing.
    number, cells = next(((number, cells) for number, cells in top if not is_blank(cells)), (0, []))
    if not number:
        raise ImportFileError(_("文件是空的"))
    return Table(_header(cells), number, iter(()), encoding)


def _header(cells: list[Cell]) -> list[str]:
    return [cell_text(cell) for cell in cells]


def _padded(rows: Iterator[tuple[int, Iterable[Cell]]], width: int) -> Iterator[tuple[int, list[Cell]]]:
    for number, cells in rows:
        if type(cells) is not list:
            cells = list(cells)
        yield number, (cells + [None] * (width - len(cells)))[:width] if len(cells) != width else cells

"""A file's rows as polars frames of cell texts, for the imports that check and write whole columns (survey
microdata: a million rows a month).

Two ways in, with the same result (`Block`: the spreadsheet's row numbers, each header column's cells as written
and as `cell_text` gives them, and the cells themselves for the few rows that need them):

- A plain CSV, the survey office's usual export, is split into lines and fields by polars without a Python object
  per cell. Plain means what makes its lines its records: no quote character, every line ending in LF or CRLF, no
  empty line, and every line with as many fields as the header. The header row is found as `open_table` finds it.
- Anything else (.xlsx, a CSV with quotes, ragged or empty lines) goes through `open_table`, BLOCK_ROWS rows at a
  time, so that memory stays bounded.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import batched
from pathlib import Path

import polars as pl

from jiuye.imports.columnar import texts
from jiuye.imports.readers import HEADER_SEARCH_ROWS, Cell, _table, decode_csv, header_key, is_blank, open_table

BLOCK_ROWS = 100_000
ROW = "_row"


@cache
def python_whitespace() -> str:
    """What `str.strip()` removes (polars' own whitespace leaves out \\x1c-\\x1f, which Python strips)."""
    return "".join(chr(code) for code in range(0x3001) if chr(code).isspace())


@dataclass
class Block:
    """Rows of a file: `numbers` as the spreadsheet shows them; `text` the header's columns (named by position,
    `column(index)`) as `cell_text` gives them ("" where blank); the cells themselves either as `raw`, the fields of
    a plain CSV as written, or as `cells`, the rows as `open_table` gave them."""

    numbers: pl.Series
    raw: pl.DataFrame | None
    text: pl.DataFrame
    cells: list[list[Cell]] | None = None

    def __len__(self) -> int:
        return len(self.numbers)

    def row_cells(self, index: int) -> list[Cell]:
        return self.cells[index] if self.cells is not None else list(self.raw.row(index))

    def cell(self, index: int, column: int) -> Cell:
        return self.row_cells(index)[column]


def column(index: int) -> str:
    return f"c{index}"


@dataclass
class FrameTable:
    header: list[str]
    header_row: int
    blocks: Iterator[Block]


def frame_table(path: Path, *, known_headers: set[str]):
    """A context manager giving the `FrameTable` of `path`; `ImportFileError` as `open_table` raises it."""
    if path.suffix.lower() == ".csv":
        plain = _plain_csv(path, known_headers)
        if plain is not None:
            return _given(plain)
    return _table_blocks(path, known_headers)


class _given:
    def __init__(self, table: FrameTable) -> None:
        self.table = table

    def __enter__(self) -> FrameTable:
        return self.table

    def __exit__(self, *exc) -> None:
        return None


class _table_blocks:
    def __init__(self, path: Path, known_headers: set[str]) -> None:
        self.opened = open_table(path, known_headers=known_headers)

    def __enter__(self) -> FrameTable:
        table = self.opened.__enter__()
        return FrameTable(table.header, table.header_row, _blocks(table.rows, len(table.header)))

    def __exit__(self, *exc) -> None:
        return self.opened.__exit__(*exc)


def _blocks(rows, width: int) -> Iterator[Block]:
    for batch in batched(rows, BLOCK_ROWS):
        kept = [(number, cells) for number, cells in batch if not is_blank(cells)]
        if not kept:
            continue
        by_column = list(zip(*(cells for _number, cells in kept), strict=True)) if width else []
        text = pl.DataFrame(
            {column(index): texts(cells) for index, cells in enumerate(by_column)},
            schema=[(column(index), pl.String) for index in range(width)],
        )
        numbers = pl.Series(ROW, [number for number, _cells in kept], dtype=pl.Int64)
        yield Block(numbers, None, text, [cells for _number, cells in kept])


def _plain_csv(path: Path, known_headers: set[str]) -> FrameTable | None:
    data = path.read_bytes()
    decoded, encoding = decode_csv(data)
    if encoding == "utf-8-sig":
        payload = data[3:]
    elif encoding == "utf-8":
        payload = data
    else:
        payload = decoded.encode()
    del decoded, data  # a month is some 60 MB of text: only one copy is kept
    if not _is_plain(payload):
        return None
    head = payload.split(b"\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]
    lines = [line.decode().removesuffix("\r") for line in head]
    table = _table(enumerate(csv.reader(lines), start=1), known_headers, encoding)
    width = len(table.header)
    # Lines are records and none is empty, so there are rows after the header if its line does not end the file. No
    # known column in the top rows: `open_table` reads no rows either (`columns_map` says what is missing).
    found = any(header_key(cell) in known_headers for cell in table.header)
    end = -1
    for _line in range(table.header_row):
        end = payload.find(b"\n", end + 1)
        if end < 0:
            break
    rows = found and 0 <= end < len(payload) - 1
    frame = _fields(payload if rows else b"", table.header_row, width)
    if frame is None:
        return None
    return FrameTable(table.header, table.header_row, _plain_blocks(frame, table.header_row, width))


def _is_plain(payload: bytes) -> bool:
    return not (
        b'"' in payload
        or b"\x1f" in payload  # polars reads the lines as one column with \x1f as the separator
        or b"\r" in payload.replace(b"\r\n", b"")
        or b"\n\n" in payload
        or b"\n\r\n" in payload
        or payload.startswith((b"\n", b"\r\n"))
    )


def _fields(payload: bytes, header_row: int, width: int) -> pl.DataFrame | None:
    """The lines after the header split into `width` fields each; None if a line has another number of fields."""
    names = [column(index) for index in range(width)]
    if not payload:
        return pl.DataFrame(schema=[(name, pl.String) for name in names])
    lines = pl.read_csv(
        payload, has_header=False, separator="\x1f", quote_char=None, schema={"line": pl.String},
        empty_string_is_null=False, truncate_ragged_lines=False, skip_lines=header_row,
    )["line"].str.strip_suffix("\r")  # fmt: skip
    if width == 0 or (lines.str.count_matches(",", literal=True) != width - 1).any():
        return None
    if width == 1:
        return pl.DataFrame({names[0]: lines})
    return lines.str.split_exact(",", width - 1).struct.rename_fields(names).struct.unnest()


def _plain_blocks(frame: pl.DataFrame, header_row: int, width: int) -> Iterator[Block]:
    whitespace = python_whitespace()
    escaped = "".join(f"\\x{{{ord(character):X}}}" for character in whitespace)  # polars' (Rust) regex syntax
    edge = f"^[{escaped}]|[{escaped}]$"
    padded = frame.select(pl.all().str.contains(edge).any())
    # A column without a padded cell is its own text (no copy).
    text = frame.select(
        pl.col(name).str.strip_chars(whitespace) if padded[name][0] else pl.col(name) for name in frame.columns
    )
    numbers = pl.Series(ROW, range(header_row + 1, header_row + 1 + len(frame)), dtype=pl.Int64)
    blank = pl.all_horizontal(pl.all() == "") if width else pl.lit(True)
    kept = ~text.select(blank.alias("blank"))["blank"]
    if not kept.all():
        frame, text, numbers = frame.filter(kept), text.filter(kept), numbers.filter(kept)
    if len(frame):
        yield Block(numbers, frame, text)

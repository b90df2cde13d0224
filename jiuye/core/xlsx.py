"""Cells for every .xlsx the app writes (error reports, exports, templates): text stays text.

- A text beginning with `=` is a formula to openpyxl, which would write a rejected cell `=HYPERLINK(...)` or
  `=cmd|' /C calc'!A0` back as a live formula (spreadsheet injection). Such a text, and one beginning with the
  other characters OWASP names for CSV injection (`+`, `-`, `@`, tab, carriage return), is written as a string
  cell marked quotePrefix, as Excel marks a cell typed with a leading apostrophe: it shows and stays text when
  edited, and reads back (openpyxl, calamine) exactly as typed, with no apostrophe added to its value.
- The control characters XML 1.0 cannot hold (openpyxl's IllegalCharacterError: `\\x00`-`\\x08`, `\\x0b`, `\\x0c`,
  `\\x0e`-`\\x1f`) are written as their escapes (`\\x0b` as the four characters `\\x0b`), so that the cell says what
  it held instead of failing the whole file.

Only the few risky cells become cell objects; the rest are passed as they are, so that a 100,000-row export in
openpyxl's write-only mode pays a type check and a regular-expression search per text.
"""

from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def xlsx_text(value: str) -> str:
    """`value` with each character XML cannot hold written as its escape (`\\x0b`)."""
    if ILLEGAL_CHARACTERS_RE.search(value) is None:
        return value
    return ILLEGAL_CHARACTERS_RE.sub(lambda match: f"\\x{ord(match.group()):02x}", value)


def xlsx_cell(sheet, value: Any) -> Any:
    """What to give `sheet.append` for `value` (write-only sheet or not): the value itself, its text made safe, or,
    for a text a spreadsheet could take as a formula, a string cell marked as text."""
    if not isinstance(value, str):
        return value
    value = xlsx_text(value)
    if len(value) < 2 or not value.startswith(FORMULA_STARTS):  # a lone "-" (nothing to report) is no formula
        return value
    cell = WriteOnlyCell(sheet, value=value)
    _as_text(cell)
    return cell


def xlsx_row(sheet, values) -> list:
    """`xlsx_cell` of each value, for `sheet.append`."""
    return [xlsx_cell(sheet, value) for value in values]


def xlsx_set(cell: Cell, value: Any) -> Cell:
    """Give a cell of an ordinary (not write-only) sheet `value` as `xlsx_cell` writes it."""
    if not isinstance(value, str):
        cell.value = value
        return cell
    cell.value = xlsx_text(value)
    if len(cell.value) > 1 and cell.value.startswith(FORMULA_STARTS):
        _as_text(cell)
    return cell


def _as_text(cell: Cell) -> None:
    cell.data_type = "s"  # openpyxl made a text beginning with "=" a formula ("f")
    cell.quotePrefix = True

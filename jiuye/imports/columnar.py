"""Checking a chunk of rows a column at a time.

The cells of a chunk are put into columns of text (`cell_text`), and a parser that has a whole-column form
(`Vectorized`, attached by `vectorized`, as `accepting` attaches `Accepts`) checks its column at once with polars
expressions: the cells it accepts get their values from it; the few it does not accept (a full-width digit, a
wrong check character, a spelling only the parser knows) go to the parser itself, cell by cell, which returns the
value or raises the Chinese reason. So the reasons stay in one place, the parsers, and a whole-column form needs
only to be sure of what it accepts: it must give exactly the parser's value (same Python type) for every cell it
accepts, and may leave any cell to the parser. A parser without a whole-column form checks each cell as before.

The result is what the row-by-row parse gave: per row, the values by column key (None where blank or absent) and
the row errors in column order.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jiuye.imports.readers import Cell, cell_text
from jiuye.imports.results import RowError

if TYPE_CHECKING:
    from jiuye.imports.kinds import ImportKind
    from jiuye.imports.services import MappedColumn

Check = Callable[[pl.Expr], tuple[pl.Expr, pl.Expr]]


@dataclass(frozen=True)
class Vectorized:
    """`check(text)` takes the column of cell texts (`cell_text`, "" where blank) and returns two expressions: the
    values, and whether each non-blank cell is accepted (the value is the parser's own then). With `objects`, the
    values are positions in it: a parser that returns objects polars does not hold (a choice's enum members)."""

    check: Check
    objects: tuple | None = None


def vectorized(check: Check, objects: Sequence | None = None) -> Callable:
    """Give a parser its whole-column form: `@vectorized(lambda text: (text, text.str.len_chars() <= 64))`."""

    def mark(parse):
        parse.vectorized = Vectorized(check, None if objects is None else tuple(objects))
        return parse

    return mark


def texts(cells: Sequence[Cell]) -> list[str]:
    """`cell_text` of each cell, quicker for the text cells that most are."""
    return [cell.strip() if type(cell) is str else cell_text(cell) for cell in cells]


@dataclass
class ParsedColumn:
    """One column of a chunk: each cell's text and value, and the reason of each rejected cell by row index."""

    texts: list[str]
    values: list
    reasons: dict[int, str]


def column_parse(column, cells: Sequence[Cell], text: list[str] | None = None) -> ParsedColumn:
    """Values and reasons for one column's cells (`column` a `Column`): blank cells are None (a reason if the
    column is required), the rest through the whole-column form where the parser has one, else cell by cell."""
    text = texts(cells) if text is None else text
    form = getattr(column.parse, "vectorized", None)
    if form is not None:
        values, accepted = _vectorized_values(form, text)
    else:
        values, accepted = [None] * len(text), [False] * len(text)
    reasons = {}
    for index, written in enumerate(text):
        if written == "":
            values[index] = None
            if column.required:
                reasons[index] = _("必填，不能为空")
        elif not accepted[index]:
            try:
                values[index] = column.parse(cells[index])
            except ValidationError as error:
                values[index] = None
                reasons[index] = "；".join(error.messages)
    return ParsedColumn(text, values, reasons)


def _vectorized_values(form: Vectorized, text: list[str]) -> tuple[list, list[bool]]:
    frame = pl.DataFrame({"text": text}, schema={"text": pl.String})
    value, accepted = form.check(pl.col("text"))
    checked = frame.select(value.alias("value"), accepted.fill_null(False).alias("accepted"))
    values = checked["value"].to_list()
    if form.objects is not None:
        values = [None if position is None else form.objects[position] for position in values]
    return values, checked["accepted"].to_list()


def rows_parse(
    kind: "ImportKind", columns: dict[str, "MappedColumn"], rows: Sequence[tuple[int, list[Cell]]]
) -> list[tuple[int, list[Cell], dict, list[RowError]]]:
    """`(number, cells, values, errors)` for each row, as `services.row_parse` gives them one row at a time."""
    if not rows:
        return []
    width = len(rows[0][1])
    by_index = list(zip(*(cells for _number, cells in rows), strict=True)) if width else []
    parsed = {key: column_parse(mapped.column, by_index[mapped.index]) for key, mapped in columns.items()}
    blank = dict.fromkeys(column.key for column in kind.columns)
    keys = list(parsed)
    value_rows = zip(*(parsed[key].values for key in keys), strict=True) if keys else [()] * len(rows)
    result = []
    for index, ((number, cells), row_values) in enumerate(zip(rows, value_rows, strict=True)):
        values = {**blank, **dict(zip(keys, row_values, strict=True))}
        errors = [
            RowError(row=number, column=columns[key].header, reason=parsed[key].reasons[index],
                     value=parsed[key].texts[index])
            for key in keys
            if index in parsed[key].reasons
        ]  # fmt: skip
        result.append((number, cells, values, errors))
    return result

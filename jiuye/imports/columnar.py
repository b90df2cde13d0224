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
    """`cell_text` of each cell, quicker for the text and whole-number cells that most are (a month's monitoring
    file holds 1.3 million counts)."""
    return [
        cell.strip() if (kind := type(cell)) is str else str(cell) if kind is int else cell_text(cell)
        for cell in cells
    ]


@dataclass
class ParsedColumn:
    """One column of a chunk: each cell's text and value, and the reason of each rejected cell by row index."""

    texts: list[str]
    values: list
    reasons: dict[int, str]


def column_parse(column, cells: Sequence[Cell]) -> ParsedColumn:
    """Values and reasons for one column's cells (`column` a `Column`)."""
    return columns_parse({"column": column}, {"column": cells})["column"]


def columns_parse(columns: dict[str, object], cells: dict[str, Sequence[Cell]]) -> dict[str, ParsedColumn]:
    """Values and reasons for several columns (`Column`s by key) of the same rows: blank cells are None (a reason
    if the column is required), the rest through the whole-column forms, all evaluated in one polars query, and
    cell by cell for what a form does not accept or where the parser has none."""
    text = {key: texts(cells[key]) for key in columns}
    forms = {key: form for key, column in columns.items() if (form := getattr(column.parse, "vectorized", None))}
    checked = _vectorized_values(forms, text)
    parsed = {}
    for key, column in columns.items():
        values, accepted = checked.get(key) or ([None] * len(text[key]), None)
        parsed[key] = _column_finish(column, cells[key], text[key], values, accepted)
    return parsed


def _column_finish(column, cells, text: list[str], values: list, accepted: list[bool] | None) -> ParsedColumn:
    reasons = {}
    for index, written in enumerate(text):
        if written == "":
            values[index] = None
            if column.required:
                reasons[index] = _("必填，不能为空")
        elif accepted is None or not accepted[index]:
            try:
                values[index] = column.parse(cells[index])
            except ValidationError as error:
                values[index] = None
                reasons[index] = "；".join(error.messages)
    return ParsedColumn(text, values, reasons)


def _vectorized_values(forms: dict[str, Vectorized], text: dict[str, list[str]]) -> dict[str, tuple[list, list]]:
    """Each form's values and acceptance over its column, in one query (polars runs the columns in parallel)."""
    if not forms:
        return {}
    frame = pl.DataFrame({key: text[key] for key in forms}, schema=dict.fromkeys(forms, pl.String))
    expressions = []
    for key, form in forms.items():
        value, accepted = form.check(pl.col(key))
        expressions += [value.alias(f"value:{key}"), accepted.fill_null(False).alias(f"accepted:{key}")]
    checked = frame.select(expressions)
    result = {}
    for key, form in forms.items():
        values = checked[f"value:{key}"].to_list()
        if form.objects is not None:
            values = [None if position is None else form.objects[position] for position in values]
        result[key] = (values, checked[f"accepted:{key}"].to_list())
    return result


def rows_parse(
    kind: "ImportKind", columns: dict[str, "MappedColumn"], rows: Sequence[tuple[int, list[Cell]]]
) -> list[tuple[int, list[Cell], dict, list[RowError]]]:
    """`(number, cells, values, errors)` for each row: the values by column key (None where blank) and the row's cell
    errors (a required cell blank, a parser's reason)."""
    if not rows:
        return []
    width = len(rows[0][1])
    by_index = list(zip(*(cells for _number, cells in rows), strict=True)) if width else []
    parsed = columns_parse(
        {key: mapped.column for key, mapped in columns.items()},
        {key: by_index[mapped.index] for key, mapped in columns.items()},
    )
    # Every key of the kind, in the kind's order, None where the file has no such column.
    keys = list(dict.fromkeys(column.key for column in kind.columns))
    absent = [None] * len(rows)
    value_rows = zip(*(parsed[key].values if key in parsed else absent for key in keys), strict=True)
    rejected = sorted({index for column in parsed.values() for index in column.reasons})
    result = [
        (number, cells, dict(zip(keys, row_values, strict=True)), [])
        for (number, cells), row_values in zip(rows, value_rows, strict=True)
    ]
    for index in rejected:
        number, _cells, _values, errors = result[index]
        errors.extend(
            RowError(row=number, column=columns[key].header, reason=column.reasons[index], value=column.texts[index])
            for key, column in parsed.items()
            if index in column.reasons
        )
    return result

"""Writing a polars frame into a table in bulk: `COPY ... FROM STDIN` on PostgreSQL (psycopg's `cursor.copy`), the
fastest way in; the frame goes as CSV in slices, so that memory stays bounded. Elsewhere (SQLite) the callers use
`jiuye.core.db.values_insert`, one prepared statement with `executemany`.

The names come from the model and the values go as data, so nothing here is built from user input."""

from collections.abc import Sequence

import polars as pl
from django.db import connection, models

COPY_ROWS = 100_000
NULL = r"\N"


def frame_copy(model: type[models.Model], fields: Sequence[str], frame: pl.DataFrame) -> None:
    """COPY `frame` (its columns in the order of `fields`, attribute names such as `period` or `period_id`) into
    `model`'s table, on PostgreSQL."""
    quote = connection.ops.quote_name
    sql = "COPY {} ({}) FROM STDIN WITH (FORMAT csv, NULL '{}')".format(
        quote(model._meta.db_table),
        ", ".join(quote(model._meta.get_field(name).column) for name in fields),
        NULL,
    )
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for block in frame.iter_slices(COPY_ROWS):
            copy.write(block.write_csv(include_header=False, null_value=NULL))

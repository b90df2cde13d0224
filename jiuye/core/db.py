"""Bulk INSERTs without model instances, for the paths that write tens of thousands of rows at once: a month of
survey microdata (`jiuye.lfs.services`), a month's file of monitored-enterprise reports with their revisions and
audit events (`jiuye.monitoring.services`), and the benchmarks' set-up.

`bulk_create` spends most of its time building instances and compiling multi-row statements, some 90 µs a row; one
prepared statement sent with `executemany` is several times faster, and PostgreSQL's `COPY` faster again. The names
come from the model and the values go as parameters (or COPY's rows), so nothing here is built from user input.
"""

import time
from collections.abc import Iterable, Sequence
from itertools import batched

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

BATCH_SIZE = 1000
# The fields whose values are prepared as Django prepares them (`get_db_prep_save`); numbers, text and booleans go
# as they are, since preparing 20 counts of 100,000 reports would take longer than inserting them.
PREPARED_FIELDS = (
    models.DateField,  # and DateTimeField: the time zone, and no sqlite3 default adapter (deprecated in 3.12)
    models.TimeField,
    models.DecimalField,
    models.JSONField,
    models.UUIDField,
    models.GenericIPAddressField,
)


def tables_analyze(labels: Iterable[str]) -> None:
    """ANALYZE the tables of the models `labels` names ("people.Person") on PostgreSQL: a table an import has just
    filled keeps the statistics of when it was empty until autovacuum comes by, and the planner reads a few
    thousand rows by a sequential scan where an index serves (issue 15: a register look-up scanned 5,604 entries a
    row, 540 s for 50,000 rows). Other databases plan without such statistics: nothing to do. Allowed inside a
    transaction block, where it counts the transaction's own rows."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(apps.get_model(label)._meta.db_table) for label in labels)
    if tables:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")


def values_insert(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence], *, batch_size: int = BATCH_SIZE
) -> None:
    """INSERT `rows`, each the values of `fields` (attribute names: `period_id` or `period`) as the database takes
    them, e.g. `values_insert(SurveyRecord, ["period", "weight"], [(7, 1520.5), (7, 980.0)])`. `rows` may be a
    generator: it is read `batch_size` rows at a time. On PostgreSQL the rows go by `COPY ... FROM STDIN`, which
    takes a tenth of the time of an INSERT a row, even sent together (`executemany`)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    if connection.vendor == "postgresql":
        _rows_copy(f"COPY {table} ({columns}) FROM STDIN", rows, batch_size)
        return
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608  (see above)
    with connection.cursor() as cursor:
        for batch in batched(rows, batch_size):
            cursor.executemany(sql, batch)


def _rows_copy(sql: str, rows: Iterable[Sequence], batch_size: int) -> None:
    """PostgreSQL's `COPY ... FROM STDIN` (psycopg's `cursor.copy`) rather than `executemany`'s statement a row,
    for a month's 100,000 monitoring reports, their revisions and audit events. One COPY a batch, each logged as one
    query where queries are logged (as `executemany` is), so that the tests counting queries count the same."""
    with connection.cursor() as cursor:
        for batch in batched(rows, batch_size):
            started = time.monotonic()
            with cursor.cursor.copy(sql) as copy:
                for row in batch:
                    copy.write_row(row)
            if connection.queries_logged:
                duration = time.monotonic() - started
                connection.queries_log.append({"sql": f"{sql} -- {len(batch)} rows", "time": f"{duration:.3f}"})


def _stamped(field: models.Field) -> bool:
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def rows_insert(
    model: type[models.Model], rows: list[dict] | list[models.Model], *, batch_size: int = BATCH_SIZE
) -> None:
    """INSERT `rows` into every column but the primary key: dicts by attribute name (a field the first dict leaves
    out takes its default in every row) or unsaved instances, whose values are read as they stand (`pre_save` is
    not called: an `auto_now` or `auto_now_add` field left empty takes the time of the insert, one time for all
    rows). Dates, times, decimals, JSON and addresses are prepared as Django prepares them (`PREPARED_FIELDS`); the
    primary keys are not read back."""
    if not rows:
        return
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    prepare = [isinstance(field, PREPARED_FIELDS) for field in fields]
    now = timezone.now()
    if isinstance(rows[0], dict):
        defaults = {field.attname: field.get_default() for field in fields if field.attname not in rows[0]}

        def given(row: dict, name: str):
            return row[name] if name in row else defaults[name]
    else:
        given = getattr

    def given_or_now(row, name: str):
        found = given(row, name)
        return now if found is None else found

    # Only the auto_now columns pay for the check: a month's import writes millions of values.
    readers = [given_or_now if _stamped(field) else given for field in fields]
    # The connection itself, not the thread-local proxy `connection`, whose every attribute is a look-up in
    # asgiref's Local: preparing 300,000 values through it took longer than inserting them.
    database = connections[DEFAULT_DB_ALIAS]
    columns = [
        (field.attname, read, _Prepare(field, database) if prepared else None)
        for field, prepared, read in zip(fields, prepare, readers, strict=True)
    ]
    values = (
        [
            read(row, name) if prepare_value is None else prepare_value(read(row, name))
            for name, read, prepare_value in columns
        ]
        for row in rows
    )
    values_insert(model, [field.attname for field in fields], values, batch_size=batch_size)


class _Prepare:
    """A column's values prepared as Django prepares them; the same object as the row before's (one time stamped on
    a whole batch of audit events) is prepared once."""

    def __init__(self, field: models.Field, database) -> None:
        self.field, self.database = field, database
        self.last, self.prepared = object(), None

    def __call__(self, value):
        if value is None:
            return None
        if value is not self.last:
            self.last, self.prepared = value, self.field.get_db_prep_save(value, self.database)
        return self.prepared

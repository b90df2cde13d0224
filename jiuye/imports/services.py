"""Running an import: one file, one kind, one transaction, one import record.

A run reads the file in chunks, parses each chunk a column at a time (`jiuye.imports.columnar`), rejects a row with
every reason found (a row is written whole or not at all), rejects the second of two rows with the same key, and
counts what the kind did. Each chunk (CHUNK_ROWS) goes to the kind whole (`ImportKind.save_chunk`), which fetches
what its rows refer to in a few queries and writes what it decided in bulk. A dry run does all of it, counts
exactly, and rolls everything back; the import record and the audit event are written after the rollback. A commit
writes the rows, the record, the audit event and the errors file in the same transaction, so a file never
half-writes (an errors file whose transaction rolls back is removed).
"""

import datetime
import gc
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import batched
from pathlib import Path

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from jiuye.accounts.models import User
from jiuye.accounts.scope import user_region_prefix
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import audit_record
from jiuye.core.db import tables_analyze
from jiuye.imports.columnar import rows_parse
from jiuye.imports.columns import Column
from jiuye.imports.enums import ImportStatus
from jiuye.imports.kinds import ImportContext, ImportKind, get_kind
from jiuye.imports.models import ImportRecord
from jiuye.imports.perms import can_view_import
from jiuye.imports.readers import (
    Cell,
    ImportFileError,
    cell_text,
    header_key,
    is_blank,
    open_table,
    rows_limited,
)
from jiuye.imports.results import ImportResult, RowError
from jiuye.imports.storage import REASONS_HEADER, ROW_HEADER, errors_masked, errors_path, errors_write, file_sha256

# Columns that carry nothing to import: a register's row counter, empty header cells, and the row number and reasons
# the error report adds to the rejected rows (so that its sheet, corrected, imports again).
IGNORED_HEADERS = {"", "序号", ROW_HEADER, REASONS_HEADER}
# Rows a kind decides and writes at once (`ImportKind.save_chunk`).
CHUNK_ROWS = 1000
PARSE_CHUNKS = 10


@dataclass(frozen=True)
class ImportProgress:
    """How far a run is, reported after each chunk: rows read from the file, rows checked (parsed, and decided by the
    kind), rows written (created or updated). `total` is the file's row count where the reader knows it, else 0."""

    rows_read: int
    rows_checked: int
    rows_written: int
    total: int = 0


ProgressCallback = Callable[[ImportProgress], None]


@dataclass(frozen=True)
class MappedColumn:
    column: Column
    index: int
    header: str  # as the file wrote it, for the error report


def import_run(
    *,
    user: User,
    kind: str,
    path: Path,
    file_name: str = "",
    dry_run: bool = True,
    preview: ImportRecord | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[ImportRecord, ImportResult]:
    """Import `path` as `kind` for `user`; returns the record and what was found. Rejected rows go to the record's
    error report (`storage.errors_path(record.pk)`), written in the same transaction as the rows and the record.
    `progress` is called after each chunk (a task's progress bar)."""
    import_kind = _kind_for(user, kind)
    started_at = timezone.now()
    context = ImportContext(user=user, today=timezone.localdate())
    record = None
    with errors_files_undone() as report:
        with transaction.atomic():
            result = _rows_import(import_kind, context, path, progress)
            if dry_run or result.failure:
                transaction.set_rollback(True)
            else:
                record = _record_create(user, import_kind, path, file_name, started_at, dry_run, result, preview)
                errors_save(record, result, report)
        if record is None:
            with transaction.atomic():
                record = _record_create(user, import_kind, path, file_name, started_at, dry_run, result, preview)
                errors_save(record, result, report)
    if not dry_run and not result.failure and result.created + result.updated >= settings.IMPORTS_ANALYZE_ROWS:
        tables_analyze(import_kind.tables)
    return record, result


@contextmanager
def errors_files_undone() -> Iterator[list[Path]]:
    """A list for `errors_save` to put the errors files it writes in, which are removed if the block raises: around
    the transaction that writes a run's rows and record, so that a file whose transaction rolls back goes too."""
    report: list[Path] = []
    try:
        yield report
    except BaseException:
        for written in report:
            written.unlink(missing_ok=True)
        raise


def errors_save(record: ImportRecord, result: ImportResult, report: list[Path]) -> None:
    """The run's errors file, written inside the transaction that writes its rows and its record: a writer that
    fails (a full disk) rolls back the rows, the record and its audit event, so that no import is without its
    errors file. `report` (from `errors_files_undone`) gets the path first, to remove the file on a rollback."""
    if not result.rejected:
        return
    report.append(errors_path(record.pk))
    errors_write(report[-1], errors=result.errors, header=result.header, rejected_rows=result.rejected_rows)


def _kind_for(user: User, code: str) -> ImportKind:
    kind = get_kind(code)
    if kind is None:
        raise ValidationError(_("没有“%(kind)s”这种导入类型") % {"kind": code})
    if user_region_prefix(user) is None or not kind.can_run(user):
        raise PermissionDenied(_("您没有导入%(label)s的权限。") % {"label": kind.label})
    return kind


def _rows_import(
    kind: ImportKind, context: ImportContext, path: Path, progress: ProgressCallback | None
) -> ImportResult:
    result = ImportResult()
    try:
        with open_table(path, known_headers=kind.known_headers) as table:
            rows_limited(table)
            result.header = table.header
            columns = columns_map(kind, table.header, result)
            seen: dict[object, int] = {}
            read = 0
            for chunk_read, parsed in parsed_chunks(kind, columns, table.rows):
                _chunk_import(kind, context, columns, parsed, result, seen)
                read += chunk_read
                if progress is not None:
                    done = result.created + result.updated + result.unchanged + result.rejected
                    written = result.created + result.updated
                    progress(ImportProgress(read, done, written, table.rows_below_header))
    except ImportFileError as error:
        # Nothing of a failed file is written (the caller rolls back), so nothing is counted, even where the file
        # failed after some chunks (a sheet damaged half-way).
        result = ImportResult(header=result.header, unknown_columns=result.unknown_columns, failure=str(error))
    return result


def parsed_chunks(kind: ImportKind, columns: dict[str, "MappedColumn"], rows: Iterable[tuple[int, list[Cell]]]):
    """The file's rows in chunks of CHUNK_ROWS, each as the number of rows it read and its non-blank rows parsed
    (`columnar.rows_parse`: number, cells, values, errors). Rows are parsed PARSE_CHUNKS chunks at a time, since a
    whole-column query costs about the same for 1,000 rows as for 10,000."""
    for block in batched(rows, CHUNK_ROWS * PARSE_CHUNKS):
        parsed = rows_parse(kind, columns, [(number, cells) for number, cells in block if not is_blank(cells)])
        numbers = [row[0] for row in parsed]
        start = 0
        for chunk in batched(block, CHUNK_ROWS):
            end = bisect_right(numbers, chunk[-1][0], lo=start)
            yield len(chunk), parsed[start:end]
            start = end


def _chunk_import(kind, context, columns, parsed, result: ImportResult, seen: dict) -> None:
    """Duplicates and cell errors found first, then the kind decides and writes the rest of the chunk at once
    (`ImportKind.save_chunk`); rows are counted and rejected in file order, so that the errors file lists them in
    the order of the sheet."""
    valid = []
    for number, cells, values, errors in parsed:
        _duplicate_check(kind, columns, number, cells, values, errors, seen)
        if not errors:
            valid.append(values)
    with _collector_paused():
        outcomes = kind.save_chunk(context, valid) if valid else []
    if len(outcomes) != len(valid):
        raise ValueError(f"{kind.code}: save_chunk returned {len(outcomes)} outcomes for {len(valid)} rows")
    decided = iter(outcomes)
    for number, cells, _values, errors in parsed:
        outcome = None if errors else next(decided)
        if isinstance(outcome, ValidationError):
            errors = _errors_from(outcome, number, columns, cells)
        if errors:
            result.reject(number, cells, errors)
        else:
            result.count(outcome)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a kind decides and writes a chunk: its 1,000 rows make tens of
    thousands of short-lived objects (freed by their counts, few in a cycle), which set off full collections that walk
    every object of the process; they took a third of a register's and of a month's monitoring import. What cycles a
    chunk leaves (a rejected row's error with its traceback) wait for the next collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _duplicate_check(kind, columns, number: int, cells: list[Cell], values: dict, errors: list, seen: dict) -> None:
    key = kind.duplicate_key
    if key in columns and values.get(key) is not None:
        first = seen.setdefault(values[key], number)
        if first != number:
            reason = _("与第%(row)d行重复（%(column)s相同），本行未导入") % {
                "row": first,
                "column": columns[key].header,
            }
            errors.append(row_error(number, columns[key], cells, reason))


def columns_map(kind: ImportKind, header: list[str], result: ImportResult) -> dict[str, MappedColumn]:
    """Columns by key; unknown headers are noted, a column given twice or a required one missing fails the file."""
    by_name = {name: column for column in kind.columns for name in column.names}
    mapped: dict[str, MappedColumn] = {}
    for index, written in enumerate(header):
        column = by_name.get(header_key(written))
        if column is None:
            if header_key(written) not in IGNORED_HEADERS:
                result.unknown_columns.append(written)
            continue
        if column.key in mapped:
            raise ImportFileError(
                _("“%(column)s”列出现了两次（第%(first)s列和第%(second)s列）")
                % {"column": column.header, "first": _letter(mapped[column.key].index), "second": _letter(index)}
            )
        mapped[column.key] = MappedColumn(column, index, written)
    missing = [column.header for column in kind.columns if column.required and column.key not in mapped]
    if missing:
        raise ImportFileError(_("缺少必填的列：%(columns)s") % {"columns": "、".join(missing)})
    return mapped


def _letter(index: int) -> str:
    return get_column_letter(index + 1)


def _errors_from(error: Exception, number: int, columns: dict[str, MappedColumn], cells: list[Cell]) -> list:
    """A service's ValidationError keyed by field lands on the column of that key; anything else on the row."""
    if not hasattr(error, "error_dict"):
        return [row_error(number, None, cells, _reason(error))]
    return [
        row_error(number, columns.get(key) if key != NON_FIELD_ERRORS else None, cells, "；".join(messages))
        for key, messages in error.message_dict.items()
    ]


def row_error(number: int, mapped: MappedColumn | None, cells: list[Cell], reason: str) -> RowError:
    if mapped is None:
        return RowError(row=number, column="", reason=reason)
    return RowError(row=number, column=mapped.header, reason=reason, value=cell_text(cells[mapped.index]))


def _reason(error: Exception) -> str:
    return "；".join(error.messages) if isinstance(error, ValidationError) else str(error)


def _record_create(user, kind, path, file_name, started_at, dry_run, result, preview) -> ImportRecord:
    return import_record_create(
        user=user, kind=kind, file_name=(file_name or path.name), sha256=file_sha256(path), started_at=started_at,
        dry_run=dry_run, result=result, preview=preview,
    )  # fmt: skip


def import_record_create(
    *,
    user: User,
    kind: ImportKind,
    file_name: str,
    sha256: str,
    started_at: datetime.datetime,
    dry_run: bool,
    result: ImportResult,
    preview: list,
    details: dict | None = None,
) -> ImportRecord:
    """The record of one run (who, when, file hash, counts), written after the run's own transaction so that a dry
    run or a failed file still leaves it, and its audit event. `details` adds to the audit (the survey month)."""
    record = ImportRecord.objects.create(
        user=user,
        region_code=user_region_prefix(user) or "",
        kind=kind.code,
        file_name=file_name[:255],
        sha256=sha256,
        started_at=started_at,
        finished_at=timezone.now(),
        dry_run=dry_run,
        status=ImportStatus.FAILED if result.failure else ImportStatus.SUCCEEDED,
        message=result.failure[:500],
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        rejected=result.rejected,
        unknown_columns=result.unknown_columns,
        preview=preview,
    )
    what = _("试导入") if dry_run else _("导入")
    audit_record(
        user=user,
        action=AuditAction.IMPORT,
        target=record,
        region_code=record.region_code,
        summary=f"{what}{kind.label}“{record.file_name}”：" + (result.failure or record.counts_text),
        changes={**(details or {}), "sha256": sha256, "dry_run": dry_run, "status": record.status},
    )
    return record


def import_errors_export(*, user: User, record: ImportRecord) -> Path:
    """The error report of a run, for a user who may see the run; the download is audited, since the rejected rows
    hold resident ID numbers as typed. A user who may not see the numbers whole gets them masked (the kind's
    `errors_masking`): every valid number, while an invalid one stays as typed, to be corrected."""
    path = errors_path(record.pk)
    if not can_view_import(user, record) or not record.rejected or not path.exists():
        raise PermissionDenied(_("该导入记录不存在或不在您的管辖范围内。"))
    audit_record(
        user=user,
        action=AuditAction.EXPORT,
        target=record,
        region_code=record.region_code,
        summary=_("下载导入错误明细：%(file)s") % {"file": record.file_name},
    )
    kind = get_kind(record.kind)
    mask = kind.errors_masking(user) if kind is not None and kind.errors_masking is not None else None
    return path if mask is None else errors_masked(path, mask)

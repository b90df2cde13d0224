"""Where uploaded files and error reports are kept: under IMPORTS_DIR (default var/imports/), outside the database,
because both hold resident ID numbers as typed, which the database never holds in clear.

- `uploads/<sha256><suffix>`: a file uploaded on the web, kept so that the confirm step imports exactly the file
  that was previewed; the same file uploaded twice is stored once.
- `errors/<import record id>.xlsx`: the rejected rows of a run, for download by users who may see the record;
  `errors/masked/<import record id>.xlsx` the same with the resident ID numbers masked, for those of them who may
  not see the numbers whole (`ImportKind.errors_masking`).
"""

import hashlib
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby, islice
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from openpyxl import Workbook, load_workbook

from jiuye.core.xlsx import xlsx_row
from jiuye.imports.readers import Cell
from jiuye.imports.results import RowError

ERRORS_SHEET = "错误明细"
REJECTED_SHEET = "被拒绝的行"
ERRORS_HEADER = ["行号", "列", "原因", "填写的内容"]
ROW_HEADER, REASONS_HEADER = "行号", "错误原因"  # the columns the rejected rows sheet adds to the file's own
CHUNK = 1 << 20


def imports_dir() -> Path:
    return Path(getattr(settings, "IMPORTS_DIR", settings.VAR_DIR / "imports"))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def upload_save(upload: UploadedFile) -> tuple[Path, str]:
    """Store an upload under its SHA-256; returns the stored path and the hash."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    sha256 = digest.hexdigest()
    path = upload_path(sha256, upload.name or "")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
    return path, sha256


def upload_path(sha256: str, file_name: str) -> Path:
    return imports_dir() / "uploads" / f"{sha256}{Path(file_name).suffix.lower()}"


def errors_path(record_pk: int) -> Path:
    return imports_dir() / "errors" / f"{record_pk}.xlsx"


def errors_write(
    path: Path, *, errors: list[RowError], header: list[str], rejected_rows: Iterable[tuple[int, list[Cell]]]
) -> Path:
    """Two sheets: one line per error (row as the spreadsheet numbers it, column header, reason, what was written),
    and the rejected rows as they were, under the file's own header, with their reasons in a last column
    (`REASONS_HEADER`), to correct and import again (the importer ignores the row number and reason columns)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(ERRORS_SHEET)
    sheet.append(ERRORS_HEADER)
    reasons: dict[int, list[str]] = {}
    for error in errors:
        sheet.append(xlsx_row(sheet, [error.row, error.column, error.reason, error.value]))
        reasons.setdefault(error.row, []).append(f"{error.column}：{error.reason}" if error.column else error.reason)
    rows = workbook.create_sheet(REJECTED_SHEET)
    rows.append(xlsx_row(rows, [ROW_HEADER, *header, REASONS_HEADER]))
    for number, cells in rejected_rows:
        rows.append(xlsx_row(rows, [number, *cells, "；".join(reasons.get(number, []))]))
    return _save(workbook, path)


def _save(workbook: Workbook, path: Path) -> Path:
    """Written beside its name and renamed, so that a writer that fails halfway leaves no half a file."""
    partial = path.with_name(f"{path.name}.partial")
    try:
        workbook.save(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def errors_masked(path: Path, mask: Callable[[str], str]) -> Path:
    """A copy of the errors file at `path` with `mask` applied to each text cell (`masked/<record id>.xlsx`),
    written once and kept beside it: the file of a run never changes."""
    masked = path.parent / "masked" / path.name
    if masked.exists():
        return masked
    masked.parent.mkdir(parents=True, exist_ok=True)
    source = load_workbook(path, read_only=True)
    try:
        workbook = Workbook(write_only=True)
        for sheet in source.worksheets:
            copy = workbook.create_sheet(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                copy.append(xlsx_row(copy, [mask(cell) if isinstance(cell, str) else cell for cell in row]))
    finally:
        source.close()
    return _save(workbook, masked)


class RejectedRows:
    """A run's rejected rows, each with its errors, as a sequence a `Paginator` pages: its length is the record's
    count of rejected rows, and a slice reads the report only as far as it needs (a report may hold 100,000 rows).
    Items are (row number, [RowError]) in file order."""

    def __init__(self, path: Path, count: int) -> None:
        self.path, self.count_rows = path, count

    def __len__(self) -> int:
        return self.count_rows

    def __getitem__(self, item: slice) -> list[tuple[int, list[RowError]]]:
        if not isinstance(item, slice) or item.step not in (None, 1):
            raise TypeError("RejectedRows is read by slices")
        start, stop, _step = item.indices(self.count_rows)
        if stop <= start or not self.path.exists():
            return []
        workbook = load_workbook(self.path, read_only=True)
        try:
            rows = groupby(_errors(workbook[ERRORS_SHEET]), key=lambda error: error.row)
            return [(number, list(errors)) for number, errors in islice(rows, start, stop)]
        finally:
            workbook.close()


def _errors(sheet) -> Iterator[RowError]:
    for row in sheet.iter_rows(min_row=2, values_only=True):
        number, column, reason, value = (list(row) + [None] * 4)[:4]
        yield RowError(row=number, column=column or "", reason=reason or "", value=value or "")

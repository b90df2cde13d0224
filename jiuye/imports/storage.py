"""Where uploaded files and error reports are kept: under IMPORTS_DIR (default var/imports/), outside the database,
because both hold resident ID numbers as typed, which the database never holds in clear.

- `uploads/<sha256><suffix>`: a file uploaded on the web, kept so that the confirm step imports exactly the file
  that was previewed; the same file uploaded twice is stored once.
- `errors/<import record id>.xlsx`: the rejected rows of a run, for download by users who may see the record.
"""

import hashlib
import io
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from jiuye.imports.readers import Cell
from jiuye.imports.results import RowError

ERRORS_SHEET = "错误明细"
REJECTED_SHEET = "被拒绝的行"
ERRORS_HEADER = ["行号", "列", "原因", "填写的内容"]
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
    and the rejected rows as they were, under the file's own header, to correct and import again."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(ERRORS_SHEET)
    sheet.append(ERRORS_HEADER)
    for error in errors:
        sheet.append([error.row, error.column, error.reason, error.value])
    rows = workbook.create_sheet(REJECTED_SHEET)
    rows.append([_("行号"), *header])
    for number, cells in rejected_rows:
        rows.append([number, *cells])
    workbook.save(path)
    return path


def template_workbook(kind) -> bytes:
    """An empty register for `kind` (an `ImportKind`): its headers on a sheet whose cells are text, so that Excel
    keeps resident ID numbers and phone numbers as typed, and a sheet listing the columns."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(kind.label)[:31]
    sheet.append([column.header for column in kind.columns])
    for index, column in enumerate(kind.columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.number_format, dimension.width = "@", max(12, 2 * len(column.header) + 4)
    guide = workbook.create_sheet(_("填写说明"))
    guide.append([_("列名"), _("必填"), _("也可写作")])
    for column in kind.columns:
        guide.append([column.header, _("是") if column.required else "", "、".join(column.aliases)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def errors_read(path: Path, *, limit: int | None = None) -> list[RowError]:
    """The first `limit` errors of a report, for the preview page."""
    workbook = load_workbook(path, read_only=True)
    try:
        errors = []
        for row in workbook[ERRORS_SHEET].iter_rows(min_row=2, values_only=True):
            if limit is not None and len(errors) >= limit:
                break
            number, column, reason, value = (list(row) + [None] * 4)[:4]
            errors.append(RowError(row=number, column=column or "", reason=reason or "", value=value or ""))
        return errors
    finally:
        workbook.close()

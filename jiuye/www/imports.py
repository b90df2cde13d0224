"""Import pages: upload a file, see what a dry run found, confirm it, download the rejected rows.

The upload is kept under its SHA-256 (`jiuye.imports.storage`), so the confirm button imports exactly the file that
was previewed. The preview and the confirmed import run as tasks outside the request (`jiuye.jobs`): the page
follows the job's progress and then opens the import's result (`jiuye.www.jobs`).
"""

from dataclasses import replace
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiuye.accounts.models import User
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import audit_record
from jiuye.imports.kinds import ImportKind, get_kind, upload_kinds
from jiuye.imports.models import ImportRecord
from jiuye.imports.perms import can_confirm_import, can_import
from jiuye.imports.readers import SUPPORTED_SUFFIXES, header_key
from jiuye.imports.results import RowError
from jiuye.imports.selectors import import_record_list
from jiuye.imports.services import import_errors_export
from jiuye.imports.storage import RejectedRows, errors_path, upload_path, upload_save
from jiuye.imports.template import template_workbook
from jiuye.jobs.selectors import job_confirming, jobs_unfinished
from jiuye.jobs.services import import_job_enqueue
from jiuye.people.masking import mask_ric, mask_rics_in_text
from jiuye.people.perms import can_unmask_ric
from jiuye.www.errors import error_text
from jiuye.www.jobs import job_follow

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
REJECTED_ROWS_PAGE = 50  # rejected rows a page of the import's detail lists, each with all its errors


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("导入类型"))
    file = forms.FileField(label=gettext_lazy("文件（.xlsx或.csv）"))

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.code, kind.label) for kind in upload_kinds(user)]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in SUPPORTED_SUFFIXES:
            raise forms.ValidationError(_("只能导入.xlsx或.csv文件；.xls请先另存为.xlsx"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件超过50MB，请用 import_register 命令导入"))
        return upload


def _importer(request: HttpRequest) -> User:
    if not can_import(request.user):
        raise PermissionDenied(_("您没有导入数据的权限。"))
    return request.user


def import_list(request: HttpRequest) -> HttpResponse:
    """GET: the upload form, the user's jobs still running and the imports of the user's region; POST: store the
    file and dry-run it as a task, then follow it."""
    user = _importer(request)
    form = UploadForm(
        request.POST or None, request.FILES or None, user=user, initial={"kind": request.GET.get("kind")}
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        path, _sha256 = upload_save(upload)
        job = import_job_enqueue(
            user=user, kind=form.cleaned_data["kind"], path=path, file_name=upload.name, dry_run=True
        )
        return job_follow(request, job)
    page = Paginator(import_record_list(user=user), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    kinds = upload_kinds(user)
    context = {"form": form, "page": page, "kinds": kinds, "jobs": jobs_unfinished(user=user)}
    return render(request, "www/imports/list.html", context)


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A dry run (with the confirm button for the user who ran it) or a committed import, with its first errors."""
    user = _importer(request)
    record = get_object_or_404(import_record_list(user=user), pk=pk)
    confirming = job_confirming(preview_pk=record.pk) if record.dry_run else None
    context = {
        "record": record,
        "rejected": rejected_rows_page(request, record),
        "can_confirm": confirming is None
        and can_confirm_import(user, record)
        and upload_path(record.sha256, record.file_name).exists(),
        "committed": record.commits.first() if record.dry_run else None,
        "confirming": confirming,
    }
    return render(request, "www/imports/detail.html", context)


def rejected_rows_page(request: HttpRequest, record: ImportRecord):
    """The requested page of a run's rejected rows with their errors (row, column, reason, the cell as typed);
    None when none was rejected or the report is gone. ID numbers as typed are shown as `rejected_rows_shown` says."""
    path = errors_path(record.pk)
    if not record.rejected or not path.exists():
        return None
    page = Paginator(RejectedRows(path, record.rejected), REJECTED_ROWS_PAGE).get_page(request.GET.get("page"))
    page.object_list = rejected_rows_shown(user=request.user, record=record, rows=list(page.object_list))
    return page


def rejected_rows_shown(
    *, user: User, record: ImportRecord, rows: list[tuple[int, list[RowError]]]
) -> list[tuple[int, list[RowError]]]:
    """The rows with the ID numbers typed in them masked (`140105********0012`: the masking policy of
    `jiuye.people.masking`), unless the user has the unmask permission; then they are shown whole and the showing is
    audited, one event a page, as a reveal on the person card is. A number is what was typed in the kind's ID column
    (a duplicate row, a bad check digit, a person out of scope) or anything ID-like in another cell, in the cell as
    typed and in the reason quoting it."""
    id_headers = _id_headers(record.kind)
    masked = [(number, [_error_masked(error, id_headers) for error in errors]) for number, errors in rows]
    if masked == rows or not can_unmask_ric(user):
        return masked
    audit_record(
        user=user,
        action=AuditAction.UNMASK,
        target=record,
        region_code=record.region_code,
        summary=_("查看导入被拒绝行中的完整公民身份号码：%(file)s") % {"file": record.file_name},
    )
    return rows


def _id_headers(kind_code: str) -> set[str]:
    kind = get_kind(kind_code)
    columns = kind.columns if kind is not None else []
    return {header_key(name) for column in columns if column.key == "ric" for name in column.names}


def _error_masked(error: RowError, id_headers: set[str]) -> RowError:
    value = str(error.value)
    if header_key(error.column) in id_headers:
        shown = mask_ric(value) if len(value) > 10 else "*" * len(value)
    else:
        shown = mask_rics_in_text(value)
    reason = mask_rics_in_text(error.reason.replace(value, shown) if value else error.reason)
    return error if (shown, reason) == (value, error.reason) else replace(error, value=shown, reason=reason)


@require_POST
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _importer(request)
    preview = get_object_or_404(import_record_list(user=user), pk=pk)
    path = upload_path(preview.sha256, preview.file_name)
    if not can_confirm_import(user, preview) or not path.exists():
        messages.error(request, _("这次试运行不能确认导入：只有试运行的人可以确认，且只能确认一次。"))
        return redirect("www:import_detail", pk=preview.pk)
    try:
        job = import_job_enqueue(
            user=user, kind=preview.kind, path=path, file_name=preview.file_name, dry_run=False, preview=preview
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("www:import_detail", pk=preview.pk)
    return job_follow(request, job)


def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    import_kind = get_kind(kind)
    if import_kind is None or not import_kind.can_run(_importer(request)):
        raise Http404(_("没有这种导入类型。"))
    return template_download(import_kind)


def template_download(kind: ImportKind) -> HttpResponse:
    """The blank template of `kind` as an .xlsx download (`jiuye.imports.template`)."""
    response = HttpResponse(
        template_workbook(kind), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{kind.label}模板.xlsx")
    return response


def import_errors(request: HttpRequest, pk: int) -> FileResponse:
    user = _importer(request)
    record = get_object_or_404(import_record_list(user=user), pk=pk)
    try:
        path = import_errors_export(user=user, record=record)
    except PermissionDenied as error:
        raise Http404(str(error)) from error
    name = f"{Path(record.file_name).stem}.errors.xlsx"
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)

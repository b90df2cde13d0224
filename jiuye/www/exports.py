"""The Excel exports of the lists of people: a masked export is a plain link; a full-number export (完整号码, for
users with the unmask permission) is a small form on the list that asks for the purpose (查询用途: a kind and a few
words) and a confirmation, posted; the export's audit event keeps the purpose (`jiuye.reports.excel`).

A GET of a full-number export, or a post without a purpose, exports nothing: it shows the form again (400) with the
reason, so the link cannot be bookmarked or sent round to skip the question.

An export of more than EXPORT_JOB_ROWS rows (`jiuye.jobs.exports`) is not written in the request: the page enqueues
a job that writes the same file on a worker and sends the browser to the job's page, its progress and then its
download. A smaller one is the immediate download it always was.
"""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.jobs.exports import ExportRequest, export_is_large, export_job_enqueue
from jiuye.reports.excel import ExcelFile, excel_response
from jiuye.second_factor.perms import check_second_factor
from jiuye.www.errors import form_errors
from jiuye.www.jobs import job_follow

PURPOSE_KINDS = [
    ("", gettext_lazy("请选择")),
    ("service", gettext_lazy("就业服务与跟踪回访")),
    ("policy", gettext_lazy("政策落实与资金核查")),
    ("reporting", gettext_lazy("上级统计与报送")),
    ("inspection", gettext_lazy("检查督导")),
    ("other", gettext_lazy("其他")),
]


class ExportPurposeForm(forms.Form):
    purpose_kind = forms.ChoiceField(label=gettext_lazy("查询用途"), choices=PURPOSE_KINDS)
    purpose = forms.CharField(
        label=gettext_lazy("用途说明"), min_length=4, max_length=200,
        help_text=gettext_lazy("写明具体事项，如：6月登记失业人员电话回访"),
    )  # fmt: skip
    confirm = forms.BooleanField(
        label=gettext_lazy("我确认：导出的个人信息仅用于上述用途，妥善保管，不外传，用毕删除；本次导出记入审计日志")
    )

    def purpose_text(self) -> str:
        """`就业服务与跟踪回访：6月登记失业人员电话回访`, as the audit event keeps it; '' until valid."""
        if not self.is_valid():
            return ""
        kind = dict(PURPOSE_KINDS)[self.cleaned_data["purpose_kind"]]
        return f"{kind}：{self.cleaned_data['purpose'].strip()}"


def export_response(
    request: HttpRequest, build: Callable[[bool, str], ExcelFile], large: ExportRequest | None = None
) -> HttpResponse:
    """The file `build(unmasked, purpose)` makes: masked unless `?unmasked=1`; full numbers only for a valid posted
    purpose form. The service refuses a user without the permission (403) and a missing purpose; the latter shows
    the form again, with its errors when it was posted. `large`, the same export as a job could write it: when it
    has more than EXPORT_JOB_ROWS rows, the job is enqueued and the browser follows it."""
    unmasked = request.GET.get("unmasked") == "1"
    if not unmasked:
        return _export_or_job(request, build, large, False, "")
    check_second_factor(request)
    form = ExportPurposeForm(request.POST if request.method == "POST" else None)
    try:
        return _export_or_job(request, build, large, True, form.purpose_text())
    except ValidationError as error:
        if form.is_bound and form.is_valid():
            form_errors(form, error)
    title = _("导出完整号码：请说明查询用途")
    return render(request, "www/export_purpose.html", {"form": form, "title": title}, status=400)


def _export_or_job(
    request: HttpRequest,
    build: Callable[[bool, str], ExcelFile],
    large: ExportRequest | None,
    unmasked: bool,
    purpose: str,
) -> HttpResponse:
    if large is not None and export_is_large(user=request.user, request=large):
        job = export_job_enqueue(user=request.user, request=large, unmasked=unmasked, purpose=purpose)
        return job_follow(request, job)
    return excel_response(build(unmasked, purpose))

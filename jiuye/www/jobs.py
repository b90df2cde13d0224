"""A job's page: the progress of long work a user started (an upload's import), polled by htmx every second while
it runs, and the way to its result once it has ended.

An upload page enqueues the work and sends the browser here (`job_follow`); when the work has already ended (the
immediate backend, or a very quick worker) it goes straight to the result. A job that ended with an import record
leads to that record's page, the import's result as the import pages always showed it; a job that failed before it
left one shows its Chinese error here. An export or a report (`jiuye.jobs.exports`) shows its rows written of the
total or its steps, and once it has ended its summary and its file's download (`job_download`), here.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from jiuye.audit.enums import AuditAction
from jiuye.audit.services import audit_record
from jiuye.jobs.enums import FILE_KINDS, JobKind, JobStatus
from jiuye.jobs.files import job_file_path, job_files_keep_days
from jiuye.jobs.models import Job
from jiuye.jobs.perms import can_download_job_file, can_rerun_job, is_stale
from jiuye.jobs.selectors import job_get, job_progress
from jiuye.jobs.services import job_rerun
from jiuye.www.errors import error_text

POLL_SECONDS = 1


def _job(request: HttpRequest, pk: int) -> Job:
    try:
        return job_get(user=request.user, pk=pk)
    except Job.DoesNotExist as error:
        raise Http404(_("该任务不存在或您无权查看。")) from error


def job_follow(request: HttpRequest, job: Job) -> HttpResponse:
    """Where a page sends the browser after enqueueing `job`: its result when it has ended, else its progress."""
    if job.finished and job.import_record_id:
        return redirect(_result_url(request, job))
    return redirect("www:job_detail", pk=job.pk)


def _result_url(request: HttpRequest, job: Job) -> str:
    """The import record's page; a confirmed import's counts said once as a message, as the pages always did."""
    if job.status == JobStatus.SUCCEEDED and not job.params.get("dry_run", True):
        messages.success(request, job.summary)
    if job.kind == JobKind.SURVEY_IMPORT:
        url = reverse("www:statistics_import", args=[job.import_record_id])
        return f"{url}?{urlencode({'month': job.params['month']})}"
    return reverse("www:import_detail", args=[job.import_record_id])


def _context(request: HttpRequest, job: Job) -> dict:
    return {
        "job": job,
        "progress": job_progress(job),
        "dry_run": job.params.get("dry_run", True),
        "stale": is_stale(job),
        "can_rerun": can_rerun_job(request.user, job),
        "poll_seconds": POLL_SECONDS,
        "file_kind": job.kind in FILE_KINDS,
        "can_download": can_download_job_file(request.user, job),
        "file_name": job.result_file.rsplit("/", 1)[-1],
        "keep_days": job_files_keep_days(),
    }


# The page a file job's page stands for in the menu: the list an export came from, the analysis of a report.
NAVIGATION_AS = {"register": "www:register", "worklist": "www:worklist", "seekers": "www:seeker_list"}


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.kind == JobKind.EXPORT:
        request.navigation_as = NAVIGATION_AS.get(job.params.get("source", ""), "")
    elif job.kind == JobKind.REPORT:
        request.navigation_as = "www:monitoring_analysis"
    if job.finished and job.import_record_id:
        return redirect(_result_url(request, job))
    return render(request, "www/jobs/detail.html", _context(request, job))


def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment htmx polls; once the job has left its record, htmx is told to open the result."""
    job = _job(request, pk)
    if job.finished and job.import_record_id:
        return HttpResponseClientRedirect(_result_url(request, job))
    return render(request, "www/jobs/progress.html", _context(request, job))


@require_POST
def job_rerun_view(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if not can_rerun_job(request.user, job):
        messages.error(request, _("这个任务不能重新运行：只有发起人可以重新运行中断或出错的任务。"))
        return redirect("www:job_detail", pk=job.pk)
    try:
        job = job_rerun(job=job)
    except ValidationError as error:
        messages.error(request, error_text(error))
    return job_follow(request, job)


def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    """An export's or a report's file, to those `can_download_job_file` lets have it; each download is audited, as
    the export that wrote it was."""
    job = _job(request, pk)
    path = job_file_path(job.result_file) if job.result_file else None
    if not can_download_job_file(request.user, job) or path is None or not path.is_file():
        raise Http404(_("该任务没有可下载的文件，或您无权下载。"))
    audit_record(
        user=request.user, action=AuditAction.EXPORT, target=job,
        region_code=job.region_code, summary=_("下载后台任务文件：%(name)s") % {"name": path.name},
    )  # fmt: skip
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)

"""A job's page: the progress of long work a user started (an upload's import), polled by htmx every second while
it runs, and the way to its result once it has ended.

An upload page enqueues the work and sends the browser here (`job_follow`); when the work has already ended (the
immediate backend, or a very quick worker) it goes straight to the result. A job that ended with an import record
leads to that record's page, the import's result as the import pages always showed it; a job that failed before it
left one shows its Chinese error here.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from jiuye.jobs.enums import JobKind, JobStatus
from jiuye.jobs.models import Job
from jiuye.jobs.perms import can_rerun_job, is_stale
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
    }


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
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

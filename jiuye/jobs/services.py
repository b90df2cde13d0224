"""Starting long work and recording how it went.

A web page calls `import_job_enqueue` (or `survey_import_job_enqueue`): the job's row is written and its task
handed to the tasks backend (`settings.TASKS`); the page then follows the job (`jiuye.jobs.selectors`). The task
(`jiuye.jobs.tasks`) marks the job running, reports progress, and ends it succeeded or failed.
"""

import datetime
import logging
import re
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.backend import DatabaseBackend

from jiuye.accounts.models import User
from jiuye.accounts.scope import user_region_prefix
from jiuye.imports.enums import ImportStatus
from jiuye.imports.kinds import get_kind
from jiuye.imports.models import ImportRecord
from jiuye.imports.services import ImportProgress
from jiuye.imports.storage import imports_dir
from jiuye.jobs.enums import JobKind, JobStatus
from jiuye.jobs.files import job_file_delete, job_files_keep_days
from jiuye.jobs.models import Job
from jiuye.jobs.progress import JobProgress, progress_clear, progress_read, progress_write
from jiuye.jobs.selectors import job_confirming
from jiuye.lfs.imports import MICRODATA_KIND
from jiuye.lfs.models import PERIOD_PATTERN

logger = logging.getLogger(__name__)

# Backends whose queue is written in the caller's own transaction (the database queue's row) or that run the task
# in place (the immediate backend): the task is handed over at once. Any other (Redis) is handed the task only once
# the job's row is committed, else its worker, in another process, could look for a job not yet there.
SAME_TRANSACTION_BACKENDS = (DatabaseBackend, ImmediateBackend)


def import_job_enqueue(
    *, user: User, kind: str, path: Path, file_name: str, dry_run: bool, preview: ImportRecord | None = None
) -> Job:
    """An upload's import (`jiuye.imports.services.import_run`) as a task: the dry run of a stored file, or the
    commit of a previewed one. Who may import the kind is checked here, so that a refusal is said at once."""
    import_kind = get_kind(kind)
    if import_kind is None or user_region_prefix(user) is None or not import_kind.can_run(user):
        raise PermissionDenied(_("您没有导入这种数据的权限。"))
    if preview is not None and _commit_pending(preview):
        raise ValidationError(_("这次试运行已在确认导入中，请勿重复提交。"))
    what = _("试运行") if dry_run else _("导入")
    return job_enqueue(
        user=user,
        kind=JobKind.IMPORT,
        title=f"{what}{import_kind.label}“{file_name}”",
        params={"kind": kind, "file": _stored(path), "file_name": file_name, "dry_run": dry_run,
                "preview": preview.pk if preview else None},
    )  # fmt: skip


def survey_import_job_enqueue(
    *, user: User, month: str, path: Path, file_name: str, dry_run: bool, preview: ImportRecord | None = None
) -> Job:
    """A survey month's microdata import (`jiuye.lfs.services.survey_period_import`) as a task."""
    if not MICRODATA_KIND.can_run(user):
        raise PermissionDenied(_("您没有导入劳动力调查微观数据的权限（限省级分析人员和管理员）。"))
    if not re.fullmatch(PERIOD_PATTERN, month):
        raise ValidationError(_("月份应写成YYYY-MM，如2026-10"))
    if preview is not None and _commit_pending(preview):
        raise ValidationError(_("这次试运行已在确认导入中，请勿重复提交。"))
    what = _("试运行") if dry_run else _("导入")
    return job_enqueue(
        user=user,
        kind=JobKind.SURVEY_IMPORT,
        title=f"{what}{month}{MICRODATA_KIND.label}“{file_name}”",
        params={"month": month, "file": _stored(path), "file_name": file_name, "dry_run": dry_run,
                "preview": preview.pk if preview else None},
    )  # fmt: skip


def _stored(path: Path) -> str:
    """The upload's place under IMPORTS_DIR, which the worker resolves in its own settings."""
    return str(Path(path).resolve().relative_to(imports_dir().resolve()))


def _commit_pending(preview: ImportRecord) -> bool:
    """A commit of this preview is queued or running: a second click must not import the file twice."""
    return job_confirming(preview_pk=preview.pk) is not None


def job_enqueue(*, user: User, kind: JobKind, title: str, params: dict) -> Job:
    """Record a job for `user` and hand its task to the backend (see SAME_TRANSACTION_BACKENDS for when)."""
    job = Job.objects.create(
        user=user, region_code=user_region_prefix(user) or "", kind=kind, title=title[:300], params=params
    )
    _task_send(job)
    job.refresh_from_db()
    return job


def _task_send(job: Job) -> None:
    task = _task_for(job.kind)

    def send() -> None:
        try:
            result = task.enqueue(job.pk)
        except Exception:  # the queue is unreachable (Redis down): the job says so rather than wait for ever
            logger.exception("Job %s could not be enqueued", job.pk)
            job_fail(job=job, error=_("后台任务队列暂时不可用，未写入任何数据，请稍后重试。"))
            return
        Job.objects.filter(pk=job.pk).update(task_result_id=result.id)

    if isinstance(task.get_backend(), SAME_TRANSACTION_BACKENDS):
        send()
    else:
        transaction.on_commit(send)


def _task_for(kind: str):
    from jiuye.jobs.tasks import TASKS  # the tasks call these services

    return TASKS[kind]


def job_start(*, job_id: int) -> Job | None:
    """Mark a queued job running, for the task that runs it; None when it is not queued (already run, or taken by
    another delivery of the same task), so that a job never runs twice at once."""
    now = timezone.now()
    taken = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, attempts=F("attempts") + 1
    )
    if not taken:
        return None
    progress_write(job_id, JobProgress())
    return Job.objects.select_related("user").get(pk=job_id)


def job_report(job: Job, progress: ImportProgress) -> None:
    """The import's progress callback (`import_run(progress=...)`): to the progress store, not the job's row."""
    counts = JobProgress(progress.rows_read, progress.rows_checked, progress.rows_written, progress.total)
    progress_write(job.pk, counts)


def job_finish(*, job: Job, record: ImportRecord, summary: str) -> Job:
    """The work ended with an import record: succeeded, or failed when the file as a whole could not be imported
    (its record says why in Chinese, as the import pages show it)."""
    failed = record.status == ImportStatus.FAILED
    checked = record.created + record.updated + record.unchanged + record.rejected
    last = progress_read(job.pk) or JobProgress()
    job.import_record = record
    job.status = JobStatus.FAILED if failed else JobStatus.SUCCEEDED
    job.error = record.message if failed else ""
    job.summary = "" if failed else summary[:500]
    job.rows_read, job.rows_checked = max(last.rows_read, checked), checked
    job.rows_written, job.rows_total = record.created + record.updated, last.rows_total
    job.finished_at = timezone.now()
    job.save()
    progress_clear(job.pk)
    return job


def job_finish_file(*, job: Job, result_file: str, summary: str, rows: int = 0) -> Job:
    """An export or a report ended with its file (`jiuye.jobs.files`), ready for download from the job's page;
    `rows`, an export's rows written, is kept as its final count."""
    last = progress_read(job.pk) or JobProgress()
    job.status, job.result_file, job.summary = JobStatus.SUCCEEDED, result_file, summary[:500]
    job.rows_read = job.rows_checked = job.rows_written = rows or last.rows_written
    job.rows_total = max(rows, last.rows_total)
    job.finished_at = timezone.now()
    job.save()
    progress_clear(job.pk)
    return job


def job_files_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of the jobs that ended more than JOBS_FILES_KEEP_DAYS ago (their pages then say the file
    has expired); returns how many. Called by each export or report job once it has left its own file."""
    limit = (now or timezone.now()) - datetime.timedelta(days=job_files_keep_days())
    expired = Job.objects.exclude(result_file="").filter(finished_at__lt=limit)
    count = 0
    for job in expired.only("pk", "result_file", "params"):
        job_file_delete(job.result_file)
        Job.objects.filter(pk=job.pk).update(result_file="", params={**job.params, "file_expired": True})
        count += 1
    return count


def job_fail(*, job: Job, error: str) -> Job:
    """The work stopped on an error before it left a record; `error` is said in Chinese on the job's page."""
    job.status, job.error, job.finished_at = JobStatus.FAILED, error[:1000], timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    progress_clear(job.pk)
    return job


def job_rerun(*, job: Job) -> Job:
    """Run a job again: one whose worker died (left running: its import's transaction was rolled back, nothing of
    it written) or one that failed. The caller decides that the worker is gone (`jiuye.jobs.perms.can_rerun_job`
    for the owner on the web, `manage.py job_rerun` for an operator)."""
    if job.status not in (JobStatus.RUNNING, JobStatus.FAILED) or job.import_record_id is not None:
        raise ValidationError(_("只有中断或出错的任务可以重新运行。"))
    job.status, job.error, job.started_at, job.finished_at = JobStatus.QUEUED, "", None, None
    job.save(update_fields=["status", "error", "started_at", "finished_at"])
    progress_clear(job.pk)
    _task_send(job)
    job.refresh_from_db()
    return job

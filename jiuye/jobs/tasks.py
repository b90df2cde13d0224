"""The tasks of long work, declared with Django's own `django.tasks.task`, run by whatever `settings.TASKS` names:
the database queue's `manage.py db_worker` by default, RQ workers with JIUYE_TASKS_REDIS_URL. A task takes the job's
id only (a task's arguments are stored as JSON by the queue); the job's row holds the rest.

A task runs its import in the import's own single transaction: a worker killed half-way leaves nothing of the file
written (the database rolls the transaction back when the connection drops), and the job, left running, can be
run again (`jiuye.jobs.services.job_rerun`).
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.tasks import task
from django.utils.translation import gettext as _

from jiuye.imports.models import ImportRecord
from jiuye.imports.services import import_run
from jiuye.imports.storage import imports_dir
from jiuye.jobs.enums import JobKind
from jiuye.jobs.exports import EXPORT_SOURCES, export_source_request
from jiuye.jobs.files import job_file_save
from jiuye.jobs.models import Job
from jiuye.jobs.progress import JobProgress, progress_write
from jiuye.jobs.services import job_fail, job_files_expire, job_finish, job_finish_file, job_report, job_start
from jiuye.lfs.services import survey_period_import
from jiuye.monitoring.analysis.content import analysis_build
from jiuye.monitoring.analysis.word import analysis_docx_export
from jiuye.reports.excel import rows_written_reported

logger = logging.getLogger(__name__)


@task()
def import_job(job_id: int) -> dict:
    """An upload's import: a dry run of the stored file, or the commit of the preview it confirms."""
    job = job_start(job_id=job_id)
    if job is None:
        return {"job": job_id, "skipped": True}
    with job_failures(job):
        params = job.params
        record, _result = import_run(
            user=job.user, kind=params["kind"], path=_file(job), file_name=params["file_name"],
            dry_run=params["dry_run"], preview=_preview(job), progress=partial(job_report, job),
        )  # fmt: skip
        what = _("试运行结果：") if params["dry_run"] else _("已导入：")
        job_finish(job=job, record=record, summary=what + record.counts_text)
    return {"job": job_id, "status": job.status}


@task()
def survey_import_job(job_id: int) -> dict:
    """A survey month's microdata import (the microdata path reads the whole file first and reports no chunks)."""
    job = job_start(job_id=job_id)
    if job is None:
        return {"job": job_id, "skipped": True}
    with job_failures(job):
        params = job.params
        record, _result = survey_period_import(
            user=job.user, month=params["month"], path=_file(job), file_name=params["file_name"],
            dry_run=params["dry_run"], preview=_preview(job),
        )  # fmt: skip
        if params["dry_run"]:
            summary = _("试运行结果：") + record.counts_text
        else:
            summary = _("已导入%(month)s：%(counts)s") % {"month": params["month"], "counts": record.counts_text}
        job_finish(job=job, record=record, summary=summary)
    return {"job": job_id, "status": job.status}


@task()
def export_job(job_id: int) -> dict:
    """A list's export of many rows (`jiuye.jobs.exports`): counted first, so that the page shows rows written of
    the total, then written by the page's own export function (which writes the export's audit event) to a file."""
    job = job_start(job_id=job_id)
    if job is None:
        return {"job": job_id, "skipped": True}
    with job_failures(job):
        request = export_source_request(job)
        source = EXPORT_SOURCES[request.source]
        total = source.rows(job.user, request.params).count()
        progress_write(job.pk, JobProgress(rows_total=total))

        def written(rows: int) -> None:
            progress_write(job.pk, JobProgress(rows, rows, rows, max(total, rows)))

        with rows_written_reported(written):
            file = source.write(job.user, request.params, job.params["unmasked"], job.params["purpose"])
        stored = job_file_save(job.pk, file.filename, file.content)
        summary = _("已导出 %(rows)d 行：%(file)s") % {"rows": file.rows, "file": file.filename}
        job_finish_file(job=job, result_file=stored, summary=summary, rows=file.rows)
    job_files_expire()
    return {"job": job_id, "status": job.status}


REPORT_STEPS = 3


@task()
def report_job(job_id: int) -> dict:
    """The monthly analysis's Word report of a region (the province's): its figures, then the document with its
    charts, then the file; each step reported as the job's stage."""
    job = job_start(job_id=job_id)
    if job is None:
        return {"job": job_id, "skipped": True}
    with job_failures(job):
        params = job.params
        _step(job, 0, _("汇总各地区、各行业数据"))
        analysis = analysis_build(user=job.user, period=params["period"], region_code=params["region_code"])
        _step(job, 1, _("生成文字、表格和图表"))
        filename, content = analysis_docx_export(user=job.user, analysis=analysis)
        _step(job, 2, _("保存文件"))
        stored = job_file_save(job.pk, filename, content)
        summary = _("已生成：%(file)s") % {"file": filename}
        job_finish_file(job=job, result_file=stored, summary=summary, rows=REPORT_STEPS)
    job_files_expire()
    return {"job": job_id, "status": job.status}


def _step(job: Job, done: int, stage: str) -> None:
    progress_write(job.pk, JobProgress(done, done, done, REPORT_STEPS, stage=stage))


TASKS = {
    JobKind.IMPORT: import_job,
    JobKind.SURVEY_IMPORT: survey_import_job,
    JobKind.EXPORT: export_job,
    JobKind.REPORT: report_job,
}


@contextmanager
def job_failures(job: Job) -> Iterator[None]:
    """A refusal (a ValidationError or PermissionDenied of the services, already in Chinese) ends the job failed
    with its words. Anything else is a fault: the job says so in Chinese and the task fails with the traceback, for
    the backend's record and the log."""
    try:
        yield
    except (ValidationError, PermissionDenied) as error:
        job_fail(job=job, error=_error_text(error))
    except Exception:
        logger.exception("Job %s failed", job.pk)
        fault = _("任务运行出错，未写入任何数据。请稍后重试；仍然出错请联系管理员（任务编号 %(id)s）。")
        job_fail(job=job, error=fault % {"id": job.pk})
        raise


def _error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error) or _("您没有执行此任务的权限。")


def _file(job: Job):
    path = imports_dir() / job.params["file"]
    if not path.exists():
        raise ValidationError(_("上传的文件已不在服务器上，请重新上传。"))
    return path


def _preview(job: Job) -> ImportRecord | None:
    """The dry run a commit confirms, confirmed once only: a second commit of it is refused."""
    if job.params.get("preview") is None:
        return None
    preview = ImportRecord.objects.get(pk=job.params["preview"])
    if preview.commits.exists():
        raise ValidationError(_("这次试运行已确认导入过，不能再次导入。"))
    return preview

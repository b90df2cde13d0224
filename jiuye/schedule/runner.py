"""Running one recorded run, inside its task: mark it started, do the job, record how it ended.

A run is started only from the queued state, by one conditional update: a task delivered twice (a worker that died
after finishing, a queue that redelivers) finds the run no longer queued and does nothing. The job's writes happen in
one transaction: a job that fails leaves nothing half-written, and its run keeps the Chinese error.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.schedule.enums import RunStatus
from jiuye.schedule.jobs import JOBS
from jiuye.schedule.models import ScheduledRun
from jiuye.schedule.nightly import Skipped

logger = logging.getLogger(__name__)


def run_execute(*, run_id: int, job: str) -> dict:
    """Run the recorded run `run_id` of `job`; returns its outcome (the task's result). A failed job's error is
    recorded, then raised again, so that the task queue shows the task failed too."""
    claimed = ScheduledRun.objects.filter(pk=run_id, job=job, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now()
    )
    run = ScheduledRun.objects.get(pk=run_id)
    if not claimed:
        logger.warning("scheduled run %s of %s is %s, not queued: not run again", run_id, job, run.status)
        return _outcome(run)
    later = _later_run(run)
    if later is not None:
        message = _("已有计划于 %(time)s 的运行，它会完成本次的工作，本次跳过。") % {
            "time": f"{timezone.localtime(later.planned_at):%Y-%m-%d %H:%M}"
        }
        return _finish(run, RunStatus.SKIPPED, message)
    try:
        with transaction.atomic():
            done = JOBS[job].work(run.planned_at, run.requested_by)
    except Skipped as skipped:
        return _finish(run, RunStatus.SKIPPED, str(skipped))
    except Exception as error:
        logger.exception("scheduled run %s of %s failed", run_id, job)
        _finish(run, RunStatus.FAILED, failure_text(error))
        raise
    return _finish(run, RunStatus.SUCCEEDED, done.message, done.counts)


def _later_run(run: ScheduledRun) -> ScheduledRun | None:
    """A later run of the same job, not failed, that makes this one pointless (for the jobs where it does)."""
    if not JOBS[run.job].superseded_by_later:
        return None
    later = ScheduledRun.objects.filter(job=run.job, planned_at__gt=run.planned_at)
    return later.exclude(status__in=[RunStatus.FAILED, RunStatus.SKIPPED]).order_by("-planned_at").first()


def failure_text(error: Exception) -> str:
    """The Chinese reason a run failed: a service's own messages when it refused, else the error as raised."""
    if isinstance(error, ValidationError):
        return _("运行失败：%(reason)s") % {"reason": "；".join(error.messages)}
    return _("运行出错：%(kind)s：%(error)s") % {"kind": type(error).__name__, "error": error}


def _finish(run: ScheduledRun, status: str, message: str, counts: dict | None = None) -> dict:
    run.status, run.message, run.counts, run.finished_at = status, message, counts or {}, timezone.now()
    run.save(update_fields=["status", "message", "counts", "finished_at"])
    logger.info("scheduled run %s of %s: %s %s", run.pk, run.job, status, message)
    return _outcome(run)


def _outcome(run: ScheduledRun) -> dict:
    return {"run": run.pk, "job": run.job, "status": run.status, "message": run.message, "counts": run.counts}

"""Deciding what is due, claiming it, and putting it in the queue.

Why a small scheduler of our own: the jobs are four, their times are settings, and each run must be recorded with a
guard against two schedulers running the same slot. django-periodic-tasks (the scheduler built on django.tasks) is
not among the project's dependencies, and celery beat or rq-scheduler would tie the schedule to one queue backend
(the database queue is the default here, Redis an option). A row per (job, planned time) with a uniqueness is both
the record and the lock; `cadence` computes the slots; `manage.py schedule_run` calls `schedule_tick` every minute.

Catching up: at each tick, each job's latest slot at or before now is run unless a run of the job is already planned
at or after it. A scheduler that was down at 02:00 runs the 02:00 slot once when it comes back (as 补运行); three
missed nights give one catch-up run, not three. A slot a manual run has already covered is not run again.
"""

import datetime
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.schedule.enums import UNFINISHED, RunStatus, RunTrigger
from jiuye.schedule.jobs import JOBS, Job, job_get
from jiuye.schedule.models import ScheduledRun
from jiuye.schedule.perms import can_run_schedule
from jiuye.schedule.tasks import TASKS

logger = logging.getLogger(__name__)

# A slot enqueued later than this after its time was missed (the scheduler was not running): recorded as 补运行.
ON_TIME = datetime.timedelta(minutes=5)
# A run still marked running after this long lost its worker (killed, machine restarted): recorded as failed.
STALLED_AFTER = datetime.timedelta(hours=6)


def zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def schedule_tick(*, now: datetime.datetime | None = None) -> list[ScheduledRun]:
    """Claim and enqueue every job's due slot; returns the runs this call claimed (none when another scheduler got
    there first). Also closes the runs whose worker died."""
    now = now or timezone.now()
    runs_stalled_close(now=now)
    claimed = []
    for job in JOBS.values():
        cadence = job.cadence()
        if cadence is None:
            continue
        slot = cadence.latest(now, zone())
        if ScheduledRun.objects.filter(job=job.code, planned_at__gte=slot).exists():
            continue
        trigger = RunTrigger.SCHEDULE if now - slot <= ON_TIME else RunTrigger.CATCH_UP
        run = run_claim(job=job, planned_at=slot, trigger=trigger, now=now)
        if run is not None:
            claimed.append(run)
    return claimed


def run_claim(
    *, job: Job, planned_at: datetime.datetime, trigger: str, now: datetime.datetime, requested_by: User | None = None
) -> ScheduledRun | None:
    """Record the run of `job` planned at `planned_at` and enqueue its task once the row is committed; None when the
    slot is already taken (another scheduler inserted it first: the uniqueness on job and planned time)."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(
                job=job.code, planned_at=planned_at, trigger=trigger, requested_by=requested_by, enqueued_at=now
            )
    except IntegrityError:
        logger.info("scheduled run of %s at %s already claimed", job.code, planned_at)
        return None
    transaction.on_commit(lambda: _enqueue(run))
    return run


def _enqueue(run: ScheduledRun) -> None:
    """Hand the run to the task queue; a queue that cannot be reached fails the run, with the reason."""
    try:
        result = TASKS[run.job].enqueue(run_id=run.pk)
    except Exception as error:
        logger.exception("scheduled run %s of %s could not be enqueued", run.pk, run.job)
        ScheduledRun.objects.filter(pk=run.pk, status=RunStatus.QUEUED).update(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            message=_("无法加入任务队列：%(error)s") % {"error": error},
        )
        return
    ScheduledRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])


def run_now(*, actor: User, job: str) -> ScheduledRun:
    """An administrator's "run now": a manual run of `job`, planned at this moment, enqueued like a scheduled one.
    Refused while a run of the same job is still queued or running (a double click runs it once)."""
    if not can_run_schedule(actor):
        raise PermissionDenied(_("只有省级系统管理员可以运行计划任务。"))
    declared = job_get(job)
    if ScheduledRun.objects.filter(job=declared.code, status__in=UNFINISHED).exists():
        raise ValidationError(_("“%(job)s”已在排队或运行中，请等它结束后再运行。") % {"job": declared.title})
    now = timezone.now()
    run = run_claim(job=declared, planned_at=now, trigger=RunTrigger.MANUAL, now=now, requested_by=actor)
    if run is None:
        raise ValidationError(_("“%(job)s”刚刚已加入队列。") % {"job": declared.title})
    return run


def runs_stalled_close(*, now: datetime.datetime) -> int:
    """Runs marked running for longer than STALLED_AFTER lost their worker: their transaction was rolled back, so
    nothing of them was written; record them failed so that the page does not show them running for ever."""
    hours = int(STALLED_AFTER.total_seconds() // 3600)
    message = _("运行中断：超过 %(hours)d 小时没有结束（工作进程可能已停止），本次未写入任何数据。") % {"hours": hours}
    return ScheduledRun.objects.filter(status=RunStatus.RUNNING, started_at__lt=now - STALLED_AFTER).update(
        status=RunStatus.FAILED,
        finished_at=now,
        message=message,
    )

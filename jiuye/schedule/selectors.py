"""What the page 计划任务 shows: each job with its schedule in words, its next run and its last runs."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.schedule.enums import UNFINISHED, RunStatus
from jiuye.schedule.jobs import JOBS, Job
from jiuye.schedule.models import ScheduledRun
from jiuye.schedule.nightly import COUNT_LABELS
from jiuye.schedule.services import zone

RECENT_RUNS = 10
# A run queued longer than this has no worker taking it: the page says so.
WAITING_TOO_LONG = datetime.timedelta(minutes=5)


@dataclass(frozen=True)
class RunLine:
    run: ScheduledRun
    duration: str
    counts: list[tuple[str, int]]


@dataclass(frozen=True)
class JobState:
    job: Job
    schedule: str
    next_at: datetime.datetime | None
    runs: list[RunLine]

    @property
    def busy(self) -> bool:
        return any(line.run.status in UNFINISHED for line in self.runs)

    @property
    def last(self) -> RunLine | None:
        return self.runs[0] if self.runs else None


def schedule_overview(*, now: datetime.datetime | None = None) -> list[JobState]:
    """Every declared job, in the order of the night, with its last RECENT_RUNS runs (newest first)."""
    now = now or timezone.now()
    states = []
    for job in JOBS.values():
        cadence = job.cadence()
        runs = ScheduledRun.objects.filter(job=job.code).select_related("requested_by")[:RECENT_RUNS]
        states.append(
            JobState(
                job=job,
                schedule=job.schedule_text(),
                next_at=cadence.following(now, zone()) if cadence else None,
                runs=[RunLine(run, duration_text(run.duration), _counts(run.counts)) for run in runs],
            )
        )
    return states


def runs_waiting_too_long(*, now: datetime.datetime | None = None) -> bool:
    """Whether a run has waited in the queue for more than WAITING_TOO_LONG (no worker is running)."""
    now = now or timezone.now()
    waiting = ScheduledRun.objects.filter(status=RunStatus.QUEUED, enqueued_at__lt=now - WAITING_TOO_LONG)
    return waiting.exists()


def duration_text(duration: datetime.timedelta | None) -> str:
    """0.02 s -> "不到 0.1 秒", 1.234 s -> "1.2 秒", 125 s -> "2 分 5 秒", 3725 s -> "1 小时 2 分"."""
    if duration is None:
        return ""
    seconds = duration.total_seconds()
    if seconds < 0.1:
        return _("不到 0.1 秒")
    if seconds < 60:
        return _("%(seconds).1f 秒") % {"seconds": seconds}
    minutes, seconds = divmod(round(seconds), 60)
    if minutes < 60:
        return _("%(minutes)d 分 %(seconds)d 秒") % {"minutes": minutes, "seconds": seconds}
    hours, minutes = divmod(minutes, 60)
    return _("%(hours)d 小时 %(minutes)d 分") % {"hours": hours, "minutes": minutes}


def _counts(counts: dict) -> list[tuple[str, int]]:
    return [(str(COUNT_LABELS.get(key, key)), value) for key, value in counts.items()]

"""A job's live progress (rows read, checked, written), kept beside the database.

Why not in the job's row: an import runs in one transaction, and its progress must be seen while that transaction
is still open. On SQLite another connection cannot write while the import holds the write lock, so a worker could
not update the row from a second connection; on PostgreSQL a row updated inside the import's own transaction is
invisible to every other connection until the commit, when the bar would jump from 0 to done. So the worker
reports progress to a store outside any transaction, and the page polls that store:

- by default a small JSON file per job under JOBS_PROGRESS_DIR (var/jobs/): the web server and `db_worker` run on
  one machine (the database queue's case), and a file replaced atomically (`os.replace`) is never read half-written;
- with JOBS_PROGRESS_REDIS_URL (set from JIUYE_TASKS_REDIS_URL), a Redis key per job: RQ workers may run on other
  machines than the web server, and all of them reach Redis. The key expires after a day.

The store holds counts and a time only; the job's row keeps the final counts when the work ends.
"""

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

REDIS_KEY = "jiuye:jobs:progress:{job_id}"
REDIS_EXPIRY_SECONDS = 24 * 3600


@dataclass(frozen=True)
class JobProgress:
    """How far a job is: rows read from the file, rows checked (parsed and decided), rows written (created or
    updated; in a dry run, rows that would be; in an export, rows written to the file), and the file's row count
    where known (0 when not; a report's number of steps). `at` is the
    time of the report, in seconds since the epoch, so that a page can tell a job whose worker died."""

    rows_read: int = 0
    rows_checked: int = 0
    rows_written: int = 0
    rows_total: int = 0
    at: float = 0.0
    stage: str = ""  # a report's step in words (汇总数据, 生成Word文档), where the work goes by steps, not rows

    @property
    def percent(self) -> int | None:
        """Rows checked as a share of the file, when the file's size in rows is known."""
        if not self.rows_total:
            return None
        return min(100, round(100 * self.rows_checked / self.rows_total))


def progress_write(job_id: int, progress: JobProgress) -> None:
    stamped = JobProgress(**{**asdict(progress), "at": timezone.now().timestamp()})
    text = json.dumps(asdict(stamped))
    if _redis_url():
        _redis().set(REDIS_KEY.format(job_id=job_id), text, ex=REDIS_EXPIRY_SECONDS)
        return
    directory = progress_dir()
    directory.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{job_id}.", suffix=".tmp")
    with os.fdopen(handle, "w") as file:
        file.write(text)
    os.replace(temporary, _path(job_id))


def progress_read(job_id: int) -> JobProgress | None:
    """The last report of a job, or None when none was made (the job has not started)."""
    if _redis_url():
        text = _redis().get(REDIS_KEY.format(job_id=job_id))
    else:
        try:
            text = _path(job_id).read_text()
        except FileNotFoundError:
            text = None
    return JobProgress(**json.loads(text)) if text else None


def progress_clear(job_id: int) -> None:
    """Forget a job's reports: once it has ended its row holds the counts."""
    if _redis_url():
        _redis().delete(REDIS_KEY.format(job_id=job_id))
    else:
        _path(job_id).unlink(missing_ok=True)


def progress_dir() -> Path:
    return Path(getattr(settings, "JOBS_PROGRESS_DIR", settings.VAR_DIR / "jobs"))


def _path(job_id: int) -> Path:
    return progress_dir() / f"{job_id}.json"


def _redis_url() -> str:
    return getattr(settings, "JOBS_PROGRESS_REDIS_URL", "")


def _redis():
    return _redis_client(_redis_url())


@cache
def _redis_client(url: str):
    from redis import Redis  # only where Redis is configured

    return Redis.from_url(url)

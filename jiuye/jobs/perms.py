"""Who may see a job and what it left.

- A job is seen by the user who started it, and by the administrators of its region and the regions above (a
  county's administrator sees the county's jobs, the province's all). Its page shows a file name, counts and the
  import's result, which lead to rows of personal data: the import record's own scope then applies again.
- An export's or a report's file is downloaded by the user who started the job, and by the administrators who see
  the job, except a full-number export's (完整号码): its purpose was stated, and audited, by its user alone.
- A job whose worker stopped (still running with no progress for JOBS_STALE_SECONDS) or that failed before leaving
  a record may be run again by the user who started it.
"""

from django.conf import settings
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.jobs.enums import JobStatus
from jiuye.jobs.models import Job
from jiuye.jobs.progress import progress_read

DEFAULT_STALE_SECONDS = 600


def is_region_administrator(user: User) -> bool:
    return user.is_superuser or user.has_role(Role.ADMINISTRATOR)


def can_view_job(user: User, job: Job) -> bool:
    if job.user_id == user.pk:
        return True
    return is_region_administrator(user) and job.is_visible_to(user)


def can_download_job_file(user: User, job: Job) -> bool:
    if not job.result_file or job.status != JobStatus.SUCCEEDED or not can_view_job(user, job):
        return False
    return job.user_id == user.pk or not job.params.get("unmasked", False)


def is_stale(job: Job) -> bool:
    """Running, but nothing heard of it for JOBS_STALE_SECONDS: its worker was stopped or killed."""
    if job.status != JobStatus.RUNNING:
        return False
    progress = progress_read(job.pk)
    last = progress.at if progress is not None else (job.started_at.timestamp() if job.started_at else 0)
    return timezone.now().timestamp() - last > getattr(settings, "JOBS_STALE_SECONDS", DEFAULT_STALE_SECONDS)


def can_rerun_job(user: User, job: Job) -> bool:
    if job.user_id != user.pk or job.import_record_id is not None:
        return False
    return job.status == JobStatus.FAILED or is_stale(job)

from django.db.models import Q, QuerySet

from jiuye.accounts.models import User
from jiuye.accounts.scope import user_region_prefix
from jiuye.jobs.enums import JobStatus
from jiuye.jobs.models import Job
from jiuye.jobs.perms import is_region_administrator
from jiuye.jobs.progress import JobProgress, progress_read
from jiuye.reference.codes import code_prefix_lookup


def job_list(*, user: User) -> QuerySet[Job]:
    """The jobs a user may see (`jiuye.jobs.perms`): their own, and for an administrator those of their region."""
    if user_region_prefix(user) is None:
        return Job.objects.none()
    mine = Q(user=user)
    if is_region_administrator(user):
        mine |= Q(**code_prefix_lookup("region_code", user_region_prefix(user)))
    return Job.objects.filter(mine).select_related("user", "import_record")


def job_get(*, user: User, pk: int) -> Job:
    """The one way a page fetches a job: DoesNotExist (a 404) for a job the user may not see."""
    return job_list(user=user).get(pk=pk)


def jobs_unfinished(*, user: User) -> QuerySet[Job]:
    """The user's own jobs still queued or running, for the upload page to lead back to them."""
    return Job.objects.filter(user=user, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).order_by("-created_at")


def job_progress(job: Job) -> JobProgress:
    """How far a job is: the live report while it runs, its row's final counts once it has ended."""
    if job.finished:
        return JobProgress(job.rows_read, job.rows_checked, job.rows_written, job.rows_total)
    return progress_read(job.pk) or JobProgress()


def job_confirming(*, preview_pk: int) -> Job | None:
    """The queued or running commit of a previewed import, if any: its page says so instead of offering to confirm."""
    pending = Job.objects.filter(params__preview=preview_pk, status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
    return pending.order_by("-created_at").first()

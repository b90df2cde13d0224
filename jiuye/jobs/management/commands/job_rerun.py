"""Run again the jobs a stopped worker left running (a machine restarted, a worker killed): their imports' transactions
were rolled back, so nothing of them was written. `manage.py job_rerun 12 13`, or `--stale` for every job running
with no progress for JOBS_STALE_SECONDS. The operator knows the worker is gone; the web offers the same to a job's
owner only once it is stale."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jiuye.jobs.enums import JobStatus
from jiuye.jobs.models import Job
from jiuye.jobs.perms import is_stale
from jiuye.jobs.services import job_rerun


class Command(BaseCommand):
    help = "重新运行中断的后台任务（工作进程被停止时仍在运行的任务）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="任务编号")
        parser.add_argument("--stale", action="store_true", help="所有超时无进展的运行中任务")

    def handle(self, *args, ids: list[int], stale: bool, **options) -> None:
        jobs = list(Job.objects.filter(pk__in=ids))
        if stale:
            jobs += [job for job in Job.objects.filter(status=JobStatus.RUNNING) if is_stale(job)]
        if not jobs:
            raise CommandError("没有找到要重新运行的任务")
        for job in jobs:
            try:
                job_rerun(job=job)
            except ValidationError as error:
                raise CommandError(f"任务 {job.pk}：{'；'.join(error.messages)}") from error
            self.stdout.write(f"任务 {job.pk} 已重新排队：{job.title}")

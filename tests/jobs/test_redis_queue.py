"""The same tasks on Redis: with django-tasks-rq's backend, an upload's import is enqueued to RQ, an RQ worker runs
it, and the job's record ends succeeded with the import done.

Why django-tasks-rq and not django-tasks-celery: django-tasks-rq 0.12 runs tasks declared with Django 6's own
`django.tasks.task`. Its RQ job class accepts either the `django_tasks` backport's Task or Django's
(`django_tasks_rq.compat.TASK_CLASSES` holds both) and calls the task through `Task.call`, so `jiuye.jobs.tasks`
stays declared once, with Django's decorator, for the database queue and for Redis alike; its backend reads
Django's TASKS setting. django-tasks-celery is not installed here (so it could not be proved against this
machine's Redis), and it would bring Celery and its own worker and configuration beside RQ's single
`rqworker` command. This test is the proof, against the machine's Redis (JIUYE_TEST_REDIS_URL, default db 5).
"""

import os
import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from jiuye.imports.models import ImportRecord
from jiuye.imports.storage import upload_save
from jiuye.jobs.enums import JobStatus
from jiuye.jobs.progress import REDIS_KEY
from jiuye.jobs.services import import_job_enqueue
from jiuye.people.models import Person
from tests.accounts.factories import UserFactory
from tests.imports.files import GRADUATE_HEADER, graduate, write_xlsx
from tests.people.factories import make_ric

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("JIUYE_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}


@pytest.fixture
def redis_queue():
    """The RQ backend on the test Redis database; skipped only when Redis is unreachable. The RQ keys the test made
    (its queue, job, result, registries, the worker's) are deleted after, and only those: RQ left behind makes the
    next burst worker wait on its maintenance."""
    from redis import Redis
    from redis.exceptions import RedisError

    redis = Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        before = set(redis.keys("rq:*"))
    except RedisError as error:
        pytest.skip(f"Redis 不可达（{REDIS_URL}）：{error}")
    rq_queues = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    with override_settings(TASKS=RQ_TASKS, RQ_QUEUES=rq_queues, JOBS_PROGRESS_REDIS_URL=REDIS_URL):
        queue = _queue()
        if queue.count:
            pytest.skip(f"{REDIS_URL} 的 RQ 队列“default”中已有别的任务，本测试不运行它们")
        yield queue
    made = set(redis.keys("rq:*")) - before
    if made:
        redis.delete(*made)


def _queue():
    import django_rq
    from django_tasks_rq.backend import Job

    return django_rq.get_queue("default", job_class=Job)


def rq_worker_burst(queue) -> None:
    """An RQ worker in burst mode (it runs what is queued, then stops), in this process so that it shares the test's
    database transaction; RQ installs its own signal handlers, which are put back after."""
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    class BurstWorker(SimpleWorker):
        def subscribe(self) -> None:
            """No channel for remote commands (stop, kill a job), which a burst of one job does not need: with redis-py
            8, stopping its listening thread waits out RQ's 60-second poll, one run in three."""

    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        BurstWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def test_an_import_task_runs_on_an_rq_worker_through_redis(
    redis_queue, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.IMPORTS_DIR = tmp_path / "imports"
    path = write_xlsx(tmp_path / "台账.xlsx", GRADUATE_HEADER, [graduate("张三", make_ric(sequence=1))])
    stored, _sha256 = upload_save(SimpleUploadedFile("台账.xlsx", path.read_bytes()))
    user = UserFactory(region="140105")

    with django_capture_on_commit_callbacks(execute=True) as sent:  # Redis gets the task once the job is committed
        job = import_job_enqueue(
            user=user, kind="unplaced_graduate", path=stored, file_name="台账.xlsx", dry_run=False
        )
    assert len(sent) == 1
    job.refresh_from_db()
    assert redis_queue.job_ids == [job.task_result_id]
    assert (job.status, Person.objects.count()) == (JobStatus.QUEUED, 0)

    rq_worker_burst(redis_queue)

    job.refresh_from_db()
    assert (job.status, job.summary) == (JobStatus.SUCCEEDED, "已导入：新增 1、更新 0、未变 0、拒绝 0")
    assert job.import_record == ImportRecord.objects.get(dry_run=False)
    assert Person.objects.get().name == "张三"
    result = redis_queue.fetch_job(job.task_result_id)
    assert (result.func_name, result.get_status()) == ("jiuye.jobs.tasks.import_job", "finished")
    assert result.return_value() == {"job": job.pk, "status": "succeeded"}
    assert not redis_queue.connection.exists(
        REDIS_KEY.format(job_id=job.pk)
    )  # progress went through Redis, then ended

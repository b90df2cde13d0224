"""Running the database queue's tasks inside a test, as `manage.py db_worker --batch` does, but in the test's own
transaction: the worker's loop checks its connection first (`close_old_connections`), which would doom the
transaction of a test, so the claimed tasks are run through the worker's own `run_task`."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_queue() -> int:
    """Run every ready task of the default queue; returns how many ran."""
    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
        max_tasks=None, worker_id="test-worker", excluded_queue_names=[],
    )  # fmt: skip
    ran = 0
    while (result := DBTaskResult.objects.ready().filter(backend_name="default").first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran

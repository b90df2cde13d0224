"""Running the database queue's tasks inside a test, as `manage.py db_worker --batch` does, but in the test's own
transaction: the worker's loop checks its connection first (`close_old_connections`), which would doom the
transaction of a test, so the claimed tasks are run through the worker's own `run_task`."""

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from jiuye.jobs.progress import JobProgress


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


@contextmanager
def held_worker(monkeypatch, module, reached: Callable[[JobProgress], bool]) -> Iterator[threading.Event]:
    """A worker thread running the queue (for a browser test's live server), whose job stops at the first progress
    `reached` accepts until the returned event is set: the page is seen mid-way. `module` is where the job's code
    looks `progress_write` up (`jiuye.jobs.services` for imports, `jiuye.jobs.tasks` for exports)."""
    reported, release, stop = threading.Event(), threading.Event(), threading.Event()
    write = module.progress_write

    def progress_write(job_id, progress):
        write(job_id, progress)
        if reached(progress) and not reported.is_set():
            reported.set()
            release.wait(timeout=60)

    monkeypatch.setattr(module, "progress_write", progress_write)

    def work() -> None:
        try:
            while not stop.is_set():
                if not run_queue():
                    time.sleep(0.1)
        finally:
            connections.close_all()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    try:
        yield release
    finally:
        release.set()
        stop.set()
        thread.join(timeout=60)

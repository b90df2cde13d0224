import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def local(text: str) -> datetime.datetime:
    """A moment in Shanghai time: `local("2026-12-07 01:00")`."""
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def travel(text: str):
    """Stop the clock at a Shanghai moment (given to time-machine in UTC, see `jiuye.demo.clock`)."""
    return time_machine.travel(local(text).astimezone(datetime.UTC), tick=False)


@pytest.fixture(autouse=True)
def database_queue(settings):
    """The scheduler's tests look at the queue itself (a run's task row, a task delivered twice): the database queue
    of production, not the test settings' immediate backend."""
    settings.TASKS = DATABASE_QUEUE


@pytest.fixture
def run_tasks(settings):
    """Tasks run as soon as they are enqueued, in the test (Django's immediate backend), instead of waiting in the
    database queue for a worker."""
    settings.TASKS = IMMEDIATE


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block as if its transaction committed: the enqueues waiting for the commit happen."""

    def run(act):
        with django_capture_on_commit_callbacks(execute=True):
            return act()

    return run

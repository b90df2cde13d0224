"""Schedulers ticking at the same moment, each in its own thread and database connection (as on several machines):
every due slot is claimed and enqueued once. On PostgreSQL they do race (several find a slot free and try to insert
it; the uniqueness turns the losers away: 5 and 7 lost inserts in two runs of this test)."""

import threading

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from jiuye.schedule.enums import RunStatus
from jiuye.schedule.jobs import JOBS
from jiuye.schedule.models import ScheduledRun
from jiuye.schedule.services import schedule_tick
from tests.schedule.conftest import local

SCHEDULERS = 4


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite lets one writer in at a time, so schedulers cannot race there (and the shared in-memory test "
    "database refuses a locked table at once instead of waiting); the uniqueness guard itself is tested on both "
    "databases by test_two_schedulers_never_claim_the_same_slot",
)
@pytest.mark.django_db(transaction=True)
def test_schedulers_ticking_together_claim_each_slot_once():
    now = local("2026-12-07 01:30")
    start, errors = threading.Barrier(SCHEDULERS), []

    def scheduler():
        try:
            start.wait()
            schedule_tick(now=now)
        except Exception as error:  # collected, asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(SCHEDULERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    runs = list(ScheduledRun.objects.values_list("job", "status"))
    assert sorted(runs) == [(job, RunStatus.QUEUED) for job in sorted(JOBS)]  # one run per slot, each enqueued
    assert DBTaskResult.objects.count() == len(JOBS)

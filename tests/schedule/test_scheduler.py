"""The scheduler: which slots are due and claimed at which minute (with time-machine), one catch-up run after a
missed night, never the same slot twice (two schedulers, a manual run that covered it), a job switched off, a queue
that cannot be reached, a run whose worker died, and the check of the settings."""

import datetime

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from jiuye.schedule.checks import schedule_settings
from jiuye.schedule.enums import RunStatus, RunTrigger
from jiuye.schedule.jobs import JOBS
from jiuye.schedule.models import ScheduledRun
from jiuye.schedule.services import run_claim, run_now, schedule_tick
from jiuye.schedule.tasks import TASKS
from tests.accounts.factories import administrator
from tests.schedule.conftest import local, travel

pytestmark = pytest.mark.django_db

TIMES = {"vacancies_expire": "01:00", "seekers_expire": "01:10", "match_run": "01:30", "monitoring_warnings": "03:00"}


@pytest.fixture(autouse=True)
def _times(settings):
    settings.JIUYE_SCHEDULE = dict(TIMES)
    settings.MONITORING_REPORT_DEADLINE_DAY = 10


def claimed(runs) -> list[tuple[str, str, str]]:
    return [(run.job, f"{run.planned_at.astimezone(local('2026-01-01 00:00').tzinfo):%m-%d %H:%M}", run.trigger)
            for run in runs]  # fmt: skip


def test_every_job_is_a_task_of_its_own():
    assert set(TASKS) == set(JOBS)
    assert {task.name for task in TASKS.values()} == {f"{code}_task" for code in JOBS}


def test_a_night_minute_by_minute(committed):
    """Started on the afternoon of 6 December, the scheduler first catches up each job's latest slot (once), then
    claims each slot of the night of the 7th at its minute, and the monthly warnings on the 11th at 03:00."""
    with travel("2026-12-06 15:00"):
        first = committed(schedule_tick)
    assert claimed(first) == [
        ("vacancies_expire", "12-06 01:00", RunTrigger.CATCH_UP),
        ("seekers_expire", "12-06 01:10", RunTrigger.CATCH_UP),
        ("match_run", "12-06 01:30", RunTrigger.CATCH_UP),
        ("monitoring_warnings", "11-11 03:00", RunTrigger.CATCH_UP),
    ]
    night = []
    minute = local("2026-12-07 00:55")
    while minute <= local("2026-12-07 03:05"):
        with travel(f"{minute:%Y-%m-%d %H:%M}"):
            night += [(f"{minute:%H:%M}", *line) for line in claimed(committed(schedule_tick))]
        minute += datetime.timedelta(minutes=1)
    assert night == [
        ("01:00", "vacancies_expire", "12-07 01:00", RunTrigger.SCHEDULE),
        ("01:10", "seekers_expire", "12-07 01:10", RunTrigger.SCHEDULE),
        ("01:30", "match_run", "12-07 01:30", RunTrigger.SCHEDULE),
    ]
    with travel("2026-12-11 02:59"):
        assert [run.job for run in committed(schedule_tick)] == ["vacancies_expire", "seekers_expire", "match_run"]
    with travel("2026-12-11 03:00"):
        assert claimed(committed(schedule_tick)) == [("monitoring_warnings", "12-11 03:00", RunTrigger.SCHEDULE)]


def test_each_claimed_run_waits_in_the_database_queue_for_a_worker(committed):
    with travel("2026-12-07 01:00"):
        runs = committed(schedule_tick)
    assert {run.status for run in ScheduledRun.objects.all()} == {RunStatus.QUEUED}
    queued = {str(result.id): result for result in DBTaskResult.objects.all()}
    assert len(queued) == len(runs) == 4
    for run in ScheduledRun.objects.all():
        task = queued[run.task_id]
        assert task.task_path == f"jiuye.schedule.tasks.{run.job}_task"
        assert task.args_kwargs == {"args": [], "kwargs": {"run_id": run.pk}}


def test_a_scheduler_down_for_three_nights_runs_each_job_once_when_it_comes_back(committed):
    with travel("2026-12-03 01:31"):
        committed(schedule_tick)
    with travel("2026-12-07 09:00"):
        back = committed(schedule_tick)
        again = committed(schedule_tick)
    assert claimed(back) == [
        ("vacancies_expire", "12-07 01:00", RunTrigger.CATCH_UP),
        ("seekers_expire", "12-07 01:10", RunTrigger.CATCH_UP),
        ("match_run", "12-07 01:30", RunTrigger.CATCH_UP),
    ]  # the warnings of 11-11 were claimed on the 3rd
    assert again == []
    assert ScheduledRun.objects.filter(job="match_run").count() == 2  # the 3rd's and the 7th's, not 4, 5 and 6


def test_two_schedulers_never_claim_the_same_slot(committed):
    """Both saw the slot free; the second insert fails on the uniqueness of (job, planned time), enqueues nothing."""
    job, slot = JOBS["match_run"], local("2026-12-07 01:30")
    first = committed(lambda: run_claim(job=job, planned_at=slot, trigger=RunTrigger.SCHEDULE, now=slot))
    second = committed(lambda: run_claim(job=job, planned_at=slot, trigger=RunTrigger.SCHEDULE, now=slot))
    assert first is not None
    assert second is None
    assert ScheduledRun.objects.filter(job="match_run").count() == 1
    assert DBTaskResult.objects.count() == 1


def test_a_manual_run_after_a_missed_slot_covers_it(committed):
    with travel("2026-12-06 15:00"):
        committed(schedule_tick)
    ScheduledRun.objects.update(status=RunStatus.SUCCEEDED)  # as a worker would have run them
    with travel("2026-12-07 09:00"):
        manual = committed(lambda: run_now(actor=administrator(region="14"), job="match_run"))
    with travel("2026-12-07 09:01"):
        caught_up = committed(schedule_tick)
    assert manual.trigger == RunTrigger.MANUAL
    assert "match_run" not in [run.job for run in caught_up]


def test_a_job_whose_time_is_empty_is_switched_off(settings, committed):
    settings.JIUYE_SCHEDULE = TIMES | {"match_run": ""}
    with travel("2026-12-07 12:00"):
        runs = committed(schedule_tick)
    assert "match_run" not in [run.job for run in runs]
    assert JOBS["match_run"].schedule_text() == "已停用（未设置运行时间）"
    assert JOBS["seekers_expire"].schedule_text() == "每天 01:10"
    assert JOBS["monitoring_warnings"].schedule_text() == "每月11日 03:00（企业月报截止日的次日）"


def test_the_monthly_warnings_follow_the_reporting_deadline(settings, committed):
    settings.MONITORING_REPORT_DEADLINE_DAY = 15
    with travel("2026-12-16 03:00"):
        runs = committed(schedule_tick)
    assert ("monitoring_warnings", "12-16 03:00", RunTrigger.SCHEDULE) in claimed(runs)


def test_a_queue_that_cannot_be_reached_fails_the_run_with_the_reason(settings, committed):
    settings.TASKS = {"default": {"BACKEND": "jiuye.schedule.nowhere.Backend"}}
    with travel("2026-12-07 01:00"):
        committed(schedule_tick)
    run = ScheduledRun.objects.get(job="vacancies_expire")
    assert run.status == RunStatus.FAILED
    assert run.message.startswith("无法加入任务队列：")


def test_a_run_whose_worker_died_is_closed_as_failed_after_six_hours(committed):
    with travel("2026-12-07 01:30"):
        committed(schedule_tick)
    ScheduledRun.objects.filter(job="match_run").update(status=RunStatus.RUNNING, started_at=local("2026-12-07 01:30"))
    with travel("2026-12-07 07:29"):
        committed(schedule_tick)
        assert ScheduledRun.objects.get(job="match_run").status == RunStatus.RUNNING
    with travel("2026-12-07 07:31"):
        committed(schedule_tick)
    run = ScheduledRun.objects.get(job="match_run")
    assert run.status == RunStatus.FAILED
    assert run.message == "运行中断：超过 6 小时没有结束（工作进程可能已停止），本次未写入任何数据。"


def test_the_command_checks_once_and_says_what_it_enqueued(capsys, committed):
    with travel("2026-12-07 01:10"):
        committed(lambda: call_command("schedule_run", "--once"))
        committed(lambda: call_command("schedule_run", "--once"))
    lines = capsys.readouterr().out.splitlines()
    assert "enqueued job=seekers_expire planned=2026-12-07 01:10 trigger=schedule" in lines
    assert len(lines) == 4  # the second check found nothing due


def test_a_mistyped_time_is_reported_by_the_check(settings):
    assert schedule_settings(None) == []
    settings.JIUYE_SCHEDULE = TIMES | {"match_run": "2点半", "nightly_backup": "04:00"}
    errors = schedule_settings(None)
    assert [error.id for error in errors] == ["schedule.E001", "schedule.E002"]
    assert "'2点半'" in errors[1].msg

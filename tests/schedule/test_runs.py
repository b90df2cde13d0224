"""Each run recorded: started, finished, outcome, a Chinese message and the counts, for each of the four jobs through
its task; a failing job keeps its Chinese error and writes nothing; a task delivered twice runs once; a run that a
later one makes pointless is skipped; the monthly warnings are skipped when no report is in."""

import dataclasses
import datetime

import pytest

from jiuye.audit.models import AuditEvent
from jiuye.employers.enums import VacancyStatus
from jiuye.employers.models import Vacancy
from jiuye.matching.models import MatchRun
from jiuye.monitoring.models import Warning
from jiuye.schedule.enums import RunStatus, RunTrigger
from jiuye.schedule.jobs import JOBS
from jiuye.schedule.models import ScheduledRun
from jiuye.schedule.nightly import warnings_period
from jiuye.schedule.runner import run_execute
from jiuye.schedule.services import run_claim, run_now, schedule_tick
from jiuye.seekers.enums import SeekerStatus
from tests.accounts.factories import administrator
from tests.employers.factories import VacancyFactory
from tests.monitoring.factories import MonthlyReportFactory
from tests.schedule.conftest import local, travel
from tests.seekers.factories import SeekerRegistrationFactory

pytestmark = pytest.mark.django_db


def run_of(job: str) -> ScheduledRun:
    return ScheduledRun.objects.get(job=job)


def test_the_nightly_expiries_record_start_end_outcome_and_counts(run_tasks, committed):
    stale = VacancyFactory(valid_until=datetime.date(2026, 12, 6))
    current = VacancyFactory(valid_until=datetime.date(2026, 12, 7))
    lapsed = SeekerRegistrationFactory(expires_on=datetime.date(2026, 12, 1))
    with travel("2026-12-07 01:10"):
        committed(schedule_tick)

    vacancies, seekers = run_of("vacancies_expire"), run_of("seekers_expire")
    assert (vacancies.status, vacancies.trigger, vacancies.counts) == (RunStatus.SUCCEEDED, RunTrigger.CATCH_UP,
                                                                        {"expired": 1})  # fmt: skip
    assert vacancies.message == "2026-12-07：1 个岗位超过有效期，已标记为已过期。"
    assert seekers.message == "2026-12-07：1 条求职登记超过有效期，已标记为已过期。"
    assert (seekers.status, seekers.trigger) == (RunStatus.SUCCEEDED, RunTrigger.SCHEDULE)
    assert vacancies.started_at == vacancies.finished_at == local("2026-12-07 01:10")  # the clock is stopped
    stale.refresh_from_db(), current.refresh_from_db(), lapsed.refresh_from_db()
    assert (stale.status, current.status, lapsed.status) == (VacancyStatus.EXPIRED, VacancyStatus.OPEN,
                                                              SeekerStatus.EXPIRED)  # fmt: skip


def test_the_matching_run_ranks_both_directions(run_tasks, committed):
    SeekerRegistrationFactory()
    VacancyFactory()
    with travel("2026-12-07 01:30"):
        committed(schedule_tick)

    run = run_of("match_run")
    assert run.status == RunStatus.SUCCEEDED
    assert run.counts == {"seekers": 1, "vacancies": 1, "recommendations": 2}
    assert run.message == "2026-12-07：为 1 位有效求职者和 1 个有效岗位保存推荐 2 条。"
    assert sorted(MatchRun.objects.values_list("direction", flat=True)) == ["seekers_for_vacancy",
                                                                          "vacancies_for_seeker"]  # fmt: skip


def test_a_failing_job_keeps_its_chinese_error_and_writes_nothing(run_tasks, committed, settings):
    settings.MATCHING = {"weights": {"nonsense": 1}}
    with travel("2026-12-07 09:00"):
        committed(lambda: run_now(actor=administrator(region="14"), job="match_run"))

    run = run_of("match_run")
    assert run.status == RunStatus.FAILED
    assert run.message == "运行失败：匹配规则设置有误：未知的匹配得分项：nonsense"
    assert run.finished_at == local("2026-12-07 09:00")
    assert not MatchRun.objects.exists()


def test_an_unexpected_error_is_recorded_as_raised_and_the_task_fails_too(committed, monkeypatch):
    """Outside a test's immediate backend the task queue must see the failure too: the error is raised again."""

    def broken(planned_at, requested_by):
        VacancyFactory()  # written, then rolled back with the job's transaction
        raise RuntimeError("磁盘已满")

    monkeypatch.setitem(JOBS, "seekers_expire", dataclasses.replace(JOBS["seekers_expire"], work=broken))
    slot = local("2026-12-07 01:10")
    run = committed(lambda: run_claim(job=JOBS["seekers_expire"], planned_at=slot, trigger=RunTrigger.SCHEDULE,
                                      now=slot))  # fmt: skip
    with pytest.raises(RuntimeError, match="磁盘已满"):
        run_execute(run_id=run.pk, job="seekers_expire")
    run.refresh_from_db()
    assert (run.status, run.message) == (RunStatus.FAILED, "运行出错：RuntimeError：磁盘已满")
    assert not Vacancy.objects.exists()


def test_a_task_delivered_twice_runs_once(run_tasks, committed):
    VacancyFactory(valid_until=datetime.date(2026, 12, 6))
    with travel("2026-12-07 01:00"):
        committed(schedule_tick)
    run = run_of("vacancies_expire")
    VacancyFactory(valid_until=datetime.date(2026, 12, 6))  # would be expired by a second run
    with travel("2026-12-07 01:05"):
        outcome = run_execute(run_id=run.pk, job="vacancies_expire")
    assert outcome["status"] == RunStatus.SUCCEEDED
    assert outcome["counts"] == {"expired": 1}
    assert Vacancy.objects.filter(status=VacancyStatus.OPEN).count() == 1
    run.refresh_from_db()
    assert run.finished_at == local("2026-12-07 01:00")


def test_a_queued_run_that_a_later_one_will_do_is_skipped(committed):
    """The worker was down for two nights: the older matching run is skipped, the newer one runs."""
    job = JOBS["match_run"]
    older, newer = local("2026-12-05 01:30"), local("2026-12-06 01:30")
    for slot in (older, newer):
        committed(lambda slot=slot: run_claim(job=job, planned_at=slot, trigger=RunTrigger.SCHEDULE, now=slot))
    first = ScheduledRun.objects.get(planned_at=older)
    with travel("2026-12-07 08:00"):
        outcome = run_execute(run_id=first.pk, job="match_run")
    assert outcome["status"] == RunStatus.SKIPPED
    assert outcome["message"] == "已有计划于 2026-12-06 01:30 的运行，它会完成本次的工作，本次跳过。"
    assert not MatchRun.objects.exists()


@pytest.mark.parametrize(
    ("day", "period"),
    [("2026-11-11", "2026-10"), ("2026-11-10", "2026-09"), ("2026-12-07", "2026-10"), ("2027-01-11", "2026-12")],
)
def test_the_warnings_evaluate_the_last_month_whose_reports_were_due(settings, day, period):
    settings.MONITORING_REPORT_DEADLINE_DAY = 10
    assert warnings_period(datetime.date.fromisoformat(day)) == period


def test_the_monthly_warnings_are_skipped_while_no_report_is_in(run_tasks, committed):
    MonthlyReportFactory(period="2026-10")
    with travel("2026-12-11 03:00"):
        committed(schedule_tick)
    run = run_of("monitoring_warnings")
    assert (run.status, run.message) == (RunStatus.SKIPPED, "2026-11 调查期还没有企业报送月报，没有可评估的数据。")


def test_the_monthly_warnings_store_the_months_warnings_as_the_platform(run_tasks, committed):
    """A manual run records the administrator who asked beside the job's name in the audit log."""
    MonthlyReportFactory(period="2026-11", current_headcount=70, reduced_economic_layoff=30)
    admin = administrator(region="14")
    with travel("2026-12-11 09:00"):
        committed(lambda: run_now(actor=admin, job="monitoring_warnings"))
    run = run_of("monitoring_warnings")
    assert run.status == RunStatus.SUCCEEDED, run.message
    assert run.message.startswith("2026-11 调查期：预警企业 1 家，")
    assert run.counts["enterprises"] == 1
    assert run.counts["stored"] == Warning.objects.filter(period="2026-11").count() >= 1
    events = AuditEvent.objects.filter(job="计划任务：月度失业预警评估")
    assert events.exists()
    assert set(events.values_list("user", flat=True)) == {admin.pk}

"""The page 计划任务: the province's administrators see each job with its schedule in words, its next run and its
last runs, and run one now (a manual run, enqueued); its analysts read it; a city's or county's users neither see
nor run the jobs."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from jiuye.accounts.enums import Role
from jiuye.schedule.enums import RunStatus, RunTrigger
from jiuye.schedule.jobs import JOBS
from jiuye.schedule.models import ScheduledRun
from jiuye.schedule.services import run_claim
from tests.accounts.factories import UserFactory, administrator
from tests.employers.factories import VacancyFactory
from tests.schedule.conftest import DATABASE_QUEUE, IMMEDIATE, local, travel

pytestmark = pytest.mark.django_db

PAGE = "/schedule/"


def run_url(job: str) -> str:
    return reverse("www:schedule_run", args=[job])


@pytest.fixture(autouse=True)
def _times(settings):
    settings.JIUYE_SCHEDULE = {
        "vacancies_expire": "01:00", "seekers_expire": "01:10", "match_run": "01:30", "monitoring_warnings": "03:00",
    }  # fmt: skip
    settings.MONITORING_REPORT_DEADLINE_DAY = 10
    settings.TASKS = DATABASE_QUEUE  # the page shows runs waiting in the queue for a worker


def test_the_province_administrator_sees_each_job_with_its_schedule_and_next_run(client):
    client.force_login(administrator(region="14"))
    with travel("2026-12-07 12:00"):
        response = client.get(PAGE)
    assert response.status_code == 200
    text = response.text
    for title in ("岗位到期", "求职登记到期", "人岗匹配", "月度失业预警评估"):
        assert f">{title}</h2>" in text
    assert "每天 01:30" in text
    assert "每月11日 03:00（企业月报截止日的次日）" in text
    assert "2026-12-08 01:30" in text  # the next matching run
    assert "2026-12-11 03:00" in text  # the next warnings
    assert text.count("还没有运行过") == 4
    assert text.count(">立即运行</button>") == 4
    assert [item["key"] for item in response.context["navigation"] if item["active"]] == ["schedule"]


def test_run_now_enqueues_a_manual_run_that_the_page_then_shows(client, settings, django_capture_on_commit_callbacks):
    admin = administrator(region="14")
    client.force_login(admin)
    VacancyFactory(valid_until="2026-12-01")
    with travel("2026-12-07 10:15"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(run_url("vacancies_expire"), follow=True)
    assert "已将“岗位到期”加入任务队列，运行结果见下方记录。" in response.text
    run = ScheduledRun.objects.get()
    assert (run.job, run.trigger, run.requested_by, run.status) == ("vacancies_expire", RunTrigger.MANUAL, admin,
                                                                    RunStatus.QUEUED)  # fmt: skip
    assert DBTaskResult.objects.get().task_path == "jiuye.schedule.tasks.vacancies_expire_task"
    assert f"手动运行（{admin.username}）" in response.text
    assert "排队中" in response.text
    assert 'hx-trigger="every 2s"' in response.text  # the list refreshes itself until the run ends
    assert ">运行中…</button>" in response.text

    again = client.post(run_url("vacancies_expire"), follow=True)
    assert "“岗位到期”已在排队或运行中，请等它结束后再运行。" in again.text
    assert ScheduledRun.objects.count() == 1

    settings.TASKS = IMMEDIATE
    ScheduledRun.objects.all().delete()
    with travel("2026-12-07 10:20"):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(run_url("vacancies_expire"))
        done = client.get(PAGE)
    assert "2026-12-07：1 个岗位超过有效期，已标记为已过期。" in done.text
    assert 'hx-trigger="every 2s"' not in done.text


def test_the_polled_list_is_the_jobs_alone(client):
    client.force_login(administrator(region="14"))
    response = client.get(PAGE, headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<div id="schedule-jobs"')
    assert "<html" not in response.text


def test_the_page_counts_its_queries(client, django_assert_max_num_queries, committed_runs):
    client.force_login(administrator(region="14"))
    with django_assert_max_num_queries(12):
        client.get(PAGE)


@pytest.fixture
def committed_runs(django_capture_on_commit_callbacks):
    """Ten runs of each job, so that an N+1 over runs or their requesters would show."""
    admin = administrator(region="14")
    with django_capture_on_commit_callbacks(execute=False):
        for day in range(1, 11):
            slot = local(f"2026-12-{day:02d} 01:00")
            for job in JOBS.values():
                run_claim(job=job, planned_at=slot, trigger=RunTrigger.MANUAL, now=slot, requested_by=admin)


def test_a_province_analyst_reads_the_page_but_cannot_run_a_job(client):
    client.force_login(UserFactory(region="14", roles=[Role.ANALYST]))
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "立即运行" not in response.text.replace("立即运行由省级系统管理员操作", "")
    assert client.post(run_url("match_run")).status_code == 403
    assert not ScheduledRun.objects.exists()


@pytest.mark.parametrize("region", ["1401", "140105"])
@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.ANALYST, Role.CASEWORKER])
def test_a_city_or_county_user_neither_sees_nor_runs_the_jobs(client, region, role):
    user = UserFactory(region=region, roles=[role], is_staff=role == Role.ADMINISTRATOR)
    client.force_login(user)
    assert client.get(PAGE).status_code == 403
    assert client.post(run_url("match_run")).status_code == 403
    assert not ScheduledRun.objects.exists()
    assert "schedule" not in [item["key"] for item in client.get("/", follow=True).context["navigation"]]


def test_a_province_caseworker_cannot_open_the_page(client):
    client.force_login(UserFactory(region="14"))
    assert client.get(PAGE).status_code == 403


def test_an_unknown_job_is_refused_in_chinese(client):
    client.force_login(administrator(region="14"))
    response = client.post(run_url("backup"), follow=True)
    assert "没有这个计划任务：backup" in response.text

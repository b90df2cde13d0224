"""The province's administrator opens 计划任务, runs a job now, and watches the run go from 排队中 to 成功 without
reloading (htmx polls while a run waits or runs) once a worker (`manage.py db_worker`) has taken it from the
database queue; a failed run shows its Chinese error. On a phone the page does not scroll sideways."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from jiuye.employers.enums import VacancyStatus
from jiuye.employers.models import Vacancy
from jiuye.schedule.enums import RunStatus, RunTrigger
from jiuye.schedule.jobs import JOBS
from jiuye.schedule.models import ScheduledRun
from jiuye.schedule.services import run_claim
from tests.accounts.factories import administrator
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.browser.test_caseworker_desk import page_width
from tests.employers.factories import VacancyFactory
from tests.schedule.conftest import DATABASE_QUEUE


@pytest.fixture(autouse=True)
def _database_queue(settings):
    """A run waits in the database queue until the test's worker takes it, as on a server."""
    settings.TASKS = DATABASE_QUEUE


def run_worker() -> None:
    """What `make demo`'s worker does, once: take every queued task from the database and run it."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_an_administrator_runs_a_job_now_and_watches_it_finish(page):
    VacancyFactory(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    admin = administrator(region="14")
    log_in(page, admin)
    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="计划任务").click()
    expect(page.get_by_role("heading", name="计划任务", level=1)).to_be_visible()
    card = page.locator("#job-vacancies_expire")
    expect(card).to_contain_text("每天 01:00")
    expect(card).to_contain_text("还没有运行过")

    card.get_by_role("button", name="立即运行岗位到期").click()
    expect(page.locator(".messages")).to_contain_text("已将“岗位到期”加入任务队列")
    card = page.locator("#job-vacancies_expire")
    expect(card.locator("tbody tr")).to_have_count(1)
    expect(card.locator("tbody tr .badge")).to_have_text("排队中")
    expect(card.get_by_role("button", name="立即运行岗位到期")).to_be_disabled()

    run_worker()

    row = page.locator("#job-vacancies_expire tbody tr")
    expect(row.locator(".badge")).to_have_text("成功", timeout=15_000)  # polled, not reloaded
    expect(row).to_contain_text(f"手动运行（{admin.username}）")
    expect(row).to_contain_text("1 个岗位超过有效期，已标记为已过期。")
    expect(row.locator("td").nth(4)).to_have_text(re.compile(r"^(不到 0\.1|\d+\.\d) 秒$"))
    expect(page.get_by_role("button", name="立即运行岗位到期")).to_be_enabled()
    assert Vacancy.objects.get().status == VacancyStatus.EXPIRED
    run = ScheduledRun.objects.get()
    assert (run.trigger, run.status, run.requested_by) == (RunTrigger.MANUAL, RunStatus.SUCCEEDED, admin)
    assert page.problems == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "schedule-1440x900.png", full_page=False)


def test_a_failed_run_shows_its_chinese_error_and_the_page_fits_a_phone(phone, settings):
    settings.MATCHING = {"weights": {"nonsense": 1}}
    slot = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1)
    run_claim(job=JOBS["match_run"], planned_at=slot, trigger=RunTrigger.SCHEDULE, now=slot)
    run_worker()
    assert DBTaskResult.objects.get().status == "FAILED"  # the queue knows too: the error was raised again
    log_in(phone, administrator(region="14"))
    phone.goto("/schedule/")
    row = phone.locator("#job-match_run tbody tr")
    expect(row.locator(".badge")).to_have_text("失败")
    expect(row).to_contain_text("运行失败：匹配规则设置有误：未知的匹配得分项：nonsense")
    assert page_width(phone) <= 390
    fits = "table => table.scrollWidth <= table.clientWidth"  # the message wraps instead of scrolling in its card
    assert phone.locator("#job-match_run table").evaluate(fits)
    assert phone.problems == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=SCREENSHOTS / "schedule-390x844.png", full_page=True)

"""A large export runs as a job: the browser follows the register's export link to the job's page, sees its
progress bar (rows written of the total) polled by htmx while a worker writes the file, then the summary and the
download, whose file holds the register; on a desktop and on a phone. The worker on the database queue runs in a
thread of this process, held after its first rows until both screens have been seen mid-way.

Screenshots of both states at 1440×900 and 390×844 go to var/test-screenshots/export-*.png."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from jiuye.jobs import tasks
from jiuye.jobs.models import Job
from jiuye.reference.enums import KeyGroup
from jiuye.reports import excel
from tests.accounts.factories import UserFactory
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.browser.test_import_journey import overflow
from tests.jobs import queue
from tests.jobs.conftest import DATABASE_QUEUE
from tests.jobs.exports import unemployed_person
from tests.people.factories import enter
from tests.www.test_lists import ago

ROWS = 12


@pytest.fixture(autouse=True)
def database_queue(settings, tmp_path, monkeypatch):
    """The database queue; above 5 rows an export is a job, reporting every 4 rows written."""
    settings.TASKS = DATABASE_QUEUE
    settings.JOBS_PROGRESS_DIR = tmp_path / "jobs"
    settings.JOBS_FILES_DIR = tmp_path / "files"
    settings.EXPORT_JOB_ROWS = 5
    monkeypatch.setattr(excel, "PROGRESS_ROWS", 4)


@pytest.fixture
def held_worker(monkeypatch):
    """A worker thread running the queue; its export stops after reporting its first rows until `release` is set."""
    with queue.held_worker(monkeypatch, tasks, lambda progress: progress.rows_written) as release:
        yield release


def test_a_large_export_shows_its_progress_then_its_download_on_a_desktop_and_a_phone(page, phone, held_worker):
    user = UserFactory(region="140105")
    for number in range(ROWS):
        enter(unemployed_person(f"失业人员{number:02d}", number), KeyGroup.UNEMPLOYMENT_REGISTRATION, ago(100))
    log_in(page, user)
    log_in(phone, user)
    page.goto("/registers/unemployment_registration/")
    page.get_by_role("link", name="导出Excel").click()

    expect(page.locator("h1")).to_have_text("导出登记失业人员台账")
    job = Job.objects.get()
    expect(page).to_have_url(f"{page.base_url}/jobs/{job.pk}/")
    expect(page.locator("#rows-written")).to_have_text("4", timeout=60_000)  # polled, the worker held
    expect(page.locator(".status-tag")).to_have_text("进行中")
    assert page.locator("#rows-total").inner_text() == str(ROWS)
    assert page.locator("#job-bar").get_attribute("value") == "33"
    assert page.locator(".job-counts dt").all_inner_texts() == ["已写入", "共"]
    assert page.locator("#job-download").count() == 0
    phone.goto(f"/jobs/{job.pk}/")
    expect(phone.locator("#rows-written")).to_have_text("4")
    assert overflow(phone) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "export-running-1440.png", full_page=True)
    phone.screenshot(path=SCREENSHOTS / "export-running-390.png", full_page=True)

    held_worker.set()  # the worker goes on; both pages, still polling, show the result when it ends

    for screen in (page, phone):
        expect(screen.locator(".status-tag")).to_have_text("已完成", timeout=60_000)
        expect(screen.locator("#job-summary")).to_contain_text(f"已导出 {ROWS} 行")
        expect(screen.locator("#rows-written")).to_have_text(str(ROWS))
        assert screen.locator("#job-download").is_visible()
    assert overflow(phone) == []
    page.screenshot(path=SCREENSHOTS / "export-result-1440.png", full_page=True)
    phone.screenshot(path=SCREENSHOTS / "export-result-390.png", full_page=True)

    with page.expect_download() as downloading:
        page.locator("#job-download").click()
    download = downloading.value
    assert download.suggested_filename == f"小店区_登记失业人员台账_{timezone.localdate():%Y%m%d}.xlsx"
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True).active
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert sorted(names) == [f"失业人员{number:02d}" for number in range(ROWS)]
    assert page.problems == []
    assert phone.problems == []

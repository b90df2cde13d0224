"""An upload runs as a task: the browser shows its progress bar (rows read, checked, written), polled by htmx while
a worker imports the file, and then the result; on a desktop and on a phone. A worker on the database queue runs in
a thread of this process (the live server's database is the test's); it is held after the first chunk's report
until both screens have been seen mid-way, so that the progress state is shown however fast the engine is.

Screenshots of both states at 1440×900 and 390×844 go to var/test-screenshots/progress-*.png."""

import pytest
from playwright.sync_api import expect

from jiuye.imports.services import CHUNK_ROWS
from jiuye.jobs import services
from jiuye.jobs.models import Job
from jiuye.people.models import Person
from tests.accounts.factories import UserFactory
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.browser.test_import_journey import overflow
from tests.imports.files import GRADUATE_HEADER, write_csv
from tests.jobs import queue
from tests.jobs.conftest import DATABASE_QUEUE
from tests.jobs.test_worker_killed import register_rows

ROWS = 3 * CHUNK_ROWS
KIND = "离校未就业高校毕业生台账"


@pytest.fixture(autouse=True)
def database_queue(settings, tmp_path):
    settings.TASKS = DATABASE_QUEUE
    settings.IMPORTS_DIR = tmp_path / "imports"
    settings.JOBS_PROGRESS_DIR = tmp_path / "jobs"


@pytest.fixture
def held_worker(monkeypatch):
    """A worker thread running the queue; its import stops after reporting its first chunk until `release` is set."""
    with queue.held_worker(monkeypatch, services, lambda progress: progress.rows_read) as release:
        yield release


def test_an_upload_shows_its_progress_then_its_result_on_a_desktop_and_a_phone(page, phone, held_worker, tmp_path):
    user = UserFactory(region="140105")
    log_in(page, user)
    log_in(phone, user)
    page.goto("/imports/")
    page.get_by_label("导入类型").select_option(label=KIND)
    register = write_csv(tmp_path / "毕业生.csv", GRADUATE_HEADER, register_rows(ROWS))
    page.get_by_label("文件（.xlsx或.csv）").set_input_files(register)
    page.get_by_role("button", name="上传并试运行").click()

    job = Job.objects.get()
    expect(page).to_have_url(f"{page.base_url}/jobs/{job.pk}/")
    expect(page.locator("h1")).to_have_text(f"试运行{KIND}“毕业生.csv”")
    expect(page.locator("#rows-read")).to_have_text(str(CHUNK_ROWS), timeout=60_000)  # polled, the worker held
    expect(page.locator(".status-tag")).to_have_text("进行中")
    assert page.locator("#job-bar").is_visible()
    assert page.locator("#rows-checked").inner_text() == str(CHUNK_ROWS)
    assert page.locator("#rows-written").inner_text() == str(CHUNK_ROWS)
    assert page.locator(".job-counts dt").all_inner_texts() == ["已读取", "已检查", "可写入", "共"]
    assert page.locator("#rows-total").inner_text() == str(ROWS)  # the bar's end: the file's rows
    phone.goto(f"/jobs/{job.pk}/")
    expect(phone.locator("#rows-read")).to_have_text(str(CHUNK_ROWS))
    assert overflow(phone) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "progress-running-1440.png", full_page=True)
    phone.screenshot(path=SCREENSHOTS / "progress-running-390.png", full_page=True)

    held_worker.set()  # the worker goes on; both pages, still polling, open the result when it ends

    counts = f"新增 {ROWS}、更新 0、未变 0、拒绝 0"
    for screen in (page, phone):
        expect(screen.locator("#counts")).to_have_text(counts, timeout=120_000)
        expect(screen.locator("h1")).to_have_text(f"试运行结果：{KIND}")
        assert screen.get_by_role("button", name=f"确认导入（新增和更新 {ROWS} 行）").is_visible()
    assert overflow(phone) == []
    page.screenshot(path=SCREENSHOTS / "progress-result-1440.png", full_page=True)
    phone.screenshot(path=SCREENSHOTS / "progress-result-390.png", full_page=True)
    assert not Person.objects.exists()  # a dry run
    assert page.problems == []
    assert phone.problems == []

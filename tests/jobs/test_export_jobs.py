"""Exports of many rows and the province's Word report as jobs: a small export stays the immediate download, a large
one goes to the job's page (rows written of the total, then the download); the report goes by its steps; each file
is audited when written and when downloaded, and served only to its owner and the administrators who see the job
(never to a user of another region; a full-number file to its owner alone); a failure is said in Chinese."""

import datetime
import io

import docx
import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jiuye.accounts.enums import Role
from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.jobs import tasks
from jiuye.jobs.enums import JobKind, JobStatus
from jiuye.jobs.exports import report_job_enqueue
from jiuye.jobs.files import job_file_path
from jiuye.jobs.models import Job
from jiuye.jobs.progress import JobProgress, progress_read, progress_write
from jiuye.jobs.services import job_start
from jiuye.people import crypto
from jiuye.reference.enums import KeyGroup
from jiuye.reports import excel
from tests.accounts.factories import UserFactory, administrator
from tests.jobs.exports import unemployed_person
from tests.jobs.queue import run_queue
from tests.monitoring.test_analysis_report import panel  # noqa: F401  (fixture)
from tests.people.factories import enter
from tests.seekers.factories import SeekerRegistrationFactory
from tests.www.test_lists import PURPOSE, ago

pytestmark = pytest.mark.django_db

REGISTER = reverse("www:register_export", args=["unemployment_registration"])
EXPORTS = [
    REGISTER,
    reverse("www:worklist_export", args=["unemployed_without_contact"]),
    reverse("www:seeker_export"),
]
DOCX = reverse("www:monitoring_analysis_docx")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def threshold(settings, tmp_path):
    """Above two rows an export is a job; the jobs' files go to the test's own directory."""
    settings.EXPORT_JOB_ROWS = 2
    settings.JOBS_FILES_DIR = tmp_path / "files"


@pytest.fixture
def unemployed():
    """Three people of Xiaodian on the unemployment register, not contacted for 100 days, each also a job seeker."""
    people = [unemployed_person(name, number) for number, name in enumerate(("张一", "张二", "张三"))]
    for person in people:
        enter(person, KeyGroup.UNEMPLOYMENT_REGISTRATION, ago(100))
        SeekerRegistrationFactory(person=person)
    return people


@pytest.fixture
def caseworker(client):
    user = UserFactory(region="140105")
    client.force_login(user)
    return user


def sheet_names(content: bytes) -> list[str]:
    """The first column of the data rows (below the title and the header)."""
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).active
    return [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]


def download(client, job: Job):
    return client.get(reverse("www:job_download", args=[job.pk]))


def content_of(response) -> bytes:
    return b"".join(response.streaming_content)


# ------------------------------------------------------------------------------------------------------ exports


def test_an_export_under_the_threshold_is_the_immediate_download(client, caseworker, unemployed, settings):
    settings.EXPORT_JOB_ROWS = 3
    response = client.get(REGISTER)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert set(sheet_names(response.content)) == {"张一", "张二", "张三"}
    assert not Job.objects.exists()


@pytest.mark.parametrize("url", EXPORTS)
def test_a_large_export_runs_as_a_job_whose_page_gives_the_file(client, caseworker, unemployed, url):
    response = client.get(url)

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("www:job_detail", args=[job.pk])
    assert (job.kind, job.status, job.user, job.region_code) == (
        JobKind.EXPORT,
        JobStatus.SUCCEEDED,
        caseworker,
        "140105",
    )
    assert (job.rows_written, job.rows_total) == (3, 3)
    page = client.get(response["Location"]).content.decode()
    assert job.summary in page
    active = [area["key"] for area in client.get(response["Location"]).context["navigation"] if area["active"]]
    assert active == (["supply_demand"] if "seekers" in url else ["registers"])  # where it began
    assert "已导出 3 行" in job.summary
    assert reverse("www:job_download", args=[job.pk]) in page
    file = download(client, job)
    assert file.status_code == 200
    assert file["Content-Type"] == XLSX
    assert set(sheet_names(content_of(file))) == {"张一", "张二", "张三"}
    written, downloaded = AuditEvent.objects.filter(action=AuditAction.EXPORT).order_by("pk")
    assert (written.user, written.changes) == (caseworker, {"rows": 3, "unmasked": False})
    assert (downloaded.user, downloaded.object_type, downloaded.region_code) == (caseworker, "jobs.Job", "140105")


def test_a_large_export_on_the_queue_reports_rows_written_of_the_total(
    client, caseworker, unemployed, database_queue, monkeypatch
):
    monkeypatch.setattr(excel, "PROGRESS_ROWS", 1)
    reports = []
    write = tasks.progress_write

    def progress_write(job_id, progress):
        write(job_id, progress)
        reports.append((progress.rows_written, progress.rows_total))

    monkeypatch.setattr(tasks, "progress_write", progress_write)
    response = client.get(REGISTER)
    job = Job.objects.get()
    assert job.status == JobStatus.QUEUED
    assert DBTaskResult.objects.get().task_path == "jiuye.jobs.tasks.export_job"
    assert "排队中" in client.get(response["Location"]).content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()  # nothing exported yet

    assert run_queue() == 1

    assert reports == [(0, 3), (1, 3), (2, 3), (3, 3), (3, 3)]  # counted first, then each row, then the end
    job.refresh_from_db()
    assert (job.status, job.rows_written, job.rows_total) == (JobStatus.SUCCEEDED, 3, 3)
    assert progress_read(job.pk) is None
    fragment = client.get(reverse("www:job_status", args=[job.pk])).content.decode()
    assert 'id="job-download"' in fragment
    assert "hx-get" not in fragment  # ended: no more polling


def test_the_progress_fragment_of_a_running_export_shows_rows_written_of_the_total(
    client, caseworker, unemployed, database_queue
):
    client.get(REGISTER)
    job = Job.objects.get()
    job_start(job_id=job.pk)
    progress_write(job.pk, JobProgress(2, 2, 2, 3))
    fragment = client.get(reverse("www:job_status", args=[job.pk])).content.decode()
    assert "正在导出" in fragment
    assert '<dd id="rows-written">2</dd>' in fragment
    assert '<dd id="rows-total">3</dd>' in fragment
    assert 'value="67"' in fragment
    assert "hx-get" in fragment


def test_a_user_of_another_region_cannot_see_or_download_the_file(client, caseworker, unemployed):
    client.get(REGISTER)
    job = Job.objects.get()
    for other in (UserFactory(region="140106"), administrator(region="1402"), UserFactory(region="140105")):
        client.force_login(other)
        assert client.get(reverse("www:job_detail", args=[job.pk])).status_code == 404
        assert download(client, job).status_code == 404
    client.force_login(administrator(region="1401"))  # the administrators above the job's region may
    assert download(client, job).status_code == 200
    downloads = AuditEvent.objects.filter(object_type="jobs.Job")
    assert downloads.count() == 1


def test_a_full_number_export_as_a_job_keeps_its_purpose_and_only_its_owner_downloads_it(client, unemployed):
    owner = UserFactory(region="140105")
    owner.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    client.force_login(owner)
    assert client.post(f"{REGISTER}?unmasked=1", {**PURPOSE, "purpose": "回访"}).status_code == 400
    assert not Job.objects.exists()  # refused at once, before any job

    response = client.post(f"{REGISTER}?unmasked=1", PURPOSE)

    job = Job.objects.get()
    assert response.status_code == 302
    assert job.title == "导出登记失业人员台账（完整号码）"
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.changes["purpose"] == "就业服务与跟踪回访：6月登记失业人员电话回访"
    sheet = openpyxl.load_workbook(io.BytesIO(content_of(download(client, job))), read_only=True).active
    numbers = {row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert numbers == {crypto.decrypt(person.ric_encrypted) for person in unemployed}
    assert not any(number in str(job.params) for number in numbers)
    client.force_login(administrator(region="140105"))
    assert client.get(reverse("www:job_detail", args=[job.pk])).status_code == 200
    assert download(client, job).status_code == 404
    assert "只有发起人可以下载" in client.get(reverse("www:job_detail", args=[job.pk])).content.decode()


def test_a_full_number_job_is_refused_without_the_permission(client, caseworker, unemployed):
    assert client.post(f"{REGISTER}?unmasked=1", PURPOSE).status_code == 403
    assert not Job.objects.exists()


# ------------------------------------------------------------------------------------------------------- report


@pytest.fixture
def province_officer(client, panel):  # noqa: F811
    user = UserFactory(region="14", roles=[Role.ANALYST])
    client.force_login(user)
    return user


def test_the_provinces_word_report_runs_as_a_job_by_its_steps(client, province_officer, database_queue, monkeypatch):
    stages = []
    write = tasks.progress_write
    monkeypatch.setattr(tasks, "progress_write", lambda job_id, p: (write(job_id, p), stages.append(p.stage)))
    response = client.get(DOCX, {"period": "2026-02", "region": "14"})
    job = Job.objects.get()
    assert (response.status_code, job.kind, job.status) == (302, JobKind.REPORT, JobStatus.QUEUED)

    assert run_queue() == 1

    assert stages == ["汇总各地区、各行业数据", "生成文字、表格和图表", "保存文件"]
    job.refresh_from_db()
    assert (job.status, job.rows_written, job.rows_total) == (JobStatus.SUCCEEDED, 3, 3)
    filename = "山西省失业动态监测月度分析报告2026年2月.docx"
    assert job.summary == f"已生成：{filename}"
    areas = client.get(reverse("www:job_detail", args=[job.pk])).context["navigation"]
    assert [area["key"] for area in areas if area["active"]] == ["monitoring"]
    file = download(client, job)
    assert file.status_code == 200
    document = docx.Document(io.BytesIO(content_of(file)))
    assert "山西省失业动态监测月度分析报告" in [paragraph.text for paragraph in document.paragraphs]
    event = AuditEvent.objects.get(object_type="monitoring_analysis")
    assert (event.user, event.region_code) == (province_officer, "14")


def test_a_city_user_cannot_download_the_provinces_report(client, province_officer):
    client.get(DOCX, {"period": "2026-02", "region": "14"})
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED
    for other in (UserFactory(region="1401", roles=[Role.ANALYST]), administrator(region="1401")):
        client.force_login(other)
        assert download(client, job).status_code == 404


def test_a_city_report_stays_the_immediate_download(client, province_officer):
    response = client.get(DOCX, {"period": "2026-02", "region": "1401"})
    assert response.status_code == 200
    assert not Job.objects.exists()


def test_a_failed_report_shows_its_chinese_error(client, province_officer):
    job = report_job_enqueue(user=province_officer, period="2026-13", region_code="14")

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "调查期应写成YYYY-MM，如2026-10"
    page = client.get(reverse("www:job_detail", args=[job.pk])).content.decode()
    assert "调查期应写成YYYY-MM，如2026-10" in page
    assert 'id="job-download"' not in page
    assert download(client, job).status_code == 404


def test_a_file_is_deleted_a_week_after_its_job_ended(client, caseworker, unemployed, settings):
    client.get(REGISTER)
    old = Job.objects.get()
    path = job_file_path(old.result_file)
    assert path.is_file()
    Job.objects.filter(pk=old.pk).update(finished_at=timezone.now() - datetime.timedelta(days=8))

    client.get(REGISTER)  # the next export's job removes what has expired

    old.refresh_from_db()
    assert (old.result_file, old.params["file_expired"]) == ("", True)
    assert not path.exists()
    assert not path.parent.exists()
    assert download(client, old).status_code == 404
    page = client.get(reverse("www:job_detail", args=[old.pk])).content.decode()
    assert "文件已超过保存期限（7天）并已删除，请重新导出。" in page
    new = Job.objects.exclude(pk=old.pk).get()
    assert download(client, new).status_code == 200

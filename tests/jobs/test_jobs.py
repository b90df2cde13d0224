"""Uploads as tasks on the database queue: the job's record, its progress, its result, who sees it; the pages that
follow it (htmx polling, then the import's result) and a failure said in Chinese."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from jiuye.accounts.enums import Role
from jiuye.imports.models import ImportRecord
from jiuye.imports.services import ImportProgress
from jiuye.imports.storage import upload_save
from jiuye.jobs.enums import JobStatus
from jiuye.jobs.models import Job
from jiuye.jobs.progress import JobProgress, progress_read, progress_write
from jiuye.jobs.selectors import job_list, job_progress
from jiuye.jobs.services import import_job_enqueue, job_report, job_rerun, job_start
from jiuye.lfs.demo import CSV_HEADER
from jiuye.lfs.models import SurveyPeriod
from jiuye.people.models import Person
from tests.accounts.factories import UserFactory, administrator
from tests.imports.files import GRADUATE_HEADER, graduate, write_csv, write_xlsx
from tests.jobs.queue import run_queue
from tests.lfs.test_import import GOOD_ROWS
from tests.people.factories import make_ric

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_queue")]

GOOD = make_ric(sequence=1)
BAD = GOOD[:-1] + ("0" if GOOD[-1] != "0" else "1")


@pytest.fixture
def register(tmp_path):
    rows = [graduate("张三", GOOD), graduate("李四", BAD), graduate("王五", make_ric(sequence=3))]
    return write_xlsx(tmp_path / "台账.xlsx", GRADUATE_HEADER, rows)


@pytest.fixture
def caseworker():
    return UserFactory(region="140105")


def stored(path):
    return upload_save(SimpleUploadedFile(path.name, path.read_bytes()))[0]


def test_an_enqueued_import_waits_for_a_worker_then_records_its_result(caseworker, register):
    job = import_job_enqueue(
        user=caseworker, kind="unplaced_graduate", path=stored(register), file_name="台账.xlsx", dry_run=False
    )

    assert (job.status, job.region_code, job.title) == (
        JobStatus.QUEUED,
        "140105",
        "导入离校未就业高校毕业生台账“台账.xlsx”",
    )
    queued = DBTaskResult.objects.get()
    assert (str(queued.id), queued.task_path) == (job.task_result_id, "jiuye.jobs.tasks.import_job")
    assert not Person.objects.exists()

    assert run_queue() == 1

    job.refresh_from_db()
    record = ImportRecord.objects.get()
    assert (job.status, job.import_record, job.error) == (JobStatus.SUCCEEDED, record, "")
    assert job.summary == "已导入：新增 2、更新 0、未变 0、拒绝 1"
    assert (job.rows_read, job.rows_checked, job.rows_written) == (3, 3, 2)
    assert sorted(Person.objects.values_list("name", flat=True)) == ["张三", "王五"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert progress_read(job.pk) is None  # the row holds the counts now


def test_progress_goes_to_the_store_outside_the_database_and_the_row_keeps_the_end(caseworker, register):
    job = import_job_enqueue(
        user=caseworker, kind="unplaced_graduate", path=stored(register), file_name="台账.xlsx", dry_run=True
    )
    running = job_start(job_id=job.pk)
    assert job_start(job_id=job.pk) is None  # a second delivery of the task does not run it again

    job_report(running, ImportProgress(rows_read=1000, rows_checked=900, rows_written=850, total=4000))

    assert job_progress(running) == JobProgress(1000, 900, 850, 4000, at=progress_read(job.pk).at)
    assert job_progress(running).percent == 22
    assert Job.objects.get(pk=job.pk).rows_read == 0  # nothing written to the job's row while it runs


def test_a_job_that_fails_says_why_in_chinese_and_writes_nothing(client, caseworker, register):
    path = stored(register)
    job = import_job_enqueue(
        user=caseworker, kind="unplaced_graduate", path=path, file_name="台账.xlsx", dry_run=False
    )
    path.unlink()  # the upload is gone before a worker takes the job

    run_queue()

    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.FAILED, "上传的文件已不在服务器上，请重新上传。")
    assert not Person.objects.exists()
    client.force_login(caseworker)
    page = client.get(reverse("www:job_detail", args=[job.pk]))
    assert '<div class="error" role="alert" id="job-error">上传的文件已不在服务器上，请重新上传。</div>' in page.text
    assert "hx-trigger" not in page.text  # an ended job is not polled
    assert 'id="rerun"' in page.text


def test_the_upload_page_follows_the_job_by_polling_then_opens_the_preview_and_the_commit(
    client, caseworker, register
):
    client.force_login(caseworker)

    response = client.post(
        reverse("www:import_list"),
        {"kind": "unplaced_graduate", "file": SimpleUploadedFile("台账.xlsx", register.read_bytes())},
    )
    job = Job.objects.get()
    assert response.url == reverse("www:job_detail", args=[job.pk])
    page = client.get(response.url)
    assert f'hx-get="{reverse("www:job_status", args=[job.pk])}" hx-trigger="every 1s"' in page.text
    assert "排队中" in page.text
    assert '<progress id="job-bar" max="100" value="0"' in page.text
    assert f'href="{reverse("www:job_detail", args=[job.pk])}"' in client.get(reverse("www:import_list")).text

    progress_write(job.pk, JobProgress(rows_read=3, rows_checked=2, rows_written=1))  # what a worker reports
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    poll = client.get(reverse("www:job_status", args=[job.pk]), headers={"HX-Request": "true"})
    assert '<dd id="rows-read">3</dd>' in poll.text
    assert '<dd id="rows-checked">2</dd>' in poll.text
    assert '<dd id="rows-written">1</dd>' in poll.text
    assert "可写入" in poll.text  # a dry run writes nothing
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)

    run_queue()
    done = client.get(reverse("www:job_status", args=[job.pk]), headers={"HX-Request": "true"})
    preview = ImportRecord.objects.get()
    assert done["HX-Redirect"] == reverse("www:import_detail", args=[preview.pk])
    page = client.get(done["HX-Redirect"])
    assert '<p class="import-counts has-rejected" id="counts">新增 2、更新 0、未变 0、拒绝 1</p>' in page.text
    assert page.context["can_confirm"]

    confirm = client.post(reverse("www:import_commit", args=[preview.pk]))
    commit_job = Job.objects.latest("pk")
    assert confirm.url == reverse("www:job_detail", args=[commit_job.pk])
    assert not client.get(reverse("www:import_detail", args=[preview.pk])).context["can_confirm"]  # confirming
    client.post(reverse("www:import_commit", args=[preview.pk]))  # a second click
    assert Job.objects.count() == 2

    run_queue()
    done = client.get(reverse("www:job_status", args=[commit_job.pk]), headers={"HX-Request": "true"})
    committed = ImportRecord.objects.get(dry_run=False)
    assert done["HX-Redirect"] == reverse("www:import_detail", args=[committed.pk])
    assert "已导入：新增 2、更新 0、未变 0、拒绝 1" in client.get(done["HX-Redirect"]).text  # the message, once
    assert Person.objects.count() == 2


def test_a_user_sees_their_own_jobs_and_administrators_those_of_their_region(client, caseworker, register):
    job = import_job_enqueue(
        user=caseworker, kind="unplaced_graduate", path=stored(register), file_name="台账.xlsx", dry_run=True
    )
    run_queue()
    job.refresh_from_db()
    pages = [reverse("www:job_detail", args=[job.pk]), reverse("www:job_status", args=[job.pk])]

    # PIPL: another region's user, even its administrator, sees neither the job's page nor its result.
    for outsider in (UserFactory(region="140106"), administrator(region="140106")):
        client.force_login(outsider)
        assert job not in job_list(user=outsider)
        assert [client.get(url).status_code for url in pages] == [404, 404]
        assert client.get(reverse("www:import_detail", args=[job.import_record_id])).status_code == 404
        assert client.post(reverse("www:job_rerun", args=[job.pk])).status_code == 404

    colleague = UserFactory(region="140105")  # same office, not an administrator: not someone else's job
    client.force_login(colleague)
    assert [client.get(url).status_code for url in pages] == [404, 404]

    for overseer in (administrator(region="140105"), administrator(region="1401"), caseworker):
        client.force_login(overseer)
        assert job in job_list(user=overseer)
        assert client.get(pages[0]).url == reverse("www:import_detail", args=[job.import_record_id])
    client.force_login(UserFactory(region="14", roles=[Role.ANALYST]))
    assert client.get(pages[0]).status_code == 404


def test_a_job_left_running_by_a_dead_worker_is_run_again_by_its_owner(client, caseworker, register, settings):
    job = import_job_enqueue(
        user=caseworker, kind="unplaced_graduate", path=stored(register), file_name="台账.xlsx", dry_run=False
    )
    job_start(job_id=job.pk)  # a worker took it, then died
    DBTaskResult.objects.update(status="RUNNING")
    client.force_login(caseworker)
    assert 'id="rerun"' not in client.get(reverse("www:job_detail", args=[job.pk])).text  # not yet stale

    settings.JOBS_STALE_SECONDS = -1
    page = client.get(reverse("www:job_detail", args=[job.pk]))
    assert 'id="job-stale"' in page.text
    client.force_login(UserFactory(region="140105"))
    assert client.post(reverse("www:job_rerun", args=[job.pk])).status_code == 404
    client.force_login(caseworker)
    response = client.post(reverse("www:job_rerun", args=[job.pk]))

    assert response.url == reverse("www:job_detail", args=[job.pk])
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
    assert run_queue() == 1
    job.refresh_from_db()
    assert (job.status, job.attempts, Person.objects.count()) == (JobStatus.SUCCEEDED, 2, 2)
    with pytest.raises(Exception, match="只有中断或出错的任务可以重新运行"):
        job_rerun(job=job)


def test_the_survey_microdata_upload_runs_as_a_task_too(client, tmp_path):
    analyst = UserFactory(region="14", roles=[Role.ANALYST])
    client.force_login(analyst)
    path = write_csv(tmp_path / "2026-10.csv", list(CSV_HEADER), GOOD_ROWS)
    with path.open("rb") as upload:
        response = client.post(reverse("www:statistics_imports"), {"month": "2026-10", "file": upload})
    job = Job.objects.get()
    assert (job.kind, job.title) == ("survey_import", "试运行2026-10劳动力调查微观数据“2026-10.csv”")
    assert response.url == reverse("www:job_detail", args=[job.pk])
    assert "调查微观数据导入" in client.get(response.url).text

    run_queue()
    done = client.get(reverse("www:job_status", args=[job.pk]), headers={"HX-Request": "true"})
    preview = ImportRecord.objects.get()
    assert done["HX-Redirect"] == f"{reverse('www:statistics_import', args=[preview.pk])}?month=2026-10"
    commit = client.post(reverse("www:statistics_import_commit", args=[preview.pk]), {"month": "2026-10"})
    assert commit.url == reverse("www:job_detail", args=[Job.objects.latest("pk").pk])
    assert not SurveyPeriod.objects.exists()
    run_queue()
    assert SurveyPeriod.objects.get().records.count() == len(GOOD_ROWS)


def test_a_queue_that_cannot_be_reached_fails_the_job_with_a_chinese_error(caseworker, register, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr("django_tasks_db.backend.DatabaseBackend.enqueue", unreachable)
    job = import_job_enqueue(
        user=caseworker, kind="unplaced_graduate", path=stored(register), file_name="台账.xlsx", dry_run=True
    )
    assert (job.status, job.error) == (JobStatus.FAILED, "后台任务队列暂时不可用，未写入任何数据，请稍后重试。")

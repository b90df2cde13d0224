"""The import pages: upload, preview (a dry run), confirm, download the rejected rows; all within the region."""

import io
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from jiuye.accounts.enums import Role
from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.imports.models import ImportRecord
from jiuye.people.masking import mask_ric
from jiuye.people.models import Person
from tests.accounts.factories import UserFactory
from tests.imports.files import GRADUATE_HEADER, graduate, write_xlsx
from tests.people.factories import make_ric

pytestmark = pytest.mark.django_db

GOOD = make_ric(sequence=1)
BAD = GOOD[:-1] + ("0" if GOOD[-1] != "0" else "1")


@pytest.fixture
def upload(tmp_path):
    rows = [graduate("张三", GOOD), graduate("李四", BAD), graduate("王五", make_ric(sequence=3), residence="140106")]
    path = write_xlsx(tmp_path / "台账.xlsx", [*GRADUATE_HEADER, "籍贯"], rows)
    return SimpleUploadedFile("台账.xlsx", path.read_bytes())


@pytest.fixture
def caseworker():
    return UserFactory(region="140105")


def post_upload(client, upload, kind="unplaced_graduate"):
    return client.post(reverse("www:import_list"), {"kind": kind, "file": upload})


def test_upload_preview_confirm(client, caseworker, upload):
    client.force_login(caseworker)
    assert client.get(reverse("www:import_list")).status_code == 200

    response = post_upload(client, upload)
    preview = ImportRecord.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("www:import_detail", args=[preview.pk])
    assert not Person.objects.exists()

    page = client.get(response.url)
    assert page.status_code == 200
    assert page.context["record"].summary == "created=1 updated=0 unchanged=0 rejected=2"  # the command's line
    assert '<p class="import-counts has-rejected" id="counts">新增 1、更新 0、未变 0、拒绝 2</p>' in page.text
    assert [(number, [(e.column, e.value) for e in errors]) for number, errors in page.context["rejected"]] == [
        (3, [("公民身份号码", mask_ric(BAD))]),
        (4, [("现居住地区划代码", "140106")]),
    ]
    assert "不在您的管辖范围内" in page.text
    assert "籍贯" in page.text
    assert page.context["can_confirm"]

    response = client.post(reverse("www:import_commit", args=[preview.pk]))
    committed = ImportRecord.objects.get(dry_run=False)
    assert response.url == reverse("www:import_detail", args=[committed.pk])
    assert committed.preview == preview
    assert committed.summary == "created=1 updated=0 unchanged=0 rejected=2"
    assert Person.objects.get().name == "张三"

    result = client.get(response.url)
    assert "已导入：新增 1、更新 0、未变 0、拒绝 2" in result.text  # the success message, and the page's counts
    assert "下载错误明细" in result.text
    assert not client.get(reverse("www:import_detail", args=[preview.pk])).context["can_confirm"]
    listing = client.get(reverse("www:import_list")).text
    assert listing.count("新增 1、更新 0、未变 0、拒绝 2") == 2
    for text in (page.text, result.text, listing):
        assert "created=" not in text
        assert "rejected=" not in text


def test_many_rejected_rows_are_listed_a_page_at_a_time_with_every_reason(client, caseworker, tmp_path):
    client.force_login(caseworker)
    bad = [graduate(f"错{n}", BAD, 联系电话="12345", 毕业时间="2024-02-30") for n in range(55)]
    path = write_xlsx(tmp_path / "多错.xlsx", GRADUATE_HEADER, [graduate("张三", GOOD), *bad])
    response = post_upload(client, SimpleUploadedFile("多错.xlsx", path.read_bytes()))

    first = client.get(response.url)
    rows = first.context["rejected"]
    assert (rows.paginator.count, rows.paginator.num_pages, len(rows)) == (55, 2, 50)
    number, errors = rows[0]
    assert number == 3
    assert [(e.row, e.column, e.value) for e in errors] == [
        (3, "公民身份号码", mask_ric(BAD)), (3, "联系电话", "12345"), (3, "毕业时间", "2024-02-30"),
    ]  # fmt: skip
    assert "“2024-02-30”不是有效的日期" in errors[2].reason
    assert "被拒绝的行（55行）" in first.text
    assert "第 1 / 2 页，共 55 条" in first.text
    second = client.get(response.url, {"page": 2}).context["rejected"]
    assert [number for number, _errors in second] == [53, 54, 55, 56, 57]


@pytest.fixture
def duplicated(tmp_path):
    rows = [graduate("张三", GOOD), graduate("张三", GOOD), graduate("李四", BAD)]
    path = write_xlsx(tmp_path / "重复.xlsx", GRADUATE_HEADER, rows)
    return SimpleUploadedFile("重复.xlsx", path.read_bytes())


def test_rejected_rows_show_id_numbers_masked_without_the_unmask_permission(client, caseworker, duplicated):
    client.force_login(caseworker)
    page = client.get(post_upload(client, duplicated).url)

    assert [(number, [e.value for e in errors]) for number, errors in page.context["rejected"]] == [
        (3, [mask_ric(GOOD)]),
        (4, [mask_ric(BAD)]),
    ]
    assert "与第2行重复" in page.text
    assert GOOD not in page.text
    assert BAD not in page.text
    assert mask_ric(GOOD) in page.text
    assert not AuditEvent.objects.filter(action=AuditAction.UNMASK).exists()


def test_rejected_rows_show_full_numbers_to_the_unmask_permission_and_audit_it(client, caseworker, duplicated):
    caseworker.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    client.force_login(caseworker)
    response = post_upload(client, duplicated)
    record = ImportRecord.objects.get()

    page = client.get(response.url)

    assert GOOD in page.text
    assert BAD in page.text
    event = AuditEvent.objects.get(action=AuditAction.UNMASK)
    assert (event.object_id, event.user_id) == (str(record.pk), caseworker.pk)
    assert "重复.xlsx" in event.summary


def test_an_id_number_typed_in_another_column_is_masked_too(client, caseworker, tmp_path):
    client.force_login(caseworker)
    path = write_xlsx(tmp_path / "错列.xlsx", GRADUATE_HEADER, [graduate("张三", GOOD, 联系电话=GOOD)])
    page = client.get(post_upload(client, SimpleUploadedFile("错列.xlsx", path.read_bytes())).url)

    assert [e.value for _number, errors in page.context["rejected"] for e in errors] == [mask_ric(GOOD)]
    assert GOOD not in page.text


def test_a_number_too_short_in_the_id_column_is_masked_by_its_column(client, caseworker, tmp_path):
    client.force_login(caseworker)
    short = GOOD[:17]  # a digit lost: no ID-like number, still most of one
    path = write_xlsx(tmp_path / "短号.xlsx", GRADUATE_HEADER, [graduate("张三", short)])
    page = client.get(post_upload(client, SimpleUploadedFile("短号.xlsx", path.read_bytes())).url)

    [(_number, [error])] = list(page.context["rejected"])
    assert (error.column, error.value) == ("公民身份号码", mask_ric(short))
    assert short not in page.text


def test_a_preview_is_confirmed_once(client, caseworker, upload):
    client.force_login(caseworker)
    post_upload(client, upload)
    preview = ImportRecord.objects.get()
    client.post(reverse("www:import_commit", args=[preview.pk]))
    client.post(reverse("www:import_commit", args=[preview.pk]))
    assert ImportRecord.objects.filter(dry_run=False).count() == 1


def test_only_the_user_who_ran_the_preview_confirms_it(client, caseworker, upload):
    client.force_login(caseworker)
    post_upload(client, upload)
    preview = ImportRecord.objects.get()
    client.force_login(UserFactory(region="140105"))
    assert not client.get(reverse("www:import_detail", args=[preview.pk])).context["can_confirm"]
    client.post(reverse("www:import_commit", args=[preview.pk]))
    assert not ImportRecord.objects.filter(dry_run=False).exists()


def test_errors_download_is_an_audited_xlsx(client, caseworker, upload):
    client.force_login(caseworker)
    post_upload(client, upload)
    record = ImportRecord.objects.get()

    response = client.get(reverse("www:import_errors", args=[record.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('台账.errors.xlsx')}"
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [row[:2] for row in workbook["错误明细"].iter_rows(min_row=2, values_only=True)] == [
        (3, "公民身份号码"),
        (4, "现居住地区划代码"),
    ]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(record.pk)).count() == 1


def test_another_region_sees_neither_the_record_nor_its_errors(client, caseworker, upload):
    client.force_login(caseworker)
    post_upload(client, upload)
    record = ImportRecord.objects.get()

    client.force_login(UserFactory(region="140106"))
    assert record not in client.get(reverse("www:import_list")).context["page"].object_list
    assert client.get(reverse("www:import_detail", args=[record.pk])).status_code == 404
    assert client.get(reverse("www:import_errors", args=[record.pk])).status_code == 404
    assert client.post(reverse("www:import_commit", args=[record.pk])).status_code == 404

    client.force_login(UserFactory(region="1401"))  # the city above sees its county's imports
    assert record in client.get(reverse("www:import_list")).context["page"].object_list
    assert client.get(reverse("www:import_errors", args=[record.pk])).status_code == 200


def test_pages_need_login_and_an_editing_role(client):
    response = client.get(reverse("www:import_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("www:login"))
    client.force_login(UserFactory(roles=[]))
    assert client.get(reverse("www:import_list")).status_code == 403
    client.force_login(UserFactory(roles=[Role.ANALYST]))  # an analyst imports the plan's figures only
    page = client.get(reverse("www:import_list")).content.decode()
    assert "规划指标实际值" in page
    assert "离校未就业高校毕业生" not in page


def test_upload_of_another_format_is_refused_with_a_reason(client, caseworker):
    client.force_login(caseworker)
    response = post_upload(client, SimpleUploadedFile("台账.xls", b"old excel"))
    assert response.status_code == 200
    assert "只能导入.xlsx或.csv文件" in response.text
    assert not ImportRecord.objects.exists()


def test_a_failed_preview_shows_why_and_offers_no_confirmation(client, caseworker, tmp_path):
    client.force_login(caseworker)
    path = write_xlsx(tmp_path / "a.xlsx", ["姓名"], [["张三"]])
    response = post_upload(client, SimpleUploadedFile("a.xlsx", path.read_bytes()))
    page = client.get(response.url)
    assert "缺少必填的列" in page.text
    assert not page.context["can_confirm"]


def test_import_list_query_count_does_not_grow_with_records(client, caseworker, upload, django_assert_max_num_queries):
    client.force_login(caseworker)
    for _ in range(3):
        upload.seek(0)
        post_upload(client, upload)
    with django_assert_max_num_queries(8):
        client.get(reverse("www:import_list"))


def test_template_has_the_kinds_columns_as_text_cells_and_imports_back(client, caseworker, tmp_path):
    client.force_login(caseworker)
    response = client.get(reverse("www:import_template", args=["hard_to_employ"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["姓名", "公民身份号码", "性别"]
    assert "困难类别" in header
    assert sheet.column_dimensions["B"].number_format == "@"

    values = {"姓名": "张三", "公民身份号码": GOOD, "现居住地区划代码": "140105", "困难类别": "残疾人"}
    sheet.append([values.get(column) for column in header])
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    response = post_upload(client, SimpleUploadedFile("filled.xlsx", path.read_bytes()), kind="hard_to_employ")
    record = ImportRecord.objects.get()
    assert (record.summary, record.unknown_columns) == ("created=1 updated=0 unchanged=0 rejected=0", [])
    assert client.get(reverse("www:import_template", args=["no_such_kind"])).status_code == 404

"""Excel exports: the writer's layout, masking by default, full numbers only with the permission, every export
audited, and nothing from another county."""

import datetime
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.people import crypto
from jiuye.people.enums import ServiceKind
from jiuye.people.masking import mask_phone
from jiuye.reference.enums import KeyGroup
from jiuye.reports.excel import Column, export_register, export_worklist, write_xlsx
from tests.accounts.factories import UserFactory
from tests.people.factories import (
    TODAY,
    days_ago,
    enter,
    graduate,
    resident,
    serve,
    serve_1131,
    zero_employment_household,
)

pytestmark = pytest.mark.django_db


def unmasker(region: str = "140105"):
    user = UserFactory(region=region)
    user.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    return user


def sheet_of(content: bytes):
    return load_workbook(BytesIO(content)).active


def rows_of(content: bytes) -> list[list]:
    return [list(row) for row in sheet_of(content).iter_rows(min_row=3, values_only=True)]


def test_writer_lays_out_title_bold_headers_frozen_and_widths():
    columns = [Column("姓名", lambda row: row[0], 10), Column("日期", lambda row: row[1], 14)]
    rows = [("王晋生", datetime.date(2026, 3, 1)), ('=HYPERLINK("http://x")', None)]
    content, count = write_xlsx(title="小店区 测试　公民身份号码已脱敏", columns=columns, rows=iter(rows))
    sheet = sheet_of(content)
    assert count == 2
    assert sheet["A1"].value == "小店区 测试　公民身份号码已脱敏"
    assert [sheet["A2"].value, sheet["B2"].value] == ["姓名", "日期"]
    assert sheet["A2"].font.b
    assert sheet.freeze_panes == "A3"
    assert sheet.column_dimensions["A"].width == 10
    assert sheet.column_dimensions["B"].width == 14
    assert sheet["B3"].value.date() == datetime.date(2026, 3, 1)
    # A name that looks like a formula stays text.
    assert sheet["A4"].data_type == "s"
    assert sheet["A4"].value == '=HYPERLINK("http://x")'


def test_register_export_is_masked_by_default_and_audited():
    mine = graduate()
    serve_1131(mine.person, days_ago(3), referrals=1)
    theirs = graduate(region="140106")
    user = UserFactory(region="140105")

    file = export_register(user=user, group=KeyGroup.UNPLACED_GRADUATE)

    sheet = sheet_of(file.content)
    assert "小店区" in sheet["A1"].value
    assert "公民身份号码和联系电话已脱敏" in sheet["A1"].value
    rows = rows_of(file.content)
    assert file.rows == len(rows) == 1
    full = crypto.decrypt(mine.person.ric_encrypted)
    assert rows[0][0] == mine.person.name
    assert rows[0][1] == mine.person.ric_masked
    headers = [cell.value for cell in sheet[2]]
    assert rows[0][headers.index("联系电话")] == mask_phone(mine.person.phone)
    assert mine.person.phone not in str(rows)
    assert full not in str(rows)
    assert theirs.person.name not in str(rows)
    assert rows[0][headers.index("岗位推荐（应3次）")] == 1
    assert rows[0][headers.index("“1131”是否达标")] == "否"
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.object_type == "register:unplaced_graduate"
    assert event.region_code == "140105"
    assert event.user == user
    assert event.changes == {"rows": 1, "unmasked": False}
    assert "1 条" in event.summary
    assert "已脱敏" in event.summary


def test_unmasked_export_needs_the_permission():
    graduate()
    with pytest.raises(PermissionDenied):
        export_register(user=UserFactory(), group=KeyGroup.UNPLACED_GRADUATE, unmasked=True)
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_unmasked_export_has_full_numbers_and_is_audited_with_its_purpose():
    entry = graduate()
    graduate(region="140106")
    user = unmasker()
    purpose = "就业服务与跟踪回访：6月毕业生电话回访"
    file = export_register(user=user, group=KeyGroup.UNPLACED_GRADUATE, unmasked=True, purpose=purpose)
    rows = rows_of(file.content)
    assert [row[1] for row in rows] == [crypto.decrypt(entry.person.ric_encrypted)]
    assert [row[4] for row in rows] == [entry.person.phone]  # the phone whole too
    assert "未脱敏" in sheet_of(file.content)["A1"].value
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.changes == {"rows": 1, "unmasked": True, "purpose": purpose}
    assert "未脱敏" in event.summary
    assert purpose in event.summary


@pytest.mark.parametrize("purpose", ["", "   ", "回访"])
def test_a_full_number_export_without_a_purpose_is_refused_and_not_audited(purpose):
    graduate()
    with pytest.raises(ValidationError) as refused:
        export_register(user=unmasker(), group=KeyGroup.UNPLACED_GRADUATE, unmasked=True, purpose=purpose)
    assert "查询用途" in str(refused.value)
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_masked_export_needs_no_purpose_and_keeps_none():
    graduate()
    export_worklist(user=unmasker(), name="graduates_not_served")
    assert "purpose" not in AuditEvent.objects.get(action=AuditAction.EXPORT).changes


def test_register_export_of_hard_to_employ_has_the_category():
    enter(resident(), KeyGroup.HARD_TO_EMPLOY, days_ago(10))
    file = export_register(user=UserFactory(), group=KeyGroup.HARD_TO_EMPLOY)
    headers = [cell.value for cell in sheet_of(file.content)[2]]
    assert rows_of(file.content)[0][headers.index("困难类别")] == "连续失业一年以上人员"


@pytest.mark.parametrize(
    "name",
    [
        "graduates_not_served",
        "zero_employment_households",
        "hard_to_employ_without_service",
        "unemployed_without_contact",
    ],
)
def test_worklist_exports_are_scoped_masked_and_audited(name):
    names = {}
    for region in ("140105", "140106"):
        names[region] = [
            graduate(region=region).person.name,
            zero_employment_household(region=region)[0].head_name,
            enter(resident(region), KeyGroup.HARD_TO_EMPLOY, days_ago(100)).person.name,
            enter(resident(region), KeyGroup.UNEMPLOYMENT_REGISTRATION, days_ago(100)).person.name,
        ]
    user = UserFactory(region="140105")

    file = export_worklist(user=user, name=name, today=TODAY)

    rows = rows_of(file.content)
    assert file.rows == len(rows) == 1
    assert rows[0][0] in names["140105"]
    assert not set(names["140106"]) & {cell for row in rows for cell in row}
    if name != "zero_employment_households":
        assert "********" in rows[0][1]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.object_type == f"worklist:{name}"
    assert event.region_code == "140105"
    assert event.changes == {"rows": 1, "unmasked": False}


def test_worklist_export_days_waiting():
    entry = enter(resident(), KeyGroup.UNEMPLOYMENT_REGISTRATION, days_ago(200))
    serve(entry.person, ServiceKind.FOLLOW_UP, days_ago(61))
    file = export_worklist(user=UserFactory(), name="unemployed_without_contact", today=TODAY)
    headers = [cell.value for cell in sheet_of(file.content)[2]]
    row = rows_of(file.content)[0]
    assert row[headers.index("未联系天数")] == 61
    assert row[headers.index("最近联系日期")].date() == days_ago(61)


def test_export_for_a_user_without_an_org_unit_is_refused():
    with pytest.raises(PermissionDenied):
        export_register(user=UserFactory(org_unit=None), group=KeyGroup.VETERAN)


def test_every_formula_like_text_and_control_character_is_written_as_text():
    columns = [Column("备注", lambda row: row, 10)]
    rows = ["@SUM(A1)", "+1", "-1", "=1+1", "备\x0b注"]
    content, _count = write_xlsx(title="=标题", columns=columns, rows=iter(rows))
    sheet = sheet_of(content)
    assert sheet["A1"].value == "=标题"
    assert sheet["A1"].data_type == "s"
    assert sheet["A1"].font.b
    assert [row[0] for row in rows_of(content)] == ["@SUM(A1)", "+1", "-1", "=1+1", "备\\x0b注"]
    assert all(sheet.cell(row=number, column=1).quotePrefix for number in range(3, 7))

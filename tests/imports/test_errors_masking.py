"""The errors file of a register import, downloaded (issue 15): a user without `people.unmask_ric` gets every valid
resident ID number masked, in both sheets, and every invalid one as typed; a user with it gets the file whole."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from jiuye.imports.services import import_errors_export, import_run
from jiuye.imports.storage import errors_path
from jiuye.people.masking import mask_ric, ric_masked_in
from jiuye.people.ric import upgrade_legacy_ric
from tests.accounts.factories import UserFactory
from tests.imports.files import GRADUATE_HEADER, graduate, write_xlsx
from tests.people.factories import make_ric

pytestmark = pytest.mark.django_db

RIC_A = make_ric(sequence=1)
RIC_B = make_ric(born=datetime.date(1996, 5, 4), sequence=2)
RIC_C = make_ric(born=datetime.date(1998, 1, 2), sequence=6)
LEGACY = "140105970812003"
BAD_CHECKSUM = RIC_C[:-1] + ("1" if RIC_C[-1] != "1" else "2")
FULL_WIDTH_B = "".join(chr(ord(char) + 0xFEE0) for char in RIC_B)


def caseworker(*, unmask: bool):
    user = UserFactory(region="1401")
    if unmask:
        user.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    return user


@pytest.fixture
def record(tmp_path):
    rows = [
        graduate("张三", RIC_A),  # 2 created
        graduate("李四", RIC_B, 联系电话="12345"),  # 3 rejected: its valid number is masked
        graduate("张三", RIC_A),  # 4 rejected as a duplicate: the number is the error's value too
        graduate("王五", BAD_CHECKSUM),  # 5 rejected: the invalid number stays as typed
        graduate("赵六", LEGACY, 联系电话="12345"),  # 6 rejected: a valid 15-digit number
        graduate("钱七", FULL_WIDTH_B, 联系电话="12345"),  # 7 rejected: the same number in full-width digits
    ]
    path = write_xlsx(tmp_path / "台账.xlsx", GRADUATE_HEADER, rows)
    record, _result = import_run(user=caseworker(unmask=False), kind="unplaced_graduate", path=path)
    assert record.summary == "created=1 updated=0 unchanged=0 rejected=5"
    return record


def texts(path) -> set[str]:
    workbook = load_workbook(path)
    return {cell for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row if cell}


def test_a_user_who_may_not_unmask_gets_valid_numbers_masked_and_invalid_ones_as_typed(record):
    path = import_errors_export(user=caseworker(unmask=False), record=record)

    written = texts(path)
    assert not {RIC_A, RIC_B, LEGACY, FULL_WIDTH_B} & written
    assert {mask_ric(RIC_A), mask_ric(RIC_B), mask_ric(upgrade_legacy_ric(LEGACY)), BAD_CHECKSUM} <= written
    assert f"公民身份号码“{BAD_CHECKSUM}”的校验位不正确" in written
    assert "姓名" in written
    assert "李四" in written
    assert RIC_B in texts(errors_path(record.pk))  # the run's own file is unchanged


def test_a_user_who_may_unmask_gets_the_file_whole(record):
    path = import_errors_export(user=caseworker(unmask=True), record=record)

    assert path == errors_path(record.pk)
    assert {RIC_A, RIC_B, LEGACY, FULL_WIDTH_B, BAD_CHECKSUM} <= texts(path)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (RIC_A, mask_ric(RIC_A)),
        (f" {RIC_A[:6]} {RIC_A[6:14]} {RIC_A[14:]} ", mask_ric(RIC_A)),
        (f"与{RIC_A}重复", f"与{mask_ric(RIC_A)}重复"),
        (RIC_A.lower() if RIC_A.endswith("X") else RIC_A, mask_ric(RIC_A)),
        (BAD_CHECKSUM, BAD_CHECKSUM),
        ("1.4010519900307E+17", "1.4010519900307E+17"),
        (RIC_A + "0", RIC_A + "0"),  # 19 digits: no number
        ("13912345678", "13912345678"),
    ],
)
def test_numbers_masked_in_a_text(text, shown):
    assert ric_masked_in(text) == shown

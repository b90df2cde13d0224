"""`manage.py import_register`: thin over the service, a dry run unless told --commit."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from jiuye.accounts.enums import Role
from jiuye.imports.models import ImportRecord
from jiuye.people.models import Person
from tests.accounts.factories import UserFactory
from tests.imports.files import GRADUATE_HEADER, graduate, write_xlsx
from tests.people.factories import make_ric

pytestmark = pytest.mark.django_db

GOOD, BAD = make_ric(sequence=1), make_ric(sequence=1)[:-1] + "0"


@pytest.fixture
def register_file(tmp_path):
    rows = [graduate("张三", GOOD), graduate("李四", BAD if BAD != GOOD else GOOD[:-1] + "1")]
    return write_xlsx(tmp_path / "台账.xlsx", [*GRADUATE_HEADER, "籍贯"], rows)


def command(*args) -> list[str]:
    out = io.StringIO()
    call_command("import_register", *map(str, args), stdout=out)
    return out.getvalue().splitlines()


def test_dry_run_by_default_prints_the_summary_and_writes_the_errors_file(register_file):
    user = UserFactory(region="140105")

    lines = command(register_file, "--kind", "unplaced_graduate", "--user", user.username)

    errors_file = register_file.with_name("台账.xlsx.errors.xlsx")
    assert lines == [
        "未识别的列：籍贯",
        "created=1 updated=0 unchanged=0 rejected=1",
        f"被拒绝的行：{errors_file}",
        "试运行，未写入数据；确认无误后加 --commit 导入。",
    ]
    assert not Person.objects.exists()
    assert ImportRecord.objects.get().dry_run
    rows = list(load_workbook(errors_file)["错误明细"].iter_rows(values_only=True))
    assert rows[1][:2] == (3, "公民身份号码")
    assert "校验位不正确" in rows[1][2]


def test_commit_writes_and_a_clean_rerun_removes_the_stale_errors_file(register_file, tmp_path):
    user = UserFactory(region="140105")
    command(register_file, "--kind", "unplaced_graduate", "--user", user.username, "--commit")
    assert Person.objects.count() == 1

    clean = write_xlsx(tmp_path / "台账.xlsx", GRADUATE_HEADER, [graduate("张三", GOOD)])
    lines = command(clean, "--kind", "unplaced_graduate", "--user", user.username, "--commit")

    assert lines == ["created=0 updated=0 unchanged=1 rejected=0"]
    assert not clean.with_name("台账.xlsx.errors.xlsx").exists()


def test_user_is_required_and_must_be_allowed(register_file):
    with pytest.raises(CommandError, match="--user"):
        command(register_file, "--kind", "unplaced_graduate")
    with pytest.raises(CommandError, match="没有用户名为“nobody”的有效用户"):
        command(register_file, "--kind", "unplaced_graduate", "--user", "nobody")
    analyst = UserFactory(roles=[Role.ANALYST])
    with pytest.raises(CommandError, match="您没有导入离校未就业高校毕业生台账的权限"):
        command(register_file, "--kind", "unplaced_graduate", "--user", analyst.username)


def test_a_file_that_cannot_be_imported_is_an_error(tmp_path):
    user = UserFactory()
    path = write_xlsx(tmp_path / "a.xlsx", ["姓名"], [["张三"]])
    with pytest.raises(
        CommandError, match="缺少必填的列：公民身份号码、现居住地区划代码、毕业院校、所学专业、毕业时间"
    ):
        command(path, "--kind", "unplaced_graduate", "--user", user.username)
    assert ImportRecord.objects.get().status == "failed"


def test_kinds_are_the_key_groups_without_zero_employment_households():
    from jiuye.people.import_kinds import register_kinds

    assert [kind.code for kind in register_kinds()] == [
        "unplaced_graduate", "urban_youth", "veteran", "migrant_worker", "rural_transfer_worker",
        "poverty_alleviated", "hard_to_employ", "disabled_person", "unemployment_registration",
    ]  # fmt: skip

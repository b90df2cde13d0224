"""`manage.py vacancy_import` and the `vacancy` kind on the import framework: rows written through the vacancy
services, row errors naming row, column and reason in Chinese, idempotent re-runs, and updates of open vacancies."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jiuye.employers.enums import VacancyChannel, VacancyStatus
from jiuye.employers.models import Vacancy
from jiuye.imports.kinds import upload_kinds
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory
from tests.imports.files import write_xlsx

pytestmark = pytest.mark.django_db

HEADER = [
    "序号", "统一社会信用代码", "单位名称", "职业代码", "岗位名称", "技能要求", "岗位职责", "工作地区划代码",
    "工作地址", "招聘人数", "月工资下限", "月工资上限", "学历要求", "工作经验要求", "用工形式", "有效期起", "有效期止",
    "招聘会名称",
]  # fmt: skip
START = timezone.localdate()
END = START + datetime.timedelta(days=90)


@pytest.fixture(autouse=True)
def imports_dir(settings, tmp_path):
    settings.IMPORTS_DIR = tmp_path / "imports"


@pytest.fixture
def employer():
    return EmployerFactory(name="小店机械有限公司")


@pytest.fixture
def officer():
    return UserFactory(region="140105")


def row(employer, number: int = 1, **overrides) -> list:
    values = dict.fromkeys(HEADER, "")
    values |= {
        "序号": number, "统一社会信用代码": employer.uscc, "单位名称": employer.name, "职业代码": "6-18-02-04",
        "岗位名称": "电焊工", "技能要求": "电焊、气割", "工作地区划代码": "140105", "工作地址": "小店区龙城大街8号",
        "招聘人数": "3人", "月工资下限": 5000, "月工资上限": "7000元", "学历要求": "高中", "工作经验要求": "2年",
        "用工形式": "全日制", "有效期起": START.isoformat(), "有效期止": END.isoformat(),
    }  # fmt: skip
    values |= overrides
    return [values[name] for name in HEADER]


def command(path, user, *flags) -> list[str]:
    out = io.StringIO()
    call_command("vacancy_import", str(path), "--user", user.username, *flags, stdout=out)
    return out.getvalue().splitlines()


def errors_of(path) -> list[tuple]:
    workbook = load_workbook(path.with_name(path.name + ".errors.xlsx"))
    return [row[:3] for row in workbook["错误明细"].iter_rows(min_row=2, values_only=True)]


def test_dry_run_then_commit_then_rerun_changes_nothing(tmp_path, employer, officer):
    path = write_xlsx(
        tmp_path / "岗位.xlsx",
        HEADER,
        [row(employer), row(employer, 2, 岗位名称="叉车司机", 职业代码="4-02-02-06", 招聘会名称="2026年秋季招聘会")],
    )
    assert command(path, officer)[0] == "created=2 updated=0 unchanged=0 rejected=0"
    assert not Vacancy.objects.exists()
    assert command(path, officer, "--commit")[0] == "created=2 updated=0 unchanged=0 rejected=0"
    welder = Vacancy.objects.get(title="电焊工")
    assert (welder.headcount, welder.wage_min, welder.wage_max, welder.education, welder.experience_years) == (
        3, 5000, 7000, "senior_secondary", 2,
    )  # fmt: skip
    assert (welder.channel, welder.source, welder.created_by, welder.status) == ("import", "import", officer, "open")
    forklift = Vacancy.objects.get(title="叉车司机")
    assert (forklift.channel, forklift.job_fair) == (VacancyChannel.JOB_FAIR, "2026年秋季招聘会")
    assert command(path, officer, "--commit")[0] == "created=0 updated=0 unchanged=2 rejected=0"
    assert Vacancy.objects.count() == 2


def test_a_later_file_updates_open_vacancies_and_refuses_changes_to_closed_ones(tmp_path, employer, officer):
    command(write_xlsx(tmp_path / "a.xlsx", HEADER, [row(employer)]), officer, "--commit")
    later = write_xlsx(tmp_path / "b.xlsx", HEADER, [row(employer, 月工资上限=7500)])
    assert command(later, officer, "--commit")[0] == "created=0 updated=1 unchanged=0 rejected=0"
    assert Vacancy.objects.get().wage_max == 7500
    Vacancy.objects.update(status=VacancyStatus.CLOSED)
    again = write_xlsx(tmp_path / "c.xlsx", HEADER, [row(employer, 月工资上限=8000)])
    assert command(again, officer, "--commit")[0] == "created=0 updated=0 unchanged=0 rejected=1"
    assert errors_of(again) == [(2, None, "该岗位已导入且已关闭，不能再修改")]


def test_row_errors_name_row_column_and_reason(tmp_path, employer, officer):
    elsewhere = EmployerFactory(region_id="140106")
    rows = [
        row(employer, 1, 统一社会信用代码=employer.uscc[:-1] + ("0" if employer.uscc[-1] != "0" else "1")),
        row(employer, 2, 月工资下限=8000),
        row(employer, 3, 职业代码="9-99-99-99"),
        row(employer, 4, 单位名称="别的公司"),
        row(elsewhere, 5),
        row(employer, 6, 工作地区划代码="140106"),
        row(employer, 7, 有效期止="2026年13月"),
        row(employer, 8, 招聘人数="两人"),
        row(employer, 9, 岗位名称=""),
    ]
    path = write_xlsx(tmp_path / "岗位.xlsx", HEADER, rows)
    assert command(path, officer, "--commit")[0] == "created=0 updated=0 unchanged=0 rejected=9"
    errors = errors_of(path)
    expected_check = employer.uscc[-1]
    assert errors[0][:2] == (2, "统一社会信用代码")
    assert f"校验位不符，应为“{expected_check}”" in errors[0][2]
    assert errors[1:] == [
        (3, "月工资上限", "月工资上限（7000元）不能低于下限（8000元）"),
        (4, "职业代码", "职业代码“9-99-99-99”不在2022年版职业分类大典中"),
        (5, "单位名称", "与统一社会信用代码登记的单位名称“小店机械有限公司”不符"),
        (6, "统一社会信用代码", "该用人单位尚未登记或不在您的管辖范围内，请先登记用人单位"),
        (7, "工作地区划代码", "“迎泽区”不在您的管辖范围内"),
        (8, "有效期止", "“2026年13月”不是有效的日期，请写成2024-06-30、2024/6/30、2024年6月30日或2024年6月"),
        (9, "招聘人数", "“两人”应为不小于0的整数"),
        (10, "岗位名称", "必填，不能为空"),
    ]
    assert not Vacancy.objects.exists()


def test_the_kind_is_offered_on_the_upload_page_to_officers_only(client, officer):
    from jiuye.accounts.enums import Role

    assert "vacancy" in [kind.code for kind in upload_kinds(officer)]
    assert "vacancy" not in [kind.code for kind in upload_kinds(UserFactory(roles=[Role.ANALYST]))]
    client.force_login(officer)
    assert "岗位信息" in client.get(reverse("www:import_list")).content.decode()

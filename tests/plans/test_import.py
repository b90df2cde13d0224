"""The indicators' actual values from Excel: row errors in Chinese, revisions with their reason, re-runs idempotent."""

from decimal import Decimal

import pytest

from jiuye.accounts.enums import Role
from jiuye.imports.services import import_run
from jiuye.plans.models import Actual, ActualRevision
from tests.accounts.factories import UserFactory
from tests.imports.files import write_xlsx

pytestmark = pytest.mark.django_db

HEADER = ["指标", "区划", "年份", "月份", "数值", "来源", "来源说明", "数据日期", "修订原因"]


@pytest.fixture(autouse=True)
def imports_dir(settings, tmp_path):
    settings.IMPORTS_DIR = tmp_path / "imports"


@pytest.fixture
def analyst():
    return UserFactory(region="14", roles=[Role.ANALYST])


def run(analyst, tmp_path, rows, name="actuals.xlsx"):
    path = write_xlsx(tmp_path / name, HEADER, rows)
    return import_run(user=analyst, kind="plan_actuals", path=path, file_name=name, dry_run=False)


def test_rows_are_recorded_by_name_or_code_and_a_rerun_changes_nothing(analyst, tmp_path):
    rows = [
        ["城镇新增就业", "14", 2024, None, "47.03", "统计公报", "2024年度人社统计公报", "2025-08-01", None],
        ["urban_employment_share", "山西省", "2024", "", "61.47%", "", "", "2025/8/1", ""],
        ["城镇调查失业率（%）", "太原市", 2025, 10, "5.1", "", "", "2025年11月15日", ""],
    ]
    _record, result = run(analyst, tmp_path, rows)
    assert (result.created, result.rejected) == (3, 0), result.errors
    assert set(Actual.objects.values_list("indicator_id", "region_id", "year", "month", "source")) == {
        ("urban_new_jobs", "14", 2024, 0, "bulletin"),
        ("urban_employment_share", "14", 2024, 0, "imported"),
        ("surveyed_unemployment_rate", "1401", 2025, 10, "imported"),
    }
    _record, again = run(analyst, tmp_path, rows, name="again.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_a_revision_needs_its_reason_and_bad_rows_say_why(analyst, tmp_path):
    run(analyst, tmp_path, [["城镇新增就业", "14", 2024, None, "46.9", "", "", "2025-03-01", None]])
    rows = [
        ["城镇新增就业", "14", 2024, None, "47.03", "统计公报", "", "2025-08-01", None],
        ["城镇新增就业", "14", 2024, None, "47.03", "统计公报", "", "2025-08-01", "以统计公报数为准"],
        ["就业质量", "14", 2024, None, "1", "", "", "2025-08-01", None],
        ["城镇新增就业", "14", 2019, None, "1", "", "", "2025-08-01", None],
        ["城镇新增就业", "1401", 2024, None, "一万", "", "", "2025-08-01", None],
    ]
    _record, result = run(analyst, tmp_path, rows, name="revise.xlsx")
    reasons = [(error.row, error.column, error.reason) for error in result.errors]
    assert reasons == [
        (2, "修订原因", "修订已有数值须说明修订原因（原值46.9000）。"),
        (4, "指标", "“就业质量”不是专栏1中的指标"),
        (5, "年份", "应为2020—2025的整数"),
        (6, "数值", "“一万”不是数字"),
    ]
    assert (result.updated, result.rejected) == (1, 4)
    actual = Actual.objects.get(indicator_id="urban_new_jobs", region_id="14")
    assert actual.value == Decimal("47.03")
    assert ActualRevision.objects.filter(actual=actual).count() == 2


def test_a_city_analyst_imports_its_citys_figures_only(tmp_path):
    city = UserFactory(region="1401", roles=[Role.ANALYST])
    rows = [
        ["城镇新增就业", "1401", 2024, None, "10.2", "", "", "2025-03-01", None],
        ["城镇新增就业", "1402", 2024, None, "4.1", "", "", "2025-03-01", None],
    ]
    _record, result = run(city, tmp_path, rows)
    assert result.created == 1
    assert [(error.row, error.column, error.reason) for error in result.errors] == [
        (3, "区划", "只有本地区的分析人员和管理员可以录入规划指标数据。"),
    ]

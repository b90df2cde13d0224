"""Plan actuals on the bulk import path (`ImportKind.save_chunk`, `actuals_record`): a chunk's recorded values read
in one query, each line checked against the actor, and a line of a value an earlier line of the file recorded
revising it as row by row."""

import datetime
from decimal import Decimal

import pytest

from jiuye.accounts.enums import Role
from jiuye.plans.models import Actual, ActualRevision, Indicator
from jiuye.plans.services import ActualLine, actuals_record
from jiuye.reference.models import Region
from tests.accounts.factories import UserFactory
from tests.plans.test_import import run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def imports_dir(settings, tmp_path):
    settings.IMPORTS_DIR = tmp_path / "imports"


@pytest.fixture
def analyst():
    return UserFactory(region="14", roles=[Role.ANALYST])


def test_lines_of_the_same_value_in_one_chunk_follow_each_other(analyst, tmp_path):
    rows = [
        ["城镇新增就业", "14", 2024, None, "46.9", "", "", "2025-03-01", None],  # new
        ["城镇新增就业", "14", 2024, None, "47.03", "统计公报", "", "2025-08-01", None],  # refused: no reason
        ["城镇新增就业", "14", 2024, None, "47.03", "统计公报", "", "2025-08-01", "以公报为准"],  # revises row 2
        ["城镇新增就业", "14", 2024, None, "47.03", "统计公报", "", "2025-08-01", ""],  # as row 4 left it
        ["城镇新增就业", "1401", 2024, None, "10.2", "", "", "2025-03-01", None],  # new
    ]
    _record, result = run(analyst, tmp_path, rows)

    assert (result.created, result.updated, result.unchanged, result.rejected) == (2, 1, 1, 1)
    assert [(error.row, error.column) for error in result.errors] == [(3, "修订原因")]
    actual = Actual.objects.get(indicator_id="urban_new_jobs", region_id="14")
    assert actual.value == Decimal("47.03")
    assert list(ActualRevision.objects.filter(actual=actual).values_list("action", flat=True).order_by("pk")) == [
        "create", "update",
    ]  # fmt: skip

    _record, again = run(analyst, tmp_path, rows, name="again.xlsx")
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 4, 1)
    assert ActualRevision.objects.count() == 3


def test_the_service_checks_the_actor_line_by_line(analyst):
    city = UserFactory(region="1401", roles=[Role.ANALYST])
    indicator = Indicator.objects.get(code="urban_new_jobs")
    as_of = datetime.date(2025, 3, 1)
    lines = [
        ActualLine(indicator, Region.objects.get(code=code), 2024, Decimal("1.5"), "imported", as_of)
        for code in ("1401", "1402")
    ]

    created, refused = actuals_record(actor=city, lines=lines)

    assert created.created
    assert refused.message_dict == {"region": ["只有本地区的分析人员和管理员可以录入规划指标数据。"]}
    assert list(Actual.objects.values_list("region_id", flat=True)) == ["1401"]

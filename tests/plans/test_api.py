"""The indicators for other systems: the list with verdicts and each one's series, inside the caller's region."""

import pytest

from jiuye.accounts.enums import Role
from jiuye.accounts.services import api_token_create
from jiuye.demo.registry import DemoContext
from jiuye.plans.demo import generate_plans
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

JOBS_REASON = "2021年至2025年累计233.63万人，占五年目标200万人的116.8%，时序进度100.0%，快于时序进度。"


@pytest.fixture
def demo():
    generate_plans(DemoContext(seed=2022, scale=1))


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(user=user, name='测试系统')[1]}"}


def test_the_list_gives_each_indicator_with_its_baseline_target_latest_figure_and_verdict(client, demo):
    headers = bearer(UserFactory(region="14", roles=[Role.ANALYST]))
    rows = client.get("/api/plans/indicators", headers=headers).json()
    assert [row["code"] for row in rows][:3] == [
        "urban_new_jobs",
        "surveyed_unemployment_rate",
        "urban_employment_share",
    ]
    jobs = rows[0]
    assert (jobs["baseline_year"], jobs["baseline_value"], jobs["target_year"], jobs["cumulative_target"]) == (
        2020, "48.7700", 2025, "200.0000",
    )  # fmt: skip
    assert (jobs["latest"]["year"], jobs["latest"]["value"], jobs["latest"]["source"]) == (2025, "45.9000", "demo")
    assert jobs["progress"] == {
        "status": "on_track", "label": "达到进度", "done_share": pytest.approx(1.16815), "time_share": 1.0,
        "expected": None, "reason": JOBS_REASON,
    }  # fmt: skip
    schooling = rows[-1]
    assert (schooling["kind"], schooling["progress"]["status"], schooling["projection"]["year"]) == (
        "binding", "behind", 2025,
    )  # fmt: skip


def test_the_series_of_one_indicator_with_its_path(client, demo):
    client.force_login(UserFactory(region="14", roles=[Role.ANALYST]))
    series = client.get("/api/plans/indicators/urban_employment_share/series").json()
    assert [(row["year"], row["value"]) for row in series["figures"]][-3:] == [
        (2023, "60.0400"), (2024, "61.4700"), (2025, "62.3000"),
    ]  # fmt: skip
    assert series["path"][0] == {"year": 2020, "value": 57.7}
    assert series["path"][-1] == {"year": 2025, "value": 62.0}
    rate = client.get("/api/plans/indicators/surveyed_unemployment_rate/series").json()
    assert len([row for row in rate["figures"] if row["month"]]) == 12  # the months of 2025


def test_a_city_caller_sees_its_region_and_nothing_outside_it(client, demo):
    headers = bearer(UserFactory(region="1401", roles=[Role.CASEWORKER]))
    mine = client.get("/api/plans/indicators", headers=headers).json()
    assert {row["region"] for row in mine} == {"1401"}
    assert client.get("/api/plans/indicators?region=140105", headers=headers).status_code == 200
    for outside in ("1402", "14"):
        assert client.get(f"/api/plans/indicators?region={outside}", headers=headers).status_code == 404
        assert (
            client.get(f"/api/plans/indicators/urban_new_jobs/series?region={outside}", headers=headers).status_code
            == 404
        )
    assert client.get("/api/plans/indicators/nothing/series", headers=headers).status_code == 404
    assert client.get("/api/plans/indicators").status_code == 401

"""The indicators of a region as the dashboard and the API read them, on the demo's figures."""

import datetime
from decimal import Decimal

import pytest
from django.http import Http404

from jiuye.accounts.enums import Role
from jiuye.demo.registry import DemoContext
from jiuye.plans.demo import generate_plans
from jiuye.plans.models import Indicator
from jiuye.plans.selectors import plan_indicators, region_for
from jiuye.plans.services import actual_record
from jiuye.reference.models import Region
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory, reporter_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    generate_plans(DemoContext(seed=2022, scale=1))


def views(user, code):
    return {view.indicator.code: view for view in plan_indicators(user=user, region=Region.objects.get(code=code))}


def test_the_demo_shows_every_verdict_and_the_projections(demo):
    shown = views(UserFactory(region="14", roles=[Role.ANALYST]), "14")
    statuses = {code: view.verdict.status for code, view in shown.items()}
    assert statuses == {
        "urban_new_jobs": "on_track", "surveyed_unemployment_rate": "on_track", "urban_employment_share": "on_track",
        "poverty_alleviated_employed": "on_track", "labour_productivity_growth": "behind",
        "labour_compensation_share": "slightly_behind", "subsidised_training": "behind",
        "skilled_workers_share": "slightly_behind", "pension_coverage": "slightly_behind", "schooling_years": "behind",
    }  # fmt: skip
    projected = {code for code, view in shown.items() if view.projected is not None}
    assert projected == {"labour_productivity_growth", "labour_compensation_share", "skilled_workers_share",
                         "schooling_years"}  # fmt: skip
    skilled = shown["skilled_workers_share"].projected
    assert skilled.low < skilled.value < skilled.high
    jobs = shown["urban_new_jobs"]
    assert (jobs.latest.year, jobs.latest.source) == (2025, "demo")
    published = [actual for actual in jobs.actuals if actual.source == "bulletin"]
    assert [(actual.year, str(actual.value)) for actual in published] == [(2022, "46.3000"), (2024, "47.0300")]
    assert [float(revision.value) for revision in published[1].revisions.all()] == [46.9, 47.03]


def test_a_city_shows_its_own_figures_against_its_share_and_the_provinces_marked(demo):
    shown = views(UserFactory(region="1401", roles=[Role.ANALYST]), "1401")
    jobs = shown["urban_new_jobs"]
    assert (jobs.from_province, jobs.target_region) == (False, "1401")
    assert 0 < jobs.target < 200
    assert jobs.verdict.reason.startswith("2021年至2025年累计")
    rate = shown["schooling_years"]
    assert (rate.from_province, rate.figures_region, rate.target_region) == (True, "14", "14")


def test_a_region_outside_the_users_and_a_reporter_get_the_chinese_404():
    taiyuan = UserFactory(region="1401", roles=[Role.ANALYST])
    assert region_for(user=taiyuan, code="140105").code == "140105"
    for user, code in ((taiyuan, "1402"), (taiyuan, "14"), (reporter_of(EmployerFactory()), "140105")):
        with pytest.raises(Http404, match="该区划不存在或不在您的管辖范围内"):
            region_for(user=user, code=code)


def test_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    user = UserFactory(region="14", roles=[Role.ANALYST])
    province = Region.objects.get(code="14")
    with django_assert_max_num_queries(8):
        shown = plan_indicators(user=user, region=province)
        assert len(shown) == 10


def test_a_citys_own_rate_is_judged_against_the_provinces_ceiling_but_its_count_needs_its_share():
    analyst = UserFactory(region="14", roles=[Role.ANALYST])
    taiyuan = Region.objects.get(code="1401")
    for code, value in (("surveyed_unemployment_rate", "5.8"), ("poverty_alleviated_employed", "9.1")):
        actual_record(actor=analyst, indicator=Indicator.objects.get(code=code), region=taiyuan, year=2024,
                      value=Decimal(value), source="entered", as_of=datetime.date(2025, 3, 1))  # fmt: skip
    shown = views(analyst, "1401")
    rate = shown["surveyed_unemployment_rate"]
    assert (rate.from_province, rate.target, rate.target_region, rate.verdict.status) == (False, 5.5, "14", "behind")
    poverty = shown["poverty_alleviated_employed"]
    assert (poverty.target, poverty.verdict.status) == (None, "unknown")
    assert poverty.verdict.reason == "太原市尚未分解该指标的目标，无法评估进度。"

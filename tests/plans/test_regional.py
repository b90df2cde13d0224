"""The dashboard map's figures by child region (`jiuye.plans.regional`): each measure's figures, what it says is
missing, its scope (a city officer asking for the province still counts only the city's records), and one query per
measure whatever the number of regions."""

import datetime

import pytest

from jiuye.accounts.enums import Role
from jiuye.monitoring.enums import WarningStatus
from jiuye.plans import regional
from jiuye.reference.models import Region
from tests.accounts.factories import UserFactory
from tests.employers.factories import VacancyFactory
from tests.monitoring.factories import WarningFactory
from tests.people.factories import resident, zero_employment_household
from tests.plans.builders import found_work, survey_rate, target
from tests.seekers.factories import SeekerRegistrationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 15)  # the last quarter ended is 2026Q3; the plan's latest year is 2025


@pytest.fixture
def province():
    return Region.objects.get(code="14")


@pytest.fixture
def taiyuan():
    return Region.objects.get(code="1401")


@pytest.fixture
def analyst():
    return UserFactory(region="14", roles=[Role.ANALYST])


def values(figures: regional.RegionalFigures) -> dict[str, float | None]:
    return {code: figure.value for code, figure in figures.figures.items()}


def test_surveyed_unemployment_is_the_latest_month_of_each_city(province):
    survey_rate("2026-09", "city", "1401", 0.050)
    survey_rate("2026-10", "city", "1401", 0.052)
    survey_rate("2026-10", "city", "1402", 0.061)
    survey_rate("2026-10", "province", "14", 0.055)

    figures = regional.surveyed_unemployment(region=province)

    assert values(figures) == {"1401": pytest.approx(5.2), "1402": pytest.approx(6.1)}
    assert figures.period == "2026年10月"
    assert figures.unit == "%"


def test_counties_have_no_surveyed_rate_and_the_map_says_so(taiyuan):
    survey_rate("2026-10", "city", "1401", 0.052)

    figures = regional.surveyed_unemployment(region=taiyuan)

    assert figures.figures == {}
    assert "各县（市、区）没有调查失业率" in figures.note


def test_open_warnings_by_child_leave_out_the_closed_and_count_the_regions_own_apart(analyst, province, taiyuan):
    WarningFactory(region_code="140105")
    WarningFactory(region_code="140105", status=WarningStatus.ACKNOWLEDGED)
    WarningFactory(region_code="140105", status=WarningStatus.CLOSED)
    WarningFactory(region_code="140212")
    WarningFactory(region_code="1401", scope="industry", subject="C")  # routed to Taiyuan itself

    by_city = regional.open_warnings(user=analyst, region=province)
    by_county = regional.open_warnings(user=analyst, region=taiyuan)

    assert values(by_city) == {"1401": 3, "1402": 1}
    assert by_city.own == 0
    assert values(by_county) == {"140105": 2}
    assert by_county.own == 1
    assert "另有1条预警属太原市本级" in by_county.note


def test_new_urban_jobs_count_the_latest_plan_year_against_the_childrens_targets(analyst, province):
    found_work("140105", datetime.date(2025, 3, 1), count=3)
    found_work("140212", datetime.date(2025, 7, 1))
    found_work("140105", datetime.date(2024, 7, 1))  # another year
    target("urban_new_jobs", "1401", 0.05)  # five years: 500 people, 100 a year
    target("urban_new_jobs", "1402", 0.0004, year=2025)  # the year's own: 4 people

    figures = regional.new_urban_jobs(user=analyst, region=province, today=TODAY)

    assert figures.period == "2025年"
    assert values(figures) == {"1401": 3, "1402": 1}
    assert figures.figures["1401"].target == pytest.approx(100)
    assert figures.figures["1401"].target_basis == "五年目标的年均数"
    assert figures.figures["1401"].share == pytest.approx(0.03)
    assert figures.figures["1402"].target == pytest.approx(4)
    assert figures.figures["1402"].share == pytest.approx(0.25)
    assert figures.compared
    assert "对照各地分解到2025年的目标" in figures.note


def test_new_urban_jobs_without_a_breakdown_are_the_count_alone(analyst, province):
    found_work("140105", datetime.date(2025, 3, 1), count=2)

    figures = regional.new_urban_jobs(user=analyst, region=province, today=TODAY)

    assert values(figures) == {"1401": 2}
    assert not figures.compared
    assert "尚未向下级分解目标，只显示人数" in figures.note


def test_zero_employment_households_not_cleared_by_county(analyst, taiyuan):
    zero_employment_household("140105")
    zero_employment_household("140105")
    zero_employment_household("140106")
    zero_employment_household("140212")  # Datong

    figures = regional.zero_employment_households(user=analyst, region=taiyuan)

    assert values(figures) == {"140105": 2, "140106": 1}


def test_vacancies_per_seeker_of_the_last_quarter_ended(analyst, province):
    VacancyFactory(region_id="140105", headcount=6, valid_from=datetime.date(2026, 8, 1))
    VacancyFactory(region_id="140105", headcount=50, valid_from=datetime.date(2026, 10, 1))  # this quarter
    VacancyFactory(region_id="140212", headcount=3, valid_from=datetime.date(2026, 9, 1))
    for _seeker in range(4):
        SeekerRegistrationFactory(person=resident("140105", unemployed=True), registered_on=datetime.date(2026, 9, 2))

    figures = regional.vacancies_per_seeker(user=analyst, region=province, today=TODAY)

    assert figures.period == "2026年第3季度"
    assert values(figures) == {"1401": 1.5, "1402": None}  # Datong: jobs but no seeker, no ratio


def test_a_city_officer_counts_only_the_records_of_the_city(province):
    """The map of a region outside the user's scope is refused by the page (`region_for`); the selectors scope
    their records anyway, so a city officer's province-wide call sees the city's alone."""
    taiyuan_officer = UserFactory(region="1401")
    WarningFactory(region_code="140105")
    WarningFactory(region_code="140212")
    found_work("140105", datetime.date(2025, 3, 1))
    found_work("140212", datetime.date(2025, 3, 1))
    zero_employment_household("140105")
    zero_employment_household("140212")
    VacancyFactory(region_id="140212", headcount=6, valid_from=datetime.date(2026, 8, 1))
    SeekerRegistrationFactory(person=resident("140212", unemployed=True), registered_on=datetime.date(2026, 9, 2))

    figures = regional.map_figures(user=taiyuan_officer, region=province, today=TODAY)

    by_key = {measure.key: values(measure) for measure in figures}
    assert by_key["warnings"] == {"1401": 1}
    assert by_key["new_jobs"] == {"1401": 1}
    assert by_key["zero_employment"] == {"1401": 1}
    assert by_key["vacancy_ratio"] == {}


def test_a_county_has_no_map(analyst):
    county = Region.objects.get(code="140105")
    zero_employment_household("140105")

    assert all(measure.figures == {} for measure in regional.map_figures(user=analyst, region=county))


def test_one_query_per_measure_whatever_the_number_of_regions(analyst, province, django_assert_max_num_queries):
    for city in ("140105", "140212", "140302", "140403"):
        WarningFactory(region_code=city)
        zero_employment_household(city)
        found_work(city, datetime.date(2025, 3, 1))
        VacancyFactory(region_id=city, valid_from=datetime.date(2026, 8, 1))
    analyst.has_role(Role.ANALYST)  # the roles are cached on the user by the first call

    # survey 1, warnings 1, new jobs 2 (count, targets), households 1, vacancies and seekers 1; and the user's
    # region and roles (the scope), read once
    with django_assert_max_num_queries(8):
        figures = regional.map_figures(user=analyst, region=province, today=TODAY)

    assert len(values(figures[1])) == 4

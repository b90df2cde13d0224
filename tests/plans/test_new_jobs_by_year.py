"""jiuye's own count of new urban jobs by year (`computed.new_urban_jobs_by_year`): the people who became employed
in each year, once each, within the region asked and the user's scope."""

import datetime

import pytest

from jiuye.accounts.enums import Role
from jiuye.people.enums import EmploymentStatus
from jiuye.people.services import person_set_employment_status
from jiuye.plans import computed
from tests.accounts.factories import SETUP, UserFactory
from tests.people.factories import resident
from tests.plans.builders import found_work

pytestmark = pytest.mark.django_db

YEARS = range(2020, 2026)


def test_people_who_became_employed_each_year_once_each_in_the_region_and_the_scope():
    found_work("140105", datetime.date(2021, 3, 1), count=2)
    found_work("140105", datetime.date(2023, 12, 31))
    found_work("140212", datetime.date(2023, 1, 1))  # Datong
    found_work("140105", datetime.date(2019, 12, 31))  # before the years asked
    twice = resident("140105", unemployed=True)
    for status, day in (
        (EmploymentStatus.EMPLOYED, 2),
        (EmploymentStatus.UNEMPLOYED, 5),
        (EmploymentStatus.EMPLOYED, 9),
    ):
        person_set_employment_status(
            actor=SETUP, person=twice, status=status, effective_on=datetime.date(2022, day, 1)
        )
    analyst = UserFactory(region="14", roles=[Role.ANALYST])

    province = computed.new_urban_jobs_by_year(user=analyst, region_code="14", years=YEARS)
    taiyuan = computed.new_urban_jobs_by_year(user=analyst, region_code="1401", years=YEARS)
    taiyuans_view = computed.new_urban_jobs_by_year(user=UserFactory(region="1401"), region_code="14", years=YEARS)

    assert province == {2021: 0.0002, 2022: 0.0001, 2023: 0.0002}
    assert taiyuan == {2021: 0.0002, 2022: 0.0001, 2023: 0.0001}
    assert taiyuans_view == taiyuan  # a city officer's count of the province is the city's

"""Registrations and vacancies in the database for the matching pages and endpoints, dated from today."""

import datetime

from django.utils import timezone

from tests.employers.factories import VacancyFactory
from tests.people.factories import PersonFactory
from tests.seekers.factories import SeekerRegistrationFactory


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def seeker(region: str = "140105", name: str = "张三", accepts: list[str] | None = None):
    """An active welder registration of an unemployed person living in ``region`` (phone 13912345678), who accepts
    work in the places ``accepts`` (default: ``region``)."""
    person = PersonFactory(residence_region_id=region, unemployed=True, name=name, phone="13912345678")
    registration = SeekerRegistrationFactory(
        person=person, registered_on=days(-20), expires_on=days(160), accepted_regions=accepts
    )
    registration.desired_occupations.set(["6-18-02-04"])
    return registration


def job(**kwargs):
    """A vacancy open from five days ago for two months (`VacancyFactory`: a welder in Xiaodian)."""
    return VacancyFactory(valid_from=days(-5), valid_until=days(60), **kwargs)

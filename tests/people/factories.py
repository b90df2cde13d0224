import datetime
import itertools

import factory
from stdnum.cn.ric import calc_check_digit

from jiuye.people import crypto
from jiuye.people.enums import EmploymentStatus, HardToEmployCategory, HouseholdRelationship, ServiceKind
from jiuye.people.masking import mask_ric
from jiuye.people.models import Household, Person, RegisterEntry
from jiuye.people.ric import ric_birth_date, ric_sex
from jiuye.people.services import (
    RegisterDetails,
    household_add_member,
    household_create,
    register_entry_upsert,
    service_record,
)
from jiuye.reference.enums import EducationLevel, KeyGroup
from jiuye.reference.models import Region
from tests.accounts.factories import SETUP, OrgUnitFactory


def make_ric(area: str = "140105", born: datetime.date = datetime.date(1995, 3, 8), sequence: int = 2) -> str:
    """A checksum-valid resident ID number: area, birth date, 3-digit sequence (odd for men), check character."""
    body = f"{area}{born:%Y%m%d}{sequence:03d}"
    return body + calc_check_digit(body + "0")


class PersonFactory(factory.django.DjangoModelFactory):
    """A woman born 1995 living in Xiaodian district unless told `residence_region_id="140202"` or `ric=...`."""

    class Meta:
        model = Person
        exclude = ("ric",)

    class Params:
        unemployed = factory.Trait(employment_status=EmploymentStatus.UNEMPLOYED)

    ric = factory.Sequence(lambda n: make_ric(born=datetime.date(1960, 1, 1) + datetime.timedelta(days=n), sequence=2))
    name = factory.Sequence(lambda n: f"测试人员{n}")
    ric_encrypted = factory.LazyAttribute(lambda person: crypto.encrypt(person.ric))
    ric_hash = factory.LazyAttribute(lambda person: crypto.keyed_hash(person.ric))
    ric_masked = factory.LazyAttribute(lambda person: mask_ric(person.ric))
    sex = factory.LazyAttribute(lambda person: ric_sex(person.ric))
    birth_date = factory.LazyAttribute(lambda person: ric_birth_date(person.ric))
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    education_level = EducationLevel.BACHELOR
    residence_region_id = "140105"
    household_region_id = factory.SelfAttribute("residence_region_id")
    employment_status = EmploymentStatus.EMPLOYED


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    region_id = "140105"
    head_name = factory.Sequence(lambda n: f"户主{n}")


# Builders of register data through the services, for tests of selectors, pages and exports.
TODAY = datetime.date(2026, 6, 30)
_births = itertools.count()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def resident(region: str = "140105", **kwargs) -> Person:
    """A working-age woman (born in the 1990s, so she counts for zero-employment households) living in `region`."""
    born = datetime.date(1990, 1, 1) + datetime.timedelta(days=next(_births))
    return PersonFactory(ric=make_ric(born=born), residence_region_id=region, **kwargs)


def serve(person: Person, kind: ServiceKind, on: datetime.date, **kwargs):
    provider = OrgUnitFactory(region=Region.objects.get(code=person.residence_region_id))
    return service_record(actor=SETUP, person=person, kind=kind, provided_on=on, provider=provider, **kwargs)


def enter(person: Person, group: KeyGroup, on: datetime.date, **details) -> RegisterEntry:
    if group == KeyGroup.UNPLACED_GRADUATE:
        details = {"graduation_date": datetime.date(2026, 6, 20), "school": "山西大学", **details}
    if group == KeyGroup.HARD_TO_EMPLOY:
        details = {"hard_to_employ_category": HardToEmployCategory.LONG_TERM_UNEMPLOYED, **details}
    entry, _outcome = register_entry_upsert(
        actor=SETUP, person=person, group=group, entered_on=on, details=RegisterDetails(**details)
    )
    return entry


def graduate(region: str = "140105", entered: int = 60, **kwargs) -> RegisterEntry:
    return enter(resident(region, **kwargs), KeyGroup.UNPLACED_GRADUATE, days_ago(entered))


def serve_1131(person: Person, on: datetime.date, referrals: int = 3) -> None:
    """The "1131" standard: 1 policy briefing, 1 career guidance, 3 job referrals, 1 training or internship."""
    serve(person, ServiceKind.POLICY_BRIEFING, on)
    serve(person, ServiceKind.CAREER_GUIDANCE, on)
    for _referral in range(referrals):
        serve(person, ServiceKind.JOB_REFERRAL, on)
    serve(person, ServiceKind.INTERNSHIP, on)


def zero_employment_household(region: str = "140105", since: int = 100):
    """A household of one unemployed working-age member: zero-employment from `since` days ago."""
    household = household_create(actor=SETUP, region=Region.objects.get(code=region), head_name=f"户主{region}")
    member = resident(region, unemployed=True)
    household_add_member(
        actor=SETUP, household=household, person=member, relationship=HouseholdRelationship.HEAD, on=days_ago(since)
    )
    return household, member

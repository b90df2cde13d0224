"""The people list's selectors (`jiuye.people.listing`): each filter alone and together, age bands at their
boundary days, the "1131" progress, every sort in both directions with stable ties, and the scope kept."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiuye.people.enums import EmploymentStatus, ServiceKind
from jiuye.people.listing import (
    AGE_BANDS,
    PERSON_ORDERS,
    PersonFilters,
    age_on,
    born_within,
    person_list,
    person_order,
    years_before,
)
from jiuye.people.models import Person
from jiuye.people.services import register_entry_exit
from jiuye.reference.enums import KeyGroup
from jiuye.reference.services import region_get_or_create
from tests.accounts.factories import SETUP, UserFactory
from tests.people.factories import TODAY, PersonFactory, days_ago, enter, make_ric, resident, serve, serve_1131

pytestmark = pytest.mark.django_db


def born(on: datetime.date, region: str = "140105", **kwargs) -> Person:
    return PersonFactory(ric=make_ric(area=region[:6], born=on, sequence=kwargs.pop("sequence", 2)),
                         residence_region_id=region, **kwargs)  # fmt: skip


def listed(user=None, **filters) -> list[Person]:
    return list(person_list(user=user or UserFactory(), filters=PersonFilters(**filters), today=TODAY).order_by("pk"))


def test_no_filter_lists_the_users_region_only():
    mine, theirs = resident(), resident("140106")
    assert listed() == [mine]
    assert theirs not in listed(region_code="140106")  # narrowing never widens


def test_region_narrows_to_a_community():
    region_get_or_create(code="140105001", name="坞城街道")
    region_get_or_create(code="140105001002", name="双塔西街社区")
    region_get_or_create(code="140105002", name="龙城街道")
    in_community, in_street = resident("140105001002"), resident("140105001")
    elsewhere, county_only = resident("140105002"), resident("140105")
    assert set(listed(region_code="140105001")) == {in_community, in_street}
    assert listed(region_code="140105001002") == [in_community]
    assert set(listed()) == {in_community, in_street, elsewhere, county_only}


def test_key_group_keeps_open_entries_only():
    veteran, former, other = resident(), resident(), resident()
    enter(veteran, KeyGroup.VETERAN, days_ago(30))
    entry = enter(former, KeyGroup.UNEMPLOYMENT_REGISTRATION, days_ago(90))
    register_entry_exit(actor=SETUP, entry=entry, exited_on=days_ago(10), reason="employed")
    enter(other, KeyGroup.HARD_TO_EMPLOY, days_ago(30))
    assert listed(group=KeyGroup.VETERAN) == [veteran]
    assert listed(group=KeyGroup.UNEMPLOYMENT_REGISTRATION) == []
    assert len(listed(group="nonsense")) == 3  # not a group: no narrowing


def test_employment_status():
    unemployed, employed = resident(unemployed=True), resident()
    assert listed(status=EmploymentStatus.UNEMPLOYED) == [unemployed]
    assert listed(status=EmploymentStatus.EMPLOYED) == [employed]


@pytest.mark.parametrize(
    ("birth", "band", "inside"),
    [
        (years_before(TODAY, 16), "16-24", True),  # 16 today
        (years_before(TODAY, 16) + datetime.timedelta(days=1), "16-24", False),  # 16 tomorrow
        (years_before(TODAY, 25) + datetime.timedelta(days=1), "16-24", True),  # 24 until tomorrow
        (years_before(TODAY, 25), "16-24", False),  # 25 today
        (years_before(TODAY, 25), "25-34", True),
        (years_before(TODAY, 55), "55-", True),
        (years_before(TODAY, 80), "55-", True),
        (years_before(TODAY, 55) + datetime.timedelta(days=1), "55-", False),
    ],
)
def test_age_bands_count_whole_years_on_the_day(birth, band, inside):
    person = born(birth)
    assert (listed(age_band=band) == [person]) is inside
    assert (AGE_BANDS[band].low <= age_on(birth, TODAY) <= (AGE_BANDS[band].high or 200)) is inside


def test_a_leap_day_birthday_in_a_common_year():
    assert years_before(datetime.date(2028, 2, 29), 18) == datetime.date(2010, 2, 28)
    assert age_on(datetime.date(2008, 2, 29), datetime.date(2026, 2, 28)) == 17
    assert age_on(datetime.date(2008, 2, 29), datetime.date(2026, 3, 1)) == 18
    assert born_within(AGE_BANDS["16-24"], datetime.date(2028, 2, 29)) is not None


def test_graduate_service_met_and_not_met():
    served, unserved, not_graduate = resident(), resident(), resident()
    enter(served, KeyGroup.UNPLACED_GRADUATE, days_ago(60))
    enter(unserved, KeyGroup.UNPLACED_GRADUATE, days_ago(60))
    enter(not_graduate, KeyGroup.VETERAN, days_ago(60))
    serve_1131(served, days_ago(30))
    serve_1131(unserved, days_ago(30), referrals=2)  # one referral short
    assert listed(graduate_service="met") == [served]
    assert listed(graduate_service="not_met") == [unserved]


def test_services_before_the_entry_do_not_count_for_1131():
    early = resident()
    serve_1131(early, days_ago(90))
    enter(early, KeyGroup.UNPLACED_GRADUATE, days_ago(60))
    assert listed(graduate_service="not_met") == [early]


def test_filters_combine():
    region_get_or_create(code="140105001", name="坞城街道")
    target = born(years_before(TODAY, 30), region="140105001", employment_status=EmploymentStatus.UNEMPLOYED)
    enter(target, KeyGroup.UNEMPLOYMENT_REGISTRATION, days_ago(20))
    too_old = born(years_before(TODAY, 40), region="140105001", employment_status=EmploymentStatus.UNEMPLOYED)
    enter(too_old, KeyGroup.UNEMPLOYMENT_REGISTRATION, days_ago(20))
    elsewhere = born(years_before(TODAY, 30), employment_status=EmploymentStatus.UNEMPLOYED, sequence=4)
    enter(elsewhere, KeyGroup.UNEMPLOYMENT_REGISTRATION, days_ago(20))
    filters = {"region_code": "140105001", "group": KeyGroup.UNEMPLOYMENT_REGISTRATION, "age_band": "25-34"}
    assert listed(status=EmploymentStatus.UNEMPLOYED, query=target.name, **filters) == [target]
    assert listed(**filters) == [target]


def test_last_service_on_is_the_latest_service_of_any_kind():
    person, never = resident(), resident()
    serve(person, ServiceKind.CAREER_GUIDANCE, days_ago(40))
    serve(person, ServiceKind.JOB_REFERRAL, days_ago(5))
    dates = {row.pk: row.last_service_on for row in listed()}
    assert dates == {person.pk: days_ago(5), never.pk: None}


def ordered(key: str, descending: bool = False) -> list[int]:
    people = person_list(user=UserFactory(region="1401"), filters=PersonFilters(), today=TODAY)
    return [person.pk for person in person_order(people, key, descending)]


def test_sort_by_age_name_region_status_and_last_service_both_ways():
    older = born(datetime.date(1970, 5, 1), region="140106", name="乙", employment_status=EmploymentStatus.UNEMPLOYED)
    younger = born(datetime.date(2000, 5, 1), name="甲")
    middle = born(datetime.date(1985, 5, 1), name="丙", employment_status=EmploymentStatus.OUTSIDE_LABOUR_FORCE)
    serve(older, ServiceKind.CAREER_GUIDANCE, days_ago(3))
    serve(middle, ServiceKind.CAREER_GUIDANCE, days_ago(30))
    assert ordered("age") == [younger.pk, middle.pk, older.pk]  # youngest first
    assert ordered("age", descending=True) == [older.pk, middle.pk, younger.pk]
    assert ordered("region") == [middle.pk, younger.pk, older.pk]  # by region code, then name (丙 < 甲 in Unicode)
    assert ordered("region", descending=True) == [older.pk, younger.pk, middle.pk]
    assert ordered("status") == [younger.pk, older.pk, middle.pk]  # employed, unemployed, outside
    assert ordered("last_service") == [younger.pk, middle.pk, older.pk]  # never served first
    assert ordered("last_service", descending=True) == [older.pk, middle.pk, younger.pk]  # never served last
    assert ordered("name") == [middle.pk, older.pk, younger.pk]
    assert ordered("name", descending=True) == [younger.pk, older.pk, middle.pk]


def test_ties_fall_back_to_the_primary_key_so_pages_are_stable():
    same_day = datetime.date(1990, 1, 1)
    people = [born(same_day, name="王晋生", sequence=sequence) for sequence in (2, 4, 6, 8)]
    ids = [person.pk for person in people]
    for key in PERSON_ORDERS:
        assert ordered(key) == ids, key
        assert ordered(key, descending=True) == ids, key  # reversed columns, same tie-break


def test_the_list_is_one_query_whatever_its_filters():
    for number in range(3):
        # Born in 1988 whatever ran before: `resident()` births move on a day a person through the session, out of
        # the 35-44 band after some 1,800 people.
        person = PersonFactory(ric=make_ric(born=datetime.date(1988, 5, 1), sequence=2 * number + 2))
        enter(person, KeyGroup.UNPLACED_GRADUATE, days_ago(60))
        serve_1131(person, days_ago(10))
    filters = PersonFilters(group=KeyGroup.UNPLACED_GRADUATE, age_band="35-44", graduate_service="met", query="测试")
    user = UserFactory()
    with CaptureQueriesContext(connection) as queries:
        rows = list(person_order(person_list(user=user, filters=filters, today=TODAY), "last_service"))
    assert len(queries) <= 2  # the user's roles at most, and the list
    assert len(rows) == 3
    assert all(row.last_service_on == days_ago(10) for row in rows)

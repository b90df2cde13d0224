"""Reads of the real-name registers: search, the person card, the "1131" progress and the four worklists.

Worklists are computed with a fixed `today`, with records just inside and just outside each threshold. The builders
at the top are shared with tests/www/test_people_pages.py and tests/reports/test_excel.py.
"""

import datetime

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from jiuye.people.enums import EmploymentStatus, HouseholdRelationship, ServiceKind
from jiuye.people.models import Person, RegisterEntry
from jiuye.people.ric import upgrade_legacy_ric
from jiuye.people.selectors import person_card, person_search, register_counts, register_entries
from jiuye.people.services import (
    household_add_member,
    person_set_employment_status,
    register_entry_exit,
)
from jiuye.people.standard import graduate_progress
from jiuye.people.worklists import (
    graduates_not_served,
    hard_to_employ_without_service,
    unemployed_without_contact,
    worklist,
    worklist_count,
    worklist_counts,
    zero_employment_households,
)
from jiuye.reference.enums import KeyGroup
from tests.accounts.factories import SETUP, UserFactory
from tests.people.factories import (
    TODAY,
    PersonFactory,
    days_ago,
    enter,
    graduate,
    make_ric,
    resident,
    serve,
    serve_1131,
    zero_employment_household,
)

pytestmark = pytest.mark.django_db

# ---------------------------------------------------------------------------------------------------------- search


def test_search_by_part_of_the_name():
    wang = PersonFactory(name="王晋生")
    PersonFactory(name="李汾")
    assert list(person_search(user=UserFactory(), query="晋生")) == [wang]


@pytest.mark.parametrize("query", ["王晋生", "王 晋生", "王　晋生", " 王晋 生 ", "晋生"])
def test_names_match_with_or_without_spaces_of_any_width(query):
    stored_plain, stored_spaced = PersonFactory(name="王晋生"), PersonFactory(name="王　晋生")
    PersonFactory(name="王晋")
    found = set(person_search(user=UserFactory(), query=query))
    assert found == {stored_plain, stored_spaced}


@pytest.mark.parametrize("query", ["WANG", "wang", "ＷＡＮＧ", "ｗａｎｇ Ｊｉｎ", "Wang Jin"])
def test_latin_names_match_in_half_or_full_width_and_any_case(query):
    latin = PersonFactory(name="ＷＡＮＧ Jinsheng")
    PersonFactory(name="LI Fen")
    assert list(person_search(user=UserFactory(), query=query)) == [latin]


def test_minority_names_match_with_or_without_the_separating_dot():
    name = PersonFactory(name="买买提·艾力")
    user = UserFactory()
    for query in ("买买提艾力", "买买提・艾力", "买买提 艾力", "提·艾"):
        assert list(person_search(user=user, query=query)) == [name], query


def test_the_search_key_follows_every_rename_and_bulk_insert():
    person = PersonFactory(name="王晋生")
    person.name = "王　晋 升"
    person.save(update_fields=["name"])
    person.refresh_from_db()
    assert person.name_search == "王晋升"
    [bulk] = Person.objects.bulk_create([PersonFactory.build(name="ＬＩ Ｆｅｎ")])
    assert Person.objects.get(pk=bulk.pk).name_search == "lifen"


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("13912345678", True),
        ("5678", True),  # the last four digits
        ("1234", True),  # any four in a row
        ("139 1234", True),  # as read out, in groups
        ("139-1234-5678", True),
        ("+8613912345678", True),
        ("１３９１", True),  # full-width digits
        ("678", False),  # fewer than four digits: too many would match
        ("13912345679", False),
        ("4321", False),
    ],
)
def test_search_by_phone_matches_any_four_or_more_digits(query, found):
    li = PersonFactory(phone="13912345678")
    PersonFactory(phone="18600000000")
    assert list(person_search(user=UserFactory(), query=query)) == ([li] if found else [])


def test_search_by_landline_digits_ignores_its_hyphen():
    office = PersonFactory(phone="0351-7654321")
    assert list(person_search(user=UserFactory(), query="03517654")) == [office]
    assert list(person_search(user=UserFactory(), query="7654321")) == [office]


def test_search_by_resident_id_number_is_exact_in_any_spelling():
    ric = make_ric(born=datetime.date(1991, 2, 3), sequence=17)
    person = PersonFactory(ric=ric)
    user = UserFactory()
    assert list(person_search(user=user, query=ric)) == [person]
    assert list(person_search(user=user, query=f" {ric[:6]} {ric[6:]} ")) == [person]
    assert list(person_search(user=user, query=ric[:-1])) == []  # 17 characters: no match, no error


def test_search_by_legacy_15_digit_number():
    legacy = "140105650308021"
    person = PersonFactory(ric=upgrade_legacy_ric(legacy))
    assert list(person_search(user=UserFactory(), query=legacy)) == [person]


@pytest.mark.parametrize("query", ["140105199003070013", "1401051990030700", "14010519900307001X", "王"])
def test_search_for_what_is_no_valid_number_is_no_error(query):
    PersonFactory()
    assert list(person_search(user=UserFactory(), query=query)) == []


def test_search_stays_in_the_users_county():
    ric = make_ric(area="140106", sequence=31)
    PersonFactory(ric=ric, name="外县人员", phone="13800000000", residence_region_id="140106")
    user = UserFactory(region="140105")
    for query in (ric, "外县人员", "13800000000"):
        assert list(person_search(user=user, query=query)) == []
    assert person_search(user=UserFactory(region="1401"), query=ric).count() == 1


# ------------------------------------------------------------------------------------------------------ person card


def test_person_card_has_everything_and_a_timeline_newest_first():
    household, person = zero_employment_household(since=200)
    spouse = resident(unemployed=True)
    household_add_member(
        actor=SETUP, household=household, person=spouse, relationship=HouseholdRelationship.SPOUSE, on=days_ago(150)
    )
    entry = enter(person, KeyGroup.UNEMPLOYMENT_REGISTRATION, days_ago(120))
    serve(person, ServiceKind.CAREER_GUIDANCE, days_ago(90))
    serve(person, ServiceKind.JOB_REFERRAL, days_ago(30), resulted_in_employment=True)
    register_entry_exit(actor=SETUP, entry=entry, exited_on=days_ago(30), reason="employed")

    card = person_card(user=UserFactory(), pk=person.pk)

    assert card.person == person
    assert [item.entry for item in card.entries] == [entry]
    assert len(card.services) == 2
    assert [change.status for change in card.status_changes] == [EmploymentStatus.EMPLOYED]
    assert card.household == household
    assert set(card.household_members) == {person, spouse}
    assert card.zero_employment_episodes[0].cleared_on == days_ago(30)
    dates = [event.on for event in card.timeline]
    assert dates == sorted(dates, reverse=True)
    assert {event.kind for event in card.timeline} == {"status", "service", "register_entry", "register_exit"}
    assert card.timeline[-1].kind == "register_entry"


def test_person_card_outside_the_region_is_404():
    theirs = PersonFactory(residence_region_id="140106")
    with pytest.raises(Http404):
        person_card(user=UserFactory(region="140105"), pk=theirs.pk)


def test_person_card_queries_do_not_grow_with_services():
    household, person = zero_employment_household()
    enter(person, KeyGroup.UNPLACED_GRADUATE, days_ago(60))
    serve(person, ServiceKind.JOB_REFERRAL, days_ago(5))
    user = UserFactory()
    assert user.role_codes == {"caseworker"}  # read once per request, before what is measured
    with CaptureQueriesContext(connection) as few:
        person_card(user=user, pk=person.pk)
    serve_1131(person, days_ago(3))
    enter(person, KeyGroup.URBAN_YOUTH, days_ago(10))
    household_add_member(actor=SETUP, household=household, person=resident(), relationship=HouseholdRelationship.CHILD)
    with CaptureQueriesContext(connection) as many:
        person_card(user=user, pk=person.pk)
    assert len(many) == len(few)


# --------------------------------------------------------------------------------------------------- "1131" progress


def test_graduate_progress_counts_services_since_entry_only():
    entry = graduate(entered=60)
    serve_1131(entry.person, days_ago(61))  # before entry: not counted
    serve(entry.person, ServiceKind.JOB_REFERRAL, days_ago(60))  # on the entry day: counted
    serve(entry.person, ServiceKind.SKILLS_TRAINING, days_ago(10))
    progress = graduate_progress(entry=entry)
    counts = {item.item.code: (item.count, item.required, item.met) for item in progress.items}
    assert counts == {
        "policy_briefing": (0, 1, False),
        "career_guidance": (0, 1, False),
        "job_referral": (1, 3, False),
        "training_or_internship": (1, 1, True),
    }
    assert not progress.met
    assert (progress.done, progress.required) == (2, 6)


def test_graduate_progress_is_the_same_from_sql_services_and_query():
    entry = graduate()
    serve_1131(entry.person, days_ago(5), referrals=2)
    annotated = register_entries(user=UserFactory(), group=KeyGroup.UNPLACED_GRADUATE).get()
    card = person_card(user=UserFactory(), pk=entry.person_id)
    from_sql = graduate_progress(entry=annotated)
    from_services = card.entries[0].progress
    from_query = graduate_progress(entry=RegisterEntry.objects.get(pk=entry.pk))
    assert from_sql == from_services == from_query
    assert [item.count for item in from_sql.items] == [1, 1, 2, 1]


# -------------------------------------------------------------------------------------------------------- worklists


def test_graduates_not_served_lists_partial_not_full():
    partial, full, none = graduate(), graduate(), graduate()
    serve_1131(partial.person, days_ago(5), referrals=2)
    serve_1131(full.person, days_ago(5), referrals=3)
    exited = graduate()
    register_entry_exit(actor=SETUP, entry=exited, exited_on=days_ago(1), reason="employed")
    graduate(region="140106")
    rows = list(graduates_not_served(user=UserFactory(), today=TODAY))
    assert rows == [partial, none]  # same entry date: in order of entry
    assert worklist_count(user=UserFactory(), name="graduates_not_served", today=TODAY) == 2


def test_zero_employment_households_open_ones_oldest_first():
    newer, _member = zero_employment_household(since=10)
    older, _member = zero_employment_household(since=300)
    _cleared, member = zero_employment_household(since=400)
    person_set_employment_status(
        actor=SETUP, person=member, status=EmploymentStatus.EMPLOYED, effective_on=days_ago(5)
    )
    zero_employment_household(region="140106", since=500)
    rows = list(zero_employment_households(user=UserFactory(), today=TODAY))
    assert [row.household for row in rows] == [older, newer]
    assert rows[0].member_count == 1
    assert rows[0].first_member_id is not None


@pytest.mark.parametrize(
    ("group", "days", "select"),
    [
        (KeyGroup.HARD_TO_EMPLOY, 30, hard_to_employ_without_service),
        (KeyGroup.UNEMPLOYMENT_REGISTRATION, 60, unemployed_without_contact),
    ],
)
def test_without_service_worklists_at_their_threshold(group, days, select):
    def entered(long_ago: int = 400) -> RegisterEntry:
        return enter(resident(), group, days_ago(long_ago))

    just_inside = entered()  # served exactly `days` days ago: still recent
    serve(just_inside.person, ServiceKind.FOLLOW_UP, days_ago(days))
    just_outside = entered()  # served a day longer ago: overdue
    serve(just_outside.person, ServiceKind.FOLLOW_UP, days_ago(days + 1))
    never_served = entered()
    newly_registered = entered(long_ago=days)  # registered on the cutoff day: not overdue yet
    registered_before = entered(long_ago=days + 1)
    exited = entered()
    register_entry_exit(actor=SETUP, entry=exited, exited_on=days_ago(2), reason="moved")
    enter(resident("140106"), group, days_ago(400))

    rows = list(select(user=UserFactory(), today=TODAY))

    assert set(rows) == {just_outside, never_served, registered_before}
    assert rows[0] == never_served  # the longest without service first (since entry, 400 days)
    by_pk = {row.pk: row for row in rows}
    assert by_pk[just_outside.pk].last_service_on == days_ago(days + 1)
    assert by_pk[never_served.pk].last_service_on is None
    assert just_inside not in rows
    assert newly_registered not in rows


def test_unemployed_contact_counts_any_service_but_hard_to_employ_needs_one_in_its_window():
    person = resident()
    hard = enter(person, KeyGroup.HARD_TO_EMPLOY, days_ago(400))
    unemployed = enter(person, KeyGroup.UNEMPLOYMENT_REGISTRATION, days_ago(400))
    serve(person, ServiceKind.FOLLOW_UP, days_ago(45))
    user = UserFactory()
    assert list(hard_to_employ_without_service(user=user, today=TODAY)) == [hard]
    assert list(unemployed_without_contact(user=user, today=TODAY)) == []
    assert unemployed not in worklist(user=user, name="unemployed_without_contact", today=TODAY)


def test_worklist_counts_and_region_narrowing():
    graduate()
    graduate(region="140106")
    zero_employment_household()
    enter(resident(), KeyGroup.HARD_TO_EMPLOY, days_ago(100))
    city = UserFactory(region="1401")
    assert worklist_counts(user=city, today=TODAY) == {
        "graduates_not_served": 2,
        "zero_employment_households": 1,
        "hard_to_employ_without_service": 1,
        "unemployed_without_contact": 0,
    }
    assert worklist_counts(user=city, today=TODAY, region_code="140106")["graduates_not_served"] == 1
    # Narrowing never widens: a county user asking for the city still sees the county.
    county = UserFactory(region="140105")
    assert worklist_count(user=county, name="graduates_not_served", today=TODAY, region_code="14") == 1


@pytest.mark.parametrize(
    "name",
    [
        "graduates_not_served",
        "zero_employment_households",
        "hard_to_employ_without_service",
        "unemployed_without_contact",
    ],
)
def test_worklists_run_one_query_whatever_the_rows(name):
    user = UserFactory()
    assert user.role_codes == {"caseworker"}  # read once per request, before what is measured

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            rows = list(worklist(user=user, name=name, today=TODAY))
            for row in rows:
                if hasattr(row, "person"):
                    assert row.person.residence_region.name
                else:
                    assert row.household.region.name
        return len(captured)

    def add_rows() -> None:
        graduate()
        zero_employment_household()
        enter(resident(), KeyGroup.HARD_TO_EMPLOY, days_ago(100))
        enter(resident(), KeyGroup.UNEMPLOYMENT_REGISTRATION, days_ago(100))

    add_rows()
    one = queries()
    for _row in range(5):
        add_rows()
    assert queries() == one == 1


def test_register_counts_every_group_open_entries_only():
    graduate()
    exited = graduate()
    register_entry_exit(actor=SETUP, entry=exited, exited_on=days_ago(1), reason="employed")
    graduate(region="140106")
    counts = register_counts(user=UserFactory())
    assert counts[KeyGroup.UNPLACED_GRADUATE] == 1
    assert counts[KeyGroup.VETERAN] == 0
    assert set(counts) == set(KeyGroup.values)

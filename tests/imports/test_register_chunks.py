"""Registers written a chunk at a time (`jiuye.people.bulk`): counts, rejections and history as the row-by-row
services gave them, proved against that path itself (`tests/imports/row_by_row.py`) on random rows."""

import datetime
import itertools
from functools import partial

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.imports.kinds import ImportContext, get_kind
from jiuye.imports.results import Outcome
from jiuye.imports.services import import_run
from jiuye.people import crypto
from jiuye.people.enums import EmploymentStatus, HouseholdRelationship, UnemploymentExitReason
from jiuye.people.import_kinds import register_chunk_save
from jiuye.people.models import EmploymentStatusChange, Household, Person, RegisterEntry, ZeroEmploymentEpisode
from jiuye.people.services import (
    RegisterDetails,
    household_add_member,
    household_create,
    person_find_by_ric,
    person_set_employment_status,
    register_entry_exit,
    register_entry_upsert,
)
from jiuye.reference.enums import EducationLevel, KeyGroup
from jiuye.reference.models import Region
from tests.accounts.factories import SETUP, UserFactory
from tests.imports import row_by_row
from tests.imports.files import GRADUATE_HEADER, graduate, write_xlsx
from tests.people.factories import PersonFactory, make_ric

pytestmark = pytest.mark.django_db

RIC_A = make_ric(sequence=1)
RIC_B = make_ric(born=datetime.date(1996, 5, 4), sequence=2)
RIC_C = make_ric(born=datetime.date(1997, 2, 3), sequence=3)
RIC_D = make_ric(born=datetime.date(1998, 1, 1), sequence=4)
RIC_DATONG = make_ric(area="140212", born=datetime.date(1994, 7, 7), sequence=6)


@pytest.fixture
def taiyuan_caseworker():
    return UserFactory(region="1401")


def run(user, path, kind="unplaced_graduate"):
    return import_run(user=user, kind=kind, path=path, dry_run=False)


def test_a_chunk_mixing_created_updated_unchanged_and_rejected_rows(taiyuan_caseworker, tmp_path):
    first = [graduate("张三", RIC_A), graduate("李四", RIC_B)]
    run(taiyuan_caseworker, write_xlsx(tmp_path / "1.xlsx", GRADUATE_HEADER, first))
    PersonFactory(ric=RIC_DATONG, residence_region_id="140212")
    events = AuditEvent.objects.count()
    second = [
        graduate("张三", RIC_A),  # unchanged
        graduate("李四", RIC_B, 联系电话="13800000000"),  # updated
        graduate("王五", RIC_C, 性别="女"),  # rejected: the number says a man
        graduate("赵六", RIC_D),  # created
        graduate("钱七", RIC_DATONG),  # rejected: a person Datong keeps
    ]
    record, result = run(taiyuan_caseworker, write_xlsx(tmp_path / "2.xlsx", GRADUATE_HEADER, second))

    assert record.summary == "created=1 updated=1 unchanged=1 rejected=2"
    assert [(error.row, error.column, error.reason) for error in result.errors] == [
        (4, "性别", "性别与公民身份号码不符：号码表明是男性"),
        (6, "公民身份号码", "该人员已由其他地区登记管理，请联系其现居住地的经办机构。"),
    ]
    assert person_find_by_ric(RIC_B).phone == "13800000000"
    assert person_find_by_ric(RIC_C) is None
    assert person_find_by_ric(RIC_DATONG).name != "钱七"
    written = AuditEvent.objects.order_by("pk")[events:]
    li, zhao = person_find_by_ric(RIC_B), person_find_by_ric(RIC_D)
    # One event per person a row changed: Zhao's creation, entry and status in one.
    assert [(event.action, event.person_id, event.summary, event.changes) for event in written] == [
        (AuditAction.UPDATE, li.pk, "修改人员信息", {"phone": ["13912345678", "13800000000"]}),
        (
            AuditAction.CREATE, zhao.pk, "新增人员；登记离校未就业高校毕业生；变更就业状态",
            {"ric": zhao.ric_masked, "employment_status": ["outside_labour_force", "unemployed"]},
        ),
        (AuditAction.IMPORT, None, f"导入离校未就业高校毕业生台账“2.xlsx”：{record.counts_text}", written[2].changes),
    ]  # fmt: skip
    assert [(event.object_type, event.object_id) for event in written[:2]] == [
        ("people.Person", str(li.pk)), ("people.Person", str(zhao.pk)),
    ]  # fmt: skip


def test_a_second_import_writes_nothing_at_all(taiyuan_caseworker, tmp_path):
    rows = [graduate(f"人员{number}", make_ric(sequence=number * 2)) for number in range(1, 30)]
    path = write_xlsx(tmp_path / "a.xlsx", GRADUATE_HEADER, rows)
    run(taiyuan_caseworker, path)
    before = _tables()

    record, _result = run(taiyuan_caseworker, path)

    assert record.summary == "created=0 updated=0 unchanged=29 rejected=0"
    assert _tables() == before


def _tables():
    return (
        list(Person.objects.order_by("pk").values_list("pk", "updated_at", "employment_status")),
        list(RegisterEntry.objects.order_by("pk").values_list("pk", "updated_at")),
        EmploymentStatusChange.objects.count(),
        AuditEvent.objects.exclude(action=AuditAction.IMPORT).count(),
    )


def test_a_person_in_another_register_gets_an_entry_and_no_second_person(taiyuan_caseworker, tmp_path):
    run(taiyuan_caseworker, write_xlsx(tmp_path / "g.xlsx", GRADUATE_HEADER, [graduate("张三", RIC_A)]))
    person = Person.objects.get()
    events = AuditEvent.objects.count()
    header = ["姓名", "身份证号码", "现居住地区划代码", "就业状态"]
    path = write_xlsx(tmp_path / "y.xlsx", header, [["张三", RIC_A, "140105", "失业"]])

    record, _result = run(taiyuan_caseworker, path, kind="urban_youth")

    assert record.summary == "created=1 updated=0 unchanged=0 rejected=0"
    assert Person.objects.get() == person
    assert EmploymentStatusChange.objects.filter(person=person).count() == 1  # already unemployed: no change
    written = AuditEvent.objects.order_by("pk")[events:]
    assert [(event.action, event.summary) for event in written] == [
        (AuditAction.CREATE, "登记城镇青年"), (AuditAction.IMPORT, written[1].summary),
    ]  # fmt: skip


# The bulk path against the row-by-row one: a population in and out of the caseworker's city, with open and closed
# entries, statuses dated before and after the rows, households, and random rows over it, in two rounds (the second
# touching again many people of the first).
TAIYUAN = ["140105", "140106", "140105002", "140105002003"]
ELSEWHERE = ["140212", "1401", "149999"]
HOUSEHOLD = [None, "140105", "太原市小店区", "140105004", "999999", "朝阳区", "小店区"]


def population(rng) -> list[str]:
    """Known people (a third living in Datong), some in registers, some in households; their numbers."""
    rics = []
    households = [household_create(actor=SETUP, region=Region.objects.get(code="140105"), head_name=f"户{n}")
                  for n in range(3)]  # fmt: skip
    for number in range(36):
        ric = make_ric(area="140105", born=datetime.date(1980, 1, 1) + datetime.timedelta(days=number), sequence=20)
        region = "140212" if number % 3 == 2 else "140105"
        person = PersonFactory(ric=ric, residence_region_id=region, employment_status=EmploymentStatus.UNEMPLOYED)
        rics.append(ric)
        if number % 4 == 0:
            since = datetime.date(2025, 1, 1) + datetime.timedelta(days=int(rng.integers(0, 300)))
            person_set_employment_status(actor=SETUP, person=person, status="employed", effective_on=since)
        if number % 3 == 0:
            for group in (KeyGroup.UNEMPLOYMENT_REGISTRATION, KeyGroup.VETERAN, KeyGroup.UNPLACED_GRADUATE):
                details = RegisterDetails(graduation_date=datetime.date(2024, 6, 30), school="山西大学")
                entered_on = datetime.date(2025, 1, 10)
                entry, _outcome = register_entry_upsert(
                    actor=SETUP, person=person, group=group, entered_on=entered_on, details=details
                )
                if number % 2:
                    register_entry_exit(actor=SETUP, entry=entry, exited_on=datetime.date(2025, 5, 20), reason="moved")
        if region == "140105" and number % 5 == 1:
            household_add_member(
                actor=SETUP, household=households[number % 3], person=person,
                relationship=HouseholdRelationship.OTHER, on=datetime.date(2025, 1, 1),
            )  # fmt: skip
    return rics


def random_rows(rng, group: KeyGroup, rics: list[str], count: int) -> list[dict]:
    kind = get_kind(group.value)
    chosen = rng.choice(len(rics), size=count, replace=False)
    return [random_row(rng, kind, group, rics[index]) for index in chosen]


def random_row(rng, kind, group: KeyGroup, ric: str) -> dict:
    def pick(options):
        return options[int(rng.integers(0, len(options)))]

    today = timezone.localdate()
    dates = [None, datetime.date(2025, 1, 10), datetime.date(2024, 3, 1), datetime.date(2025, 8, 1), today]
    row = {column.key: None for column in kind.columns}
    row.update(
        name=pick(["张三", "李四", "王五", " "]), ric=ric, sex=pick([None, None, "1", "2"]),
        phone=pick([None, "13900000001", "0351-7654321"]), household_region=pick(HOUSEHOLD),
        residence_region=pick(TAIYUAN * 3 + ELSEWHERE),
        education_level=pick([None, EducationLevel.BACHELOR, "master"]),
        employment_status=pick([None, "employed", "unemployed"]),
        entered_on=pick([*dates, today + datetime.timedelta(1)]),
        note=pick([None, "自主就业", "长" * 190]),
    )  # fmt: skip
    if group == KeyGroup.UNPLACED_GRADUATE:
        row.update(school=pick(["山西大学", "中北大学"]), major="会计学", graduation_date=datetime.date(2024, 6, 30))
    if group == KeyGroup.VETERAN:
        row["discharged_on"] = pick([None, datetime.date(2019, 9, 1)])
    if group == KeyGroup.UNEMPLOYMENT_REGISTRATION:
        row["entered_on"] = pick(dates[1:])
        row["exited_on"] = pick([None, None, datetime.date(2025, 5, 20), datetime.date(2025, 9, 1)])
        row["exit_reason"] = pick([None, UnemploymentExitReason.EMPLOYED, "moved"]) if row["exited_on"] else None
        if rng.random() < 0.1:
            row["exit_reason"] = "moved"  # without a date: rejected
    return row


def play(save, user, group: KeyGroup, rounds: list[list[dict]]):
    """Each round as one chunk, then what the database holds."""
    events, changes = AuditEvent.objects.count(), EmploymentStatusChange.objects.count()
    results, ends = [], []
    for rows in rounds:
        context = ImportContext(user=user, today=timezone.localdate())
        results.append([_described(outcome) for outcome in save(context, [dict(row) for row in rows], group=group)])
        ends.append(AuditEvent.objects.count())
    return results, _state(events, changes, ends)


def _row_events(events: list[tuple]) -> list[tuple]:
    """The row-by-row services' events as a chunk writes them: one per person a row changed and region, about the
    person, CREATE if any of them is, the summaries joined and the changes together. `events` are those of one
    round, as `_state` describes them; a row's are consecutive, and a person has one row a round."""
    merged = []
    for user_id, action, _type, _target, person, region, summary, changes in events:
        last = merged[-1] if merged else None
        if last is not None and (last[0], last[4], last[5]) == (user_id, person, region):
            last[1] = AuditAction.CREATE if AuditAction.CREATE in (last[1], action) else last[1]
            last[6] += "；" + summary
            last[7] = {**last[7], **changes}
        else:
            merged.append([user_id, action, "people.Person", person, person, region, summary, dict(changes)])
    return [tuple(event) for event in merged]


def _described(outcome: Outcome | ValidationError):
    if isinstance(outcome, ValidationError):
        return outcome.message_dict if hasattr(outcome, "error_dict") else outcome.messages
    return "created" if outcome.created else "updated" if outcome.updated else "unchanged"


def _state(events: int, changes: int, ends: list[int]) -> dict:
    """Everything a register row writes, by natural keys (keys differ between the two runs on PostgreSQL)."""
    people = {person.pk: person for person in Person.objects.all()}
    entries = {}
    for entry in RegisterEntry.objects.order_by("pk"):
        entries[entry.pk] = (
            people[entry.person_id].ric_hash, entry.group, entry.entered_on, entry.exited_on, entry.exit_reason,
            entry.school, entry.major, entry.graduation_date, entry.hard_to_employ_category, entry.disability,
            entry.note, entry.organisation_id, entry.source,
        )  # fmt: skip

    def target(event):
        if event.object_type == "people.RegisterEntry":
            return entries[int(event.object_id)]
        return people[int(event.object_id)].ric_hash

    return {
        "people": sorted(
            [
                (
                    person.ric_hash,
                    crypto.decrypt(person.ric_encrypted),
                    person.ric_masked,
                    person.name,
                    person.name_search,
                    person.sex,
                    person.birth_date,
                    person.phone,
                    person.education_level,
                    person.household_region_id,
                    person.residence_region_id,
                    person.employment_status,
                    person.employment_status_since,
                    person.source,
                    person.household_id,
                )
                for person in people.values()
            ],
            key=str,
        ),
        "entries": sorted(entries.values(), key=str),
        "status_changes": [
            (people[change.person_id].ric_hash, change.status, change.effective_on, change.recorded_by_id, change.note)
            for change in EmploymentStatusChange.objects.order_by("pk")[changes:]
        ],
        "events": [
            [
                (
                    event.user_id,
                    event.action,
                    event.object_type,
                    target(event),
                    people[event.person_id].ric_hash if event.person_id else None,
                    event.region_code,
                    event.summary,
                    event.changes,
                )
                for event in AuditEvent.objects.order_by("pk")[start:end]
            ]
            for start, end in itertools.pairwise([events, *ends])
        ],
        "episodes": sorted(
            ZeroEmploymentEpisode.objects.values_list("household_id", "started_on", "cleared_on"), key=str
        ),
        "regions": sorted(Region.objects.values_list("code", "name", "level", "parent_id")),
        "households": sorted(Household.objects.values_list("pk", "region_id")),
    }


@pytest.mark.parametrize(
    "group", [KeyGroup.UNEMPLOYMENT_REGISTRATION, KeyGroup.UNPLACED_GRADUATE, KeyGroup.VETERAN, KeyGroup.URBAN_YOUTH]
)
@pytest.mark.parametrize("seed", [1, 2])
def test_chunks_write_what_the_row_by_row_services_wrote(group, seed):
    rng = np.random.default_rng(seed)
    user = UserFactory(region="1401")
    known = population(rng)
    new = [make_ric(area="140106", born=datetime.date(2000, 1, 1) + datetime.timedelta(days=n), sequence=5)
           for n in range(30)]  # fmt: skip
    first = random_rows(rng, group, known + new, 50)
    changed = [{**row, "phone": "13900000002"} for row in first[25:40]]  # updated where they were written
    again = {row["ric"] for row in first[:40]}  # the same rows again: unchanged where they were written
    others = random_rows(rng, group, [ric for ric in known + new if ric not in again], 20)
    rounds = [first, first[:25] + changed + others]

    with transaction.atomic():
        expected = play(partial(row_by_row.rows_save), user, group, rounds)
        transaction.set_rollback(True)
    results, state = play(partial(register_chunk_save), user, group, rounds)

    assert results == expected[0]
    expected[1]["events"] = [_row_events(events) for events in expected[1]["events"]]
    assert state == expected[1]
    outcomes = {outcome if isinstance(outcome, str) else "rejected" for round_ in results for outcome in round_}
    assert outcomes == {"created", "updated", "unchanged", "rejected"}  # every way a row can go, in each run

"""The writing half of `jiuye.people.bulk`: a chunk's decided rows written table by table, a few statements each
(`executemany`, or `COPY` on PostgreSQL through `jiuye.core.db.values_insert`), in the order the foreign keys need:
regions, people, entries, status changes, households, audit events in the rows' order. Rows are plain values, not
model instances, which would cost more to build than to write."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import TYPE_CHECKING

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models.expressions import RawSQL
from django.utils import timezone

from jiuye.accounts.actors import signed_in_user
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import AuditEntry, audit_records_write
from jiuye.core.db import values_insert
from jiuye.people import crypto
from jiuye.people.models import EmploymentStatusChange, Household, Person, RegisterEntry
from jiuye.people.names import name_key
from jiuye.people.services import RegisterDetails, household_refresh_zero_employment
from jiuye.reference.models import Region

if TYPE_CHECKING:
    from jiuye.people.bulk import _Chunk, _Plan

DETAIL_FIELDS = tuple(field.name for field in fields(RegisterDetails))
PERSON_VALUES = ("name", "phone", "education_level", "household_region_id", "residence_region_id")
PERSON_UPDATE = (*PERSON_VALUES, "name_search", "employment_status", "employment_status_since", "updated_at")
ENTRY_UPDATE = ("entered_on", *DETAIL_FIELDS, "exited_on", "exit_reason", "updated_at")


def one_of(column: str, values: list) -> RawSQL:
    """`column IN (values)` for a filter, the values passed as they are: `__in` prepares each of a chunk's thousand
    values through the field, which costs more than the query."""
    placeholders = ", ".join(["%s"] * len(values))
    return RawSQL(  # noqa: S611  (the column is ours, the values go as parameters)
        f"{connection.ops.quote_name(column)} IN ({placeholders})", values, output_field=models.BooleanField()
    )


def plans_write(chunk: "_Chunk", plans: "list[_Plan]", region_ensure: Callable[[Region], Region]) -> None:
    """Regions first (people refer to them), then people, entries, status changes, households, audit events."""
    if not plans:
        return
    _regions_ensure(plans, region_ensure)
    now = timezone.now()
    _people_write(plans, now)
    _entries_write(chunk, plans, now)
    _status_changes_write(chunk, plans, now)
    _households_refresh(plans)
    _audits_write(chunk, plans, now)


def _regions_ensure(plans: "list[_Plan]", region_ensure) -> None:
    for plan in plans:
        for region in (plan.row.residence_region, plan.row.household_region):
            if region is not None and region._state.adding:
                region_ensure(region)
                region._state.adding = False


def _people_write(plans: "list[_Plan]", now: datetime.datetime) -> None:
    new = [plan for plan in plans if plan.person_created]
    names = ("ric_encrypted", "ric_hash", "ric_masked", "sex", "birth_date", "source", *PERSON_UPDATE)
    rows_write(
        Person,
        (*names, "household_id", "household_relationship", "able_to_work", "created_at"),
        [[crypto.encrypt(plan.row.ric), *_values(plan.person, names[1:-1]), now, None, "", True, now] for plan in new],
    )
    if new:
        written = Person.objects.filter(one_of("ric_hash", [plan.person["ric_hash"] for plan in new]))
        ids = dict(written.values_list("ric_hash", "pk"))
        for plan in new:
            plan.person["id"] = ids[plan.person["ric_hash"]]
    changed = [
        plan.person
        for plan in plans
        if not plan.person_created and (plan.person_updated or plan.status_change is not None)
    ]
    for person in changed:
        person.setdefault("name_search", name_key(person["name"]))
    rows_update(
        Person, PERSON_UPDATE[:-1], [[*_values(person, PERSON_UPDATE[:-1]), now, person["id"]] for person in changed]
    )


def _values(record: dict, names: Sequence[str]) -> list:
    return [record[name] for name in names]


def _entries_write(chunk: "_Chunk", plans: "list[_Plan]", now: datetime.datetime) -> None:
    new = [plan for plan in plans if plan.entry is not None and "id" not in plan.entry]
    names = ENTRY_UPDATE[:-1]
    rows_write(
        RegisterEntry,
        ("person_id", "group", "organisation_id", "source", *names, "created_at", "updated_at"),
        [
            [plan.person["id"], chunk.group, chunk.organisation.pk if chunk.organisation else None, chunk.source,
             *_values(plan.entry, names), now, now]
            for plan in new
        ],
    )  # fmt: skip
    changed = [plan.entry for plan in plans if plan.entry_changed and "id" in plan.entry]
    rows_update(RegisterEntry, names, [[*_values(entry, names), now, entry["id"]] for entry in changed])


def _status_changes_write(chunk: "_Chunk", plans: "list[_Plan]", now: datetime.datetime) -> None:
    """`EmploymentStatusChange` rows, recorded by the signed-in user."""
    recorder = signed_in_user(chunk.actor)
    rows_write(
        EmploymentStatusChange,
        ("person_id", "status", "effective_on", "recorded_at", "recorded_by_id", "note"),
        [
            [plan.person["id"], change["status"], change["effective_on"], now, recorder.pk if recorder else None,
             chunk.status_note]
            for plan in plans
            if (change := plan.status_change) is not None
        ],
    )  # fmt: skip


def _households_refresh(plans: "list[_Plan]") -> None:
    """`household_refresh_zero_employment` after each member's change, in the rows' order, as if each row had been
    written alone: the members' statuses are replayed from what they were before the chunk."""
    moves = [plan for plan in plans if plan.status_change is not None and plan.person["household_id"]]
    if not moves:
        return
    households = Household.objects.prefetch_related("members").in_bulk({plan.person["household_id"] for plan in moves})
    members = {member.pk: member for household in households.values() for member in household.members.all()}
    for plan in moves:
        members[plan.person["id"]].employment_status = plan.status_before
    for plan in moves:
        members[plan.person["id"]].employment_status = plan.status_change["status"]
        household_refresh_zero_employment(
            household=households[plan.person["household_id"]], on=plan.status_change["effective_on"]
        )


def _audits_write(chunk: "_Chunk", plans: "list[_Plan]", now: datetime.datetime) -> None:
    """One event per person a row changed, in the rows' order (`_row_events`), about the person: what the row-by-row
    services record as up to four events (新增人员, 登记…, 变更就业状态), a row of the file records as one, with
    their summaries and changes together. A row that moves a person out of a region writes the update of their details
    apart, in the region they lived in before, so that both regions' logs hold it."""
    person_type = Person._meta.label
    audits = []
    for plan in plans:
        person_id = plan.person["id"]
        for action, summary, changes, region in _row_events(plan):
            audits.append(
                AuditEntry(
                    user=chunk.actor, action=action, object_type=person_type, object_id=str(person_id),
                    person_id=person_id, region_code=region, summary=summary, changes=changes, at=now,
                )
            )  # fmt: skip
    audit_records_write(audits)


def _row_events(plan: "_Plan") -> list[tuple]:
    """A row's events merged by region: (action, summary, changes, region). CREATE when the row creates the person or
    their entry in the register, UPDATE otherwise."""
    merged: dict[str, list] = {}
    for action, summary, changes, region in plan.audits:
        region = region or plan.person["residence_region_id"]
        event = merged.setdefault(region, [AuditAction.UPDATE, [], {}])
        if action == AuditAction.CREATE:
            event[0] = AuditAction.CREATE
        event[1].append(summary)
        event[2].update(changes or {})
    return [(action, "；".join(summaries), changes, region) for region, (action, summaries, changes) in merged.items()]


def rows_write(model: type[models.Model], names: Sequence[str], rows: list[list]) -> None:
    """INSERT rows of values of `names` (attribute names), dates prepared for the database."""
    if rows:
        values_insert(model, names, _prepared(model, names, rows))


def rows_update(model: type[models.Model], names: Sequence[str], rows: list[list]) -> None:
    """UPDATE by key: each row the values of `names` (attribute names), then `updated_at`, then the key; one
    statement sent with `executemany`, where `bulk_update` builds a CASE per column and row. A model with a `version`
    (a person) counts the update there, so that an edit form opened before the import is refused after it."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name).column for name in (*names, "updated_at")]
    assignments = [f"{quote(column)} = %s" for column in columns]
    if any(model_field.name == "version" for model_field in model._meta.concrete_fields):
        assignments.append(f"{quote('version')} = {quote('version')} + 1")
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608  (names from the model, values as parameters)
        quote(model._meta.db_table), ", ".join(assignments), quote(model._meta.pk.column)
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, _prepared(model, (*names, "updated_at", "id"), rows))


def _prepared(model: type[models.Model], names: Sequence[str], rows: list[list]) -> list[list]:
    """Dates and times as the database takes them: one time (`now`) for a whole chunk is prepared once."""
    prepared = {}
    for index, name in enumerate(names):
        model_field = model._meta.get_field(name)
        if isinstance(model_field, models.DateField):
            prepared[index] = model_field
    if not prepared:
        return rows
    database, cache = connections[DEFAULT_DB_ALIAS], {}
    for row in rows:
        for index, model_field in prepared.items():
            value = row[index]
            if value is not None:
                key = (index, value)
                if key not in cache:
                    cache[key] = model_field.get_db_prep_save(value, database)
                row[index] = cache[key]
    return rows

"""Writes of the audit log: one event (`audit_record`) or many at once (`audit_records_write`), never updated."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.utils import timezone

from jiuye.accounts.actors import Actor, SystemActor, signed_in_user
from jiuye.audit.context import Origin, current_origin
from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.core.db import values_insert


def audit_record(
    *,
    user: Actor | None,
    action: AuditAction,
    target: models.Model | None = None,
    object_type: str = "",
    region_code: str,
    person=None,
    summary: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """Write one audit event. `target` names the record; `object_type` stands in when there is none (an export)."""
    entry = AuditEntry(
        user=user, action=action, target=target, object_type=object_type, region_code=region_code, person=person,
        summary=summary, changes=changes,
    )  # fmt: skip
    return AuditEvent.objects.create(**_event_values(entry, current_origin()))  # `at`: the time of the INSERT


@dataclass(frozen=True)
class AuditEntry:
    """An audit event to write with `audit_records_write`: the arguments of `audit_record`, and when it happened
    (by default when the entry was made, as `audit_record` stamps the time it writes)."""

    user: Actor | None
    action: AuditAction
    region_code: str
    target: models.Model | None = None
    object_type: str = ""
    person: models.Model | None = None
    summary: str = ""
    changes: dict | None = None
    at: datetime.datetime = field(default_factory=timezone.now)
    # The record and the person by their keys, for the batch paths that write rows without model instances (a
    # register's 100,000 rows): `object_id` with `object_type` stands for `target`, `person_id` for `person`.
    object_id: str = ""
    person_id: int | None = None


def audit_records_write(entries: list[AuditEntry]) -> None:
    """Write many audit events in one go, in the order given (so in order of primary key), with every field as
    `audit_record` writes it: for the batch paths, where an INSERT an event would be most of the time (a month's
    file of 100,000 monitored-enterprise reports, a warning evaluation storing hundreds of warnings). The events go
    as rows of values, with what they share (the origin, an actor's id and job, a time, no changes) prepared once."""
    if not entries:
        return
    origin = current_origin()
    actors: dict[int, tuple[int | None, str]] = {}
    prepared: dict[tuple, object] = {}
    database = connections[DEFAULT_DB_ALIAS]
    changes_field = AuditEvent._meta.get_field("changes")

    def prepare(name: str, value, key) -> object:
        if (name, key) not in prepared:
            prepared[name, key] = AuditEvent._meta.get_field(name).get_db_prep_save(value, database)
        return prepared[name, key]

    def row(entry: AuditEntry) -> tuple:
        if id(entry.user) not in actors:
            actors[id(entry.user)] = (_user_id(entry.user), _job(entry.user))
        target, person, changes = entry.target, entry.person, entry.changes or {}
        return (
            prepare("at", entry.at, entry.at), *actors[id(entry.user)], entry.action,
            target._meta.label if target is not None else entry.object_type,
            str(target.pk) if target is not None else entry.object_id,
            person.pk if person is not None else entry.person_id,
            entry.region_code, entry.summary[:300],
            prepare("changes", changes, "{}") if not changes else changes_field.get_db_prep_save(changes, database),
            prepare("ip_address", origin.ip_address, origin.ip_address), origin.user_agent,
        )  # fmt: skip

    values_insert(AuditEvent, EVENT_FIELDS, [row(entry) for entry in entries])


# The columns `audit_records_write` fills, in the order of its rows: every field of the event but its key.
EVENT_FIELDS = (
    "at", "user_id", "job", "action", "object_type", "object_id", "person_id", "region_code", "summary", "changes",
    "ip_address", "user_agent",
)  # fmt: skip


def _event_values(entry: AuditEntry, origin: Origin) -> dict:
    """The event's fields by attribute name but its time: the user only when signed in, the target by its model's
    label and its key."""
    user, target, person = entry.user, entry.target, entry.person
    return {
        "user_id": _user_id(user),
        "job": _job(user),
        "action": entry.action,
        "object_type": target._meta.label if target is not None else entry.object_type,
        "object_id": str(target.pk) if target is not None else entry.object_id,
        "person_id": person.pk if person is not None else entry.person_id,
        "region_code": entry.region_code,
        "summary": entry.summary[:300],
        "changes": entry.changes or {},
        "ip_address": origin.ip_address,
        "user_agent": origin.user_agent,
    }


def _job(actor: Actor | None) -> str:
    return str(actor.job)[:64] if isinstance(actor, SystemActor) else ""


def _user_id(actor: Actor | None) -> int | None:
    user = signed_in_user(actor) if actor is not None else None
    return user.pk if user is not None else None


def audited_update(
    *,
    actor: Actor,
    instance: models.Model,
    values: dict,
    summary: str,
    region_code: str,
    person: models.Model | None = None,
    keep_blank: bool = False,
    before_save: Callable[[], None] | None = None,
) -> bool:
    """Set `values` on `instance` ({field: value}), and when anything changed run `before_save` (the checks that
    hold whatever changed, which may raise), save, and write one audit event with the old and new values. Returns
    whether anything changed. With `keep_blank`, a blank value (an empty cell in a later file) does not erase what an
    earlier source said."""
    fields = list(values)
    before = {name: getattr(instance, name) for name in fields}
    for name, value in values.items():
        if not (keep_blank and value in ("", None)):
            setattr(instance, name, value)
    changes = field_changes(instance, before, fields)
    if not changes:
        return False
    if before_save is not None:
        before_save()
    instance.save()
    audit_record(
        user=actor, action=AuditAction.UPDATE, target=instance, region_code=region_code, person=person,
        summary=summary, changes=changes,
    )  # fmt: skip
    return True


def field_changes(instance: models.Model, before: dict, fields: list[str]) -> dict:
    """{field: [old, new]} for the fields whose value changed, as strings, for the audit record."""
    return {
        name: [_text(before.get(name)), _text(getattr(instance, name))]
        for name in fields
        if before.get(name) != getattr(instance, name)
    }


def _text(value) -> str | None:
    return None if value is None else str(value)

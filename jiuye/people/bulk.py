"""Register rows written in bulk: what `person_upsert`, `register_entry_upsert`, `register_entry_exit` and
`person_set_employment_status` do for one row, decided for a thousand rows at once and written in a few statements.

A register file of 100,000 people (a county's graduates, a province's rural-transfer workers) written one service
call at a time costs a dozen queries a row. Here a chunk costs a handful: the people by the keyed hash of their
numbers, their entries in the register, then one INSERT or UPDATE per table (`executemany`) and the audit events: one
per person a row changed, where the row-by-row services write one per change. Every check, count and history row is
theirs, in the same order,
so a row is rejected with the reason the first failing service would give and counted created, updated or unchanged
as they count it; a rejected row writes nothing. This module decides; `jiuye.people.bulk_write` writes.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiuye.accounts.actors import Actor, is_system
from jiuye.accounts.models import OrgUnit
from jiuye.accounts.perms import can_view_region
from jiuye.accounts.scope import is_reporter_account
from jiuye.audit.enums import AuditAction
from jiuye.imports.results import Outcome
from jiuye.people import crypto
from jiuye.people.bulk_write import DETAIL_FIELDS, PERSON_VALUES, one_of, plans_write
from jiuye.people.enums import EmploymentStatus
from jiuye.people.masking import mask_ric
from jiuye.people.models import Person, RegisterEntry
from jiuye.people.names import name_key
from jiuye.people.ric import ric_birth_date, ric_sex
from jiuye.people.services import (
    RESIDENCE_LEVELS,
    RegisterDetails,
    check_editor,
    today,
)
from jiuye.reference.enums import DataSource, KeyGroup
from jiuye.reference.models import Region
from jiuye.reference.services import region_get_or_create

PERSON_READ = ("id", "ric_hash", *PERSON_VALUES, "employment_status", "employment_status_since", "household_id")
ENTRY_READ = ("id", "person_id", "entered_on", "exited_on", "exit_reason", *DETAIL_FIELDS)
# A new entry's columns before the row's values fill them: what `RegisterEntry` leaves blank.
ENTRY_BLANK = {"entered_on": None, **{name: "" for name in DETAIL_FIELDS}, "graduation_date": None, "exited_on": None,
               "exit_reason": ""}  # fmt: skip
NOTE_LENGTH = RegisterEntry._meta.get_field("note").max_length


@dataclass(frozen=True)
class RegisterRow:
    """One person and their entry in a register, as a row of a register file gives them. `residence_region` and
    `household_region` may be unsaved: a street or community the file names first, created when the row is written.
    `entered_on` None keeps the open entry's date (a new entry takes the day of the write); `exited_on` with its
    `exit_reason` closes the entry (a registration with its 注销日期). The status, when given, takes effect on
    `entered_on` (or the day of the write) unless the person's current status is newer."""

    ric: str  # normalised (`jiuye.people.ric.normalise_ric`)
    name: str
    residence_region: Region
    phone: str = ""
    education_level: str = ""
    household_region: Region | None = None
    entered_on: datetime.date | None = None
    details: RegisterDetails = field(default_factory=RegisterDetails)
    exited_on: datetime.date | None = None
    exit_reason: str = ""
    employment_status: str = ""


@dataclass(slots=True)
class _Plan:
    """What a row will write, decided before anything is written. `person` and `entry` are the records' columns by
    attribute name (an `id` once they exist); `audits` the changes the row-by-row services would record as events, as
    (action, summary, changes, region: None for where the person lives once written), written as one event per
    person and region (`bulk_write._row_events`)."""

    row: RegisterRow
    person: dict
    person_created: bool
    entered_on: datetime.date
    person_updated: bool = False
    entry: dict | None = None  # to insert (no id) or to update; None when the entry stays as it is
    entry_changed: bool = False
    status_change: dict | None = None
    status_before: str = ""
    audits: list[tuple] = field(default_factory=list)
    outcome: Outcome = field(default_factory=Outcome)


@dataclass(frozen=True)
class _Chunk:
    """What every row of a chunk is decided against: who writes, the register, what the database holds, and the
    texts of the history (translated once, not per row)."""

    actor: Actor
    group: KeyGroup
    hashes: dict[str, str]  # keyed hash by number
    existing: dict[str, dict]  # the people already known, by keyed hash
    visible: set[int] | None  # the ids of those the actor may edit; None: all
    entries: dict[int, list[dict]]  # their entries in the register, oldest first, by person id
    organisation: OrgUnit | None
    source: DataSource
    on: datetime.date
    today: datetime.date
    status_note: str
    texts: dict[str, str]


@transaction.atomic
def register_rows_save(
    *,
    actor: Actor,
    group: KeyGroup,
    rows: Sequence[RegisterRow],
    organisation: OrgUnit | None = None,
    source: DataSource = DataSource.MANUAL,
    on: datetime.date | None = None,
    status_note: str = "",
    region_ensure: Callable[[Region], Region] | None = None,
) -> list[Outcome | ValidationError]:
    """Write each row's person, register entry and employment status, returning per row what it did or why it was
    rejected. Two rows must not name the same person. `on` is the day of the write (the default date of a new entry
    and of a status); `status_note` goes with each status change. `region_ensure` creates an unsaved region of an
    accepted row (by default `region_get_or_create`)."""
    check_editor(actor)
    hashes = {row.ric: crypto.keyed_hash(row.ric) for row in rows}
    existing = _people_read(hashes)
    chunk = _Chunk(
        actor=actor, group=group, hashes=hashes, existing=existing, visible=_visible(actor, existing),
        entries=_entries_read(group, existing), organisation=organisation, source=source, on=on or today(),
        today=today(), status_note=status_note, texts=_texts(group),
    )  # fmt: skip
    decided = [_plan(chunk, row) for row in rows]
    plans_write(chunk, [plan for plan in decided if isinstance(plan, _Plan)], region_ensure or _region_create)
    return [plan.outcome if isinstance(plan, _Plan) else plan for plan in decided]


def _texts(group: KeyGroup) -> dict[str, str]:
    """The summaries the row-by-row services give their audit events."""
    return {
        "person_created": _("新增人员"),
        "person_updated": _("修改人员信息"),
        "entry_created": _("登记%(group)s") % {"group": KeyGroup(group).label},
        "entry_updated": _("修改台账登记"),
        "entry_exited": _("退出台账"),
        "status": _("变更就业状态"),
    }


def _people_read(hashes: dict[str, str]) -> dict[str, dict]:
    """The rows' people already known, locked until the end of the transaction as `person_upsert` locks them."""
    if not hashes:
        return {}
    people = Person.objects.select_for_update().filter(one_of("ric_hash", list(hashes.values())))
    return {values[1]: dict(zip(PERSON_READ, values, strict=True)) for values in people.values_list(*PERSON_READ)}


def _visible(actor: Actor, existing: dict[str, dict]) -> set[int] | None:
    """The ids of the known people the actor may edit, as `Person.is_visible_to` decides it (a reporter account sees
    no one, an officer the people living in their region), without a query; None: all, for the platform."""
    if is_system(actor):
        return None
    if is_reporter_account(actor):
        return set()
    return {person["id"] for person in existing.values() if can_view_region(actor, person["residence_region_id"])}


def _entries_read(group: KeyGroup, existing: dict[str, dict]) -> dict[int, list[dict]]:
    by_person: dict[int, list[dict]] = {}
    ids = [person["id"] for person in existing.values()]
    if ids:
        # Every register's entries of these people, the group kept here: with the group in the query, SQLite without
        # statistics (a new database, before ANALYZE) walks the index on (group, exited_on), the whole register for
        # each chunk, instead of the index on the person: a re-import of 100,000 people spent a third of its time so.
        entries = RegisterEntry.objects.filter(one_of("person_id", ids)).order_by("entered_on", "pk")
        for values in entries.values_list("group", *ENTRY_READ):
            if values[0] == group:
                by_person.setdefault(values[2], []).append(dict(zip(ENTRY_READ, values[1:], strict=True)))
    return by_person


def _plan(chunk: _Chunk, row: RegisterRow) -> "_Plan | ValidationError":
    try:
        plan = _person_plan(chunk, row)
        entries = [] if plan.person_created else chunk.entries.get(plan.person["id"], [])
        entry_outcome = _entry_plan(chunk, plan, entries)
        status_changed = _status_plan(chunk, plan)
    except ValidationError as error:
        return error
    created = plan.person_created or entry_outcome.created
    plan.outcome = Outcome(
        created=created, updated=not created and (plan.person_updated or entry_outcome.updated or status_changed)
    )
    return plan


def _person_plan(chunk: _Chunk, row: RegisterRow) -> _Plan:
    """`person_upsert`: the same checks in the same order, the same values kept and changed."""
    name = row.name.strip()
    if not name:
        raise ValidationError({"name": _("请填写姓名。")})
    _check_residence(row.residence_region)
    values = {
        "name": name,
        "phone": row.phone.strip(),
        "education_level": row.education_level,
        "household_region_id": row.household_region.code if row.household_region else None,
        "residence_region_id": row.residence_region.code,
    }
    _check_in_scope(chunk.actor, row.residence_region)  # before the look-up, as `person_upsert` says why
    ric_hash = chunk.hashes[row.ric]
    person = chunk.existing.get(ric_hash)
    if person is None:
        return _person_new(chunk, row, ric_hash, values)
    if chunk.visible is not None and person["id"] not in chunk.visible:
        raise ValidationError({"ric": _("该人员已由其他地区登记管理，请联系其现居住地的经办机构。")})
    region_before = person["residence_region_id"]
    plan = _Plan(row=row, person=person, person_created=False, entered_on=row.entered_on or chunk.on)
    changes = _values_set(person, values)
    if changes:
        person["name_search"] = name_key(person["name"])
        plan.audits.append((AuditAction.UPDATE, chunk.texts["person_updated"], changes, region_before))
        plan.person_updated = True
    return plan


def _person_new(chunk: _Chunk, row: RegisterRow, ric_hash: str, values: dict) -> _Plan:
    """`_person_create`; the number is encrypted when written, so that a rejected row costs no encryption."""
    person = {
        **values, "name_search": name_key(values["name"]), "ric_hash": ric_hash, "ric_masked": mask_ric(row.ric),
        "sex": ric_sex(row.ric), "birth_date": ric_birth_date(row.ric), "source": chunk.source,
        "employment_status": EmploymentStatus.OUTSIDE_LABOUR_FORCE, "employment_status_since": None,
        "household_id": None,
    }  # fmt: skip
    plan = _Plan(row=row, person=person, person_created=True, entered_on=row.entered_on or chunk.on)
    plan.audits.append((AuditAction.CREATE, chunk.texts["person_created"], {"ric": person["ric_masked"]}, ""))
    return plan


def _check_residence(region: Region) -> None:
    if region.level not in RESIDENCE_LEVELS:
        raise ValidationError(
            {"residence_region": _("现居住地应至少精确到县（市、区），“%(name)s”是%(level)s级")
             % {"name": region.name, "level": region.get_level_display()}}
        )  # fmt: skip


def _check_in_scope(actor: Actor, region: Region) -> None:
    if not is_system(actor) and not can_view_region(actor, region.code):
        raise ValidationError(
            {"residence_region": _("现居住地“%(name)s”不在您的管辖范围内。") % {"name": region.name}}
        )


def _values_set(record: dict, values: dict) -> dict:
    """`audited_update` with `keep_blank`, without the save: set the values that are not blank, and return the
    changes as its audit event records them ({field: [old, new]} as text)."""
    changes = {}
    for name, value in values.items():
        if value in ("", None):
            continue
        before = record[name]
        if before != value:
            changes[name] = [_text(before), _text(value)]
            record[name] = value
    return changes


def _text(value) -> str | None:
    return None if value is None else str(value)


def _entry_plan(chunk: _Chunk, plan: _Plan, entries: list[dict]) -> Outcome:
    """`_open_entry_date`, then `register_entry_upsert` (and `register_entry_exit` for a closed registration)."""
    row = plan.row
    open_entry = next((entry for entry in entries if entry["exited_on"] is None), None)
    if row.entered_on is None and open_entry is not None:
        plan.entered_on = open_entry["entered_on"]
    _check_details(chunk.group, row.details)
    if row.exited_on is None:
        return _entry_upsert(chunk, plan, open_entry)
    closed = next(
        (entry for entry in entries if entry["exited_on"] is not None and entry["entered_on"] == plan.entered_on),
        None,
    )
    if closed is not None and (closed["exited_on"], closed["exit_reason"]) == (row.exited_on, row.exit_reason):
        return Outcome()
    if closed is None:
        outcome = _entry_upsert(chunk, plan, open_entry)
    else:
        outcome, plan.entry = Outcome(updated=True), closed
    _entry_exit(chunk, plan)
    return Outcome(created=outcome.created, updated=not outcome.created)


def _check_details(group: KeyGroup, details: RegisterDetails) -> None:
    """`_check_register_details`, and the length of the note, which a row may have put together from two cells."""
    if group == KeyGroup.UNPLACED_GRADUATE and not details.graduation_date:
        raise ValidationError({"graduation_date": _("离校未就业高校毕业生须填写毕业时间。")})
    if group == KeyGroup.HARD_TO_EMPLOY and not details.hard_to_employ_category:
        raise ValidationError({"hard_to_employ_category": _("就业困难人员须填写困难类别。")})
    if len(details.note) > NOTE_LENGTH:
        raise ValidationError({"note": _("备注超过%(length)d个字") % {"length": NOTE_LENGTH}})


def _entry_upsert(chunk: _Chunk, plan: _Plan, entry: dict | None) -> Outcome:
    details = plan.row.details
    values = {"entered_on": plan.entered_on, **{name: getattr(details, name) for name in DETAIL_FIELDS}}
    if entry is None:
        plan.entry = {**ENTRY_BLANK, **{key: value for key, value in values.items() if value not in ("", None)}}
        plan.audits.append((AuditAction.CREATE, chunk.texts["entry_created"], None, None))
        return Outcome(created=True)
    plan.entry = entry
    changes = _values_set(entry, values)
    if not changes:
        return Outcome()
    plan.entry_changed = True
    plan.audits.append((AuditAction.UPDATE, chunk.texts["entry_updated"], changes, None))
    return Outcome(updated=True)


def _entry_exit(chunk: _Chunk, plan: _Plan) -> None:
    """`register_entry_exit`."""
    entry, exited_on = plan.entry, plan.row.exited_on
    if exited_on < entry["entered_on"]:
        raise ValidationError({"exited_on": _("退出日期不能早于登记日期。")})
    if exited_on > chunk.today:
        raise ValidationError({"exited_on": _("退出日期不能晚于今天。")})
    entry["exited_on"], entry["exit_reason"] = exited_on, plan.row.exit_reason
    plan.entry_changed = True
    changes = {"exited_on": [None, str(exited_on)]}
    plan.audits.append((AuditAction.UPDATE, chunk.texts["entry_exited"], changes, None))


def _status_plan(chunk: _Chunk, plan: _Plan) -> bool:
    """The import's rule that an older status does not undo a newer one, then `person_set_employment_status`: the
    same status is no change."""
    status, person = plan.row.employment_status, plan.person
    effective_on = plan.row.entered_on or chunk.on
    since = person["employment_status_since"]
    if not status or (since and effective_on < since) or person["employment_status"] == status:
        return False
    if effective_on > chunk.today:
        raise ValidationError({"effective_on": _("状态生效日期不能晚于今天。")})
    plan.status_before = person["employment_status"]
    plan.status_change = {"status": status, "effective_on": effective_on}
    changes = {"employment_status": [person["employment_status"], str(status)]}
    person["employment_status"], person["employment_status_since"] = status, effective_on
    plan.audits.append((AuditAction.UPDATE, chunk.texts["status"], changes, None))
    return True


def _region_create(region: Region) -> Region:
    return region_get_or_create(code=region.code, name=region.name)

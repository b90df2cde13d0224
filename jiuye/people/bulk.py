"""Register rows written in bulk: what `person_upsert`, `register_entry_upsert`, `register_entry_exit` and
`person_set_employment_status` do for one row, decided for a thousand rows at once and written in a few statements.

A register file of 100,000 people (a county's graduates, a province's rural-transfer workers) written one service
call at a time costs a dozen queries a row. Here a chunk costs a handful: the people by the keyed hash of their
numbers, their entries in the register, then one INSERT or UPDATE per table (`executemany`), and the audit events,
one per change as the row-by-row services write them. Every check, count and history row is theirs, in the same order,
so a row is rejected with the reason the first failing service would give, and counted created, updated or unchanged
as they would count it; a rejected row writes nothing.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.actors import Actor, is_system, signed_in_user
from jiuye.accounts.models import OrgUnit
from jiuye.accounts.perms import can_view_region
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import AuditEntry, audit_records_write, field_changes
from jiuye.core.db import rows_insert
from jiuye.imports.results import Outcome
from jiuye.people import crypto
from jiuye.people.masking import mask_ric
from jiuye.people.models import EmploymentStatusChange, Household, Person, RegisterEntry
from jiuye.people.names import name_key
from jiuye.people.ric import ric_birth_date, ric_sex
from jiuye.people.services import (
    RESIDENCE_LEVELS,
    RegisterDetails,
    check_editor,
    household_refresh_zero_employment,
    today,
)
from jiuye.reference.enums import DataSource, KeyGroup
from jiuye.reference.models import Region
from jiuye.reference.services import region_get_or_create

DETAIL_FIELDS = tuple(detail.name for detail in fields(RegisterDetails))
ENTRY_UPDATE_FIELDS = ("entered_on", *DETAIL_FIELDS, "exited_on", "exit_reason", "updated_at")
PERSON_UPDATE_FIELDS = (
    "name", "name_search", "phone", "education_level", "household_region_id", "residence_region_id",
    "employment_status", "employment_status_since", "updated_at",
)  # fmt: skip
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


@dataclass
class _Plan:
    """What a row will write, decided before anything is."""

    row: RegisterRow
    person: Person
    person_created: bool
    entered_on: datetime.date
    audits: list[AuditEntry] = field(default_factory=list)
    entry: RegisterEntry | None = None  # to insert (no pk) or to update; None when the entry stays as it is
    status_change: EmploymentStatusChange | None = None
    status_before: str = ""
    person_updated: bool = False
    outcome: Outcome = field(default_factory=Outcome)


@dataclass(frozen=True)
class _Context:
    """What every row of a chunk is decided against: who writes, the register, what the database holds."""

    actor: Actor
    group: KeyGroup
    hashes: dict[str, str]  # keyed hash by number
    existing: dict[str, Person]  # by keyed hash
    visible: set[int] | None  # the people the actor may edit; None: all
    entries: dict[int, list[RegisterEntry]]  # the people's entries in the register, oldest first
    organisation: OrgUnit | None
    source: DataSource
    on: datetime.date


def register_rows_save(
    *,
    actor: Actor,
    group: KeyGroup,
    rows: Sequence[RegisterRow],
    organisation: OrgUnit | None = None,
    source: DataSource = DataSource.MANUAL,
    on: datetime.date | None = None,
    region_ensure: Callable[[Region], Region] | None = None,
) -> list[Outcome | ValidationError]:
    """Write each row's person, register entry and employment status, returning per row what it did or why it was
    rejected. Two rows must not name the same person. `on` is the day of the write (the default date of a new entry
    and of a status). `region_ensure` creates an unsaved region of an accepted row (by default
    `region_get_or_create`)."""
    check_editor(actor)
    on = on or today()
    hashes = {row.ric: crypto.keyed_hash(row.ric) for row in rows}
    existing = _people_by_hash(hashes)
    visible = _visible_people(actor, existing.values())
    entries = _entries_of(group, existing.values())
    context = _Context(actor, group, hashes, existing, visible, entries, organisation, source, on)
    decided = [_plan(context, row) for row in rows]
    plans = [plan for plan in decided if isinstance(plan, _Plan)]
    _write(plans, region_ensure or _region_create)
    return [plan.outcome if isinstance(plan, _Plan) else plan for plan in decided]


def _people_by_hash(hashes: dict[str, str]) -> dict[str, Person]:
    """The rows' people already known, locked until the end of the transaction as `person_upsert` locks them."""
    if not hashes:
        return {}
    people = Person.objects.select_for_update().filter(ric_hash__in=list(hashes.values()))
    return {person.ric_hash: person for person in people}


def _visible_people(actor: Actor, people) -> set[int] | None:
    """The ids of the people the actor may edit (None: all, for the platform itself): `Person.is_visible_to`."""
    if is_system(actor):
        return None
    ids = [person.pk for person in people]
    return set(Person.objects.visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()


def _entries_of(group: KeyGroup, people) -> dict[int, list[RegisterEntry]]:
    by_person: dict[int, list[RegisterEntry]] = {}
    ids = [person.pk for person in people]
    if ids:
        for entry in RegisterEntry.objects.filter(person_id__in=ids, group=group).order_by("entered_on", "pk"):
            by_person.setdefault(entry.person_id, []).append(entry)
    return by_person


def _plan(context: _Context, row: RegisterRow) -> "_Plan | ValidationError":
    try:
        plan = _person_plan(context, row)
        entries = [] if plan.person_created else context.entries.get(plan.person.pk, [])
        entry_outcome = _entry_plan(context, plan, entries)
        status_changed = _status_plan(context.actor, plan, context.on)
    except ValidationError as error:
        return error
    created = plan.person_created or entry_outcome.created
    plan.outcome = Outcome(
        created=created, updated=not created and (plan.person_updated or entry_outcome.updated or status_changed)
    )
    return plan


def _person_plan(context: _Context, row: RegisterRow) -> _Plan:
    """`person_upsert`: the same checks in the same order, the same values kept and changed."""
    actor = context.actor
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
    ric_hash = context.hashes[row.ric]
    person = context.existing.get(ric_hash)
    if person is None:
        _check_in_scope(actor, row.residence_region)
        return _person_new(context, row, ric_hash, values)
    if context.visible is not None and person.pk not in context.visible:
        raise ValidationError({"ric": _("该人员已由其他地区登记管理，请联系其现居住地的经办机构。")})
    _check_in_scope(actor, row.residence_region)
    region_before = person.residence_region_id
    changes = _values_set(person, values)
    plan = _Plan(row=row, person=person, person_created=False, entered_on=row.entered_on or context.on)
    if changes:
        person.name_search = name_key(person.name)
        plan.audits.append(
            _audit(actor, AuditAction.UPDATE, person, person, _("修改人员信息"), changes, region_before)
        )
        plan.person_updated = True
    return plan


def _person_new(context: _Context, row: RegisterRow, ric_hash: str, values: dict) -> _Plan:
    """`_person_create`; the number is encrypted when written, so that a rejected row costs no encryption."""
    person = Person(
        ric_hash=ric_hash, ric_masked=mask_ric(row.ric), sex=ric_sex(row.ric), birth_date=ric_birth_date(row.ric),
        source=context.source, name_search=name_key(values["name"]), **values,
    )  # fmt: skip
    plan = _Plan(row=row, person=person, person_created=True, entered_on=row.entered_on or context.on)
    plan.audits.append(
        _audit(context.actor, AuditAction.CREATE, person, person, _("新增人员"), {"ric": person.ric_masked})
    )
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


def _values_set(instance: models.Model, values: dict) -> dict:
    """`audited_update` with `keep_blank`, without the save: set the values that are not blank, return the
    changes as the audit event records them."""
    names = list(values)
    before = {name: getattr(instance, name) for name in names}
    for name, value in values.items():
        if value not in ("", None):
            setattr(instance, name, value)
    return field_changes(instance, before, names)


def _entry_plan(context: _Context, plan: _Plan, entries: list[RegisterEntry]) -> Outcome:
    """`_open_entry_date`, then `register_entry_upsert` (and `register_entry_exit` for a closed registration)."""
    row, person = plan.row, plan.person
    open_entry = next((entry for entry in entries if entry.exited_on is None), None)
    if row.entered_on is None and open_entry is not None:
        plan.entered_on = open_entry.entered_on
    _check_details(context.group, row.details)
    if row.exited_on is None:
        return _entry_upsert(context, plan, open_entry)
    closed = next(
        (entry for entry in entries if entry.exited_on is not None and entry.entered_on == plan.entered_on), None
    )
    if closed is not None and (closed.exited_on, closed.exit_reason) == (row.exited_on, row.exit_reason):
        return Outcome()
    if closed is None:
        outcome = _entry_upsert(context, plan, open_entry)
        closed = plan.entry
    else:
        outcome = Outcome(updated=True)
    _entry_exit(context.actor, plan, closed, person)
    return Outcome(created=outcome.created, updated=not outcome.created)


def _check_details(group: KeyGroup, details: RegisterDetails) -> None:
    """`_check_register_details`, and the length of the note, which a row may have put together from two cells."""
    if group == KeyGroup.UNPLACED_GRADUATE and not details.graduation_date:
        raise ValidationError({"graduation_date": _("离校未就业高校毕业生须填写毕业时间。")})
    if group == KeyGroup.HARD_TO_EMPLOY and not details.hard_to_employ_category:
        raise ValidationError({"hard_to_employ_category": _("就业困难人员须填写困难类别。")})
    if len(details.note) > NOTE_LENGTH:
        raise ValidationError({"note": _("备注超过%(length)d个字") % {"length": NOTE_LENGTH}})


def _entry_upsert(context: _Context, plan: _Plan, entry: RegisterEntry | None) -> Outcome:
    actor, person, details = context.actor, plan.person, plan.row.details
    values = {"entered_on": plan.entered_on, **{name: getattr(details, name) for name in DETAIL_FIELDS}}
    if entry is None:
        filled = {key: value for key, value in values.items() if value not in ("", None)}
        plan.entry = RegisterEntry(
            person=person, group=context.group, organisation=context.organisation, source=context.source, **filled
        )
        summary = _("登记%(group)s") % {"group": plan.entry.get_group_display()}
        plan.audits.append(_audit(actor, AuditAction.CREATE, plan.entry, person, summary))
        return Outcome(created=True)
    plan.entry = entry
    changes = _values_set(entry, values)
    if not changes:
        return Outcome()
    plan.audits.append(_audit(actor, AuditAction.UPDATE, entry, person, _("修改台账登记"), changes))
    return Outcome(updated=True)


def _entry_exit(actor, plan: _Plan, entry: RegisterEntry, person: Person) -> None:
    """`register_entry_exit`."""
    exited_on = plan.row.exited_on
    if exited_on < entry.entered_on:
        raise ValidationError({"exited_on": _("退出日期不能早于登记日期。")})
    if exited_on > today():
        raise ValidationError({"exited_on": _("退出日期不能晚于今天。")})
    entry.exited_on, entry.exit_reason = exited_on, plan.row.exit_reason
    plan.entry = entry
    changes = {"exited_on": [None, str(exited_on)]}
    plan.audits.append(_audit(actor, AuditAction.UPDATE, entry, person, _("退出台账"), changes))


def _status_plan(actor, plan: _Plan, on: datetime.date) -> bool:
    """`_status_set` of the import, then `person_set_employment_status`: an older status does not undo a newer
    one, the same status is no change."""
    status, person = plan.row.employment_status, plan.person
    effective_on = plan.row.entered_on or on
    if not status or (person.employment_status_since and effective_on < person.employment_status_since):
        return False
    if person.employment_status == status:
        return False
    if effective_on > today():
        raise ValidationError({"effective_on": _("状态生效日期不能晚于今天。")})
    plan.status_before = person.employment_status
    plan.status_change = EmploymentStatusChange(
        person=person, status=status, effective_on=effective_on, recorded_by=signed_in_user(actor),
        note=_("批量导入"),
    )  # fmt: skip
    changes = {"employment_status": [person.employment_status, str(status)]}
    person.employment_status, person.employment_status_since = status, effective_on
    plan.audits.append(_audit(actor, AuditAction.UPDATE, person, person, _("变更就业状态"), changes))
    return True


def _audit(actor, action, target, person: Person, summary: str, changes=None, region: str = "") -> AuditEntry:
    """`audit_for_person`: the region where the person lives once the row is written (or `region`). The target's
    key is read when the events are written, after the inserts."""
    return AuditEntry(
        user=actor, action=action, target=target, person=person, summary=summary, changes=changes,
        region_code=region or person.residence_region_id,
    )  # fmt: skip


def _region_create(region: Region) -> Region:
    return region_get_or_create(code=region.code, name=region.name)


def _write(plans: list[_Plan], region_ensure: Callable[[Region], Region]) -> None:
    """Regions first (people refer to them), then people, entries, status changes, households, audit events."""
    if not plans:
        return
    _regions_ensure(plans, region_ensure)
    now = timezone.now()
    _people_write(plans, now)
    _entries_write(plans, now)
    changes = [plan.status_change for plan in plans if plan.status_change is not None]
    for change in changes:
        change.person_id = change.person.pk
    rows_insert(EmploymentStatusChange, changes)
    _households_refresh(plans)
    audit_records_write([entry for plan in plans for entry in plan.audits])  # the targets have their keys now


def _regions_ensure(plans: list[_Plan], region_ensure) -> None:
    for plan in plans:
        for region in (plan.row.residence_region, plan.row.household_region):
            if region is not None and region._state.adding:
                region_ensure(region)
                region._state.adding = False


def _people_write(plans: list[_Plan], now: datetime.datetime) -> None:
    new = [plan.person for plan in plans if plan.person_created]
    for plan in plans:
        if plan.person_created:
            plan.person.ric_encrypted = crypto.encrypt(plan.row.ric)
            plan.person.created_at = plan.person.updated_at = now
    rows_insert(Person, new)
    if new:
        ids = dict(
            Person.objects.filter(ric_hash__in=[person.ric_hash for person in new]).values_list("ric_hash", "pk")
        )
        for person in new:
            person.pk = ids[person.ric_hash]
    changed = [
        plan.person
        for plan in plans
        if not plan.person_created and (plan.person_updated or plan.status_change is not None)
    ]
    for person in changed:
        person.updated_at = now
    rows_update(Person, PERSON_UPDATE_FIELDS, changed)


def _entries_write(plans: list[_Plan], now: datetime.datetime) -> None:
    new, changed = [], []
    for plan in plans:
        entry = plan.entry
        if entry is None:
            continue
        entry.person_id = plan.person.pk
        entry.updated_at = now
        if entry.pk is None:
            entry.created_at = now
            new.append(entry)
        elif any(audit.target is entry for audit in plan.audits):
            changed.append(entry)
    rows_insert(RegisterEntry, new)
    rows_update(RegisterEntry, ENTRY_UPDATE_FIELDS, changed)
    if new:
        _entry_ids_read(new)


def _entry_ids_read(new: list[RegisterEntry]) -> None:
    """The keys of the entries just inserted: a person has one new entry in the group, the one with the highest key
    (keys only grow, and the person's row is locked)."""
    group = new[0].group
    latest = dict(
        RegisterEntry.objects.filter(person_id__in=[entry.person_id for entry in new], group=group)
        .values("person_id")
        .annotate(latest=models.Max("pk"))
        .values_list("person_id", "latest")
    )
    for entry in new:
        entry.pk = latest[entry.person_id]


def _households_refresh(plans: list[_Plan]) -> None:
    """`household_refresh_zero_employment` after each member's change, in the rows' order, as if each had been
    written alone: the members' statuses are replayed from before the chunk."""
    moves = [plan for plan in plans if plan.status_change is not None and plan.person.household_id]
    if not moves:
        return
    households = Household.objects.prefetch_related("members").in_bulk({plan.person.household_id for plan in moves})
    members = {member.pk: member for household in households.values() for member in household.members.all()}
    for plan in moves:
        members[plan.person.pk].employment_status = plan.status_before
    for plan in moves:
        members[plan.person.pk].employment_status = plan.status_change.status
        household_refresh_zero_employment(
            household=households[plan.person.household_id], on=plan.status_change.effective_on
        )


def rows_update(model: type[models.Model], names: Sequence[str], instances: list[models.Model]) -> None:
    """UPDATE each instance's `names` (attribute names) by its key, one statement sent with `executemany`: where
    `bulk_update` builds a CASE per column and row, which costs more than the update itself."""
    if not instances:
        return
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name) for name in names]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608  (names from the model, values as parameters)
        quote(model._meta.db_table),
        ", ".join(f"{quote(column.column)} = %s" for column in columns),
        quote(model._meta.pk.column),
    )
    prepared = [isinstance(column, models.DateField | models.DateTimeField) for column in columns]
    rows = [
        [
            column.get_db_prep_save(getattr(instance, column.attname), connection) if prepare
            else getattr(instance, column.attname)
            for column, prepare in zip(columns, prepared, strict=True)
        ] + [instance.pk]
        for instance in instances
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)

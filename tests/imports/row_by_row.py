"""The register import as it was written before issue 14, one row at a time through the services: the brute force
that `jiuye.people.bulk` is proved against (tests/imports/test_register_chunks.py). Kept verbatim but for the
imports; each row runs in its own savepoint, as the row-by-row engine ran it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiuye.accounts.perms import can_view_region
from jiuye.imports.kinds import ImportContext
from jiuye.imports.results import Outcome
from jiuye.people.import_kinds import REGISTER_DETAILS, _row_check
from jiuye.people.models import Person, RegisterEntry
from jiuye.people.services import (
    RegisterDetails,
    person_set_employment_status,
    person_upsert,
    register_entry_exit,
    register_entry_upsert,
)
from jiuye.reference.enums import DataSource, KeyGroup
from jiuye.reference.models import Region


def rows_save(context: ImportContext, rows: list[dict], *, group: KeyGroup) -> list[Outcome | ValidationError]:
    outcomes = []
    for row in rows:
        try:
            with transaction.atomic():
                outcomes.append(register_row_save(context, row, group=group))
        except ValidationError as error:
            outcomes.append(error)
    return outcomes


def register_row_save(context: ImportContext, row: dict, *, group: KeyGroup) -> Outcome:
    """One row of a register: the person, their entry in the register, their employment status."""
    _row_check(context, row)
    person, person_outcome = person_upsert(
        actor=context.user,
        ric=row["ric"],
        name=row["name"],
        residence_region=_residence(context, row["residence_region"]),
        phone=row["phone"] or "",
        education_level=row["education_level"] or "",
        household_region=_household(context, row["household_region"]),
        source=DataSource.IMPORT,
    )
    entered_on = row["entered_on"] or _open_entry_date(person, group, person_outcome) or context.today
    entry_outcome = _entry_save(context, person, group, entered_on, row)
    status_changed = _status_set(context, person, row["employment_status"], row["entered_on"] or context.today)
    created = person_outcome.created or entry_outcome.created
    return Outcome(
        created=created, updated=not created and (person_outcome.updated or entry_outcome.updated or status_changed)
    )


def _residence(context: ImportContext, code: str) -> Region:
    """At least a county, and inside the importing user's region: a county office does not write another's people."""
    if len(code) < len("140105"):
        raise ValidationError({"residence_region": _("现居住地应至少精确到县（市、区）")})
    if not can_view_region(context.user, code):
        raise ValidationError({"residence_region": _("现居住地“%(code)s”不在您的管辖范围内") % {"code": code}})
    try:
        return context.regions.by_code(code)
    except ValidationError as error:
        raise ValidationError({"residence_region": error.messages}) from error


def _household(context: ImportContext, code_or_name: str | None) -> Region | None:
    if not code_or_name:
        return None
    try:
        return context.regions.find(code_or_name)
    except ValidationError as error:
        raise ValidationError({"household_region": error.messages}) from error


def _open_entry_date(person: Person, group: KeyGroup, outcome: Outcome) -> datetime.date | None:
    """A row without 登记日期 keeps the date of the person's open entry, so that importing the same file on another
    day changes nothing; only a new entry takes the import day."""
    if outcome.created:
        return None
    entries = RegisterEntry.objects.filter(person=person, group=group, exited_on__isnull=True)
    return entries.values_list("entered_on", flat=True).first()


def _entry_save(context: ImportContext, person: Person, group: KeyGroup, entered_on, row: dict) -> Outcome:
    details = {key: row[key] for key in REGISTER_DETAILS if row.get(key) is not None}
    discharged_on = row.get("discharged_on")
    discharged = _("退役时间：%(date)s") % {"date": discharged_on.isoformat()} if discharged_on else ""
    note = "；".join(part for part in (discharged, row["note"]) if part)
    if len(note) > RegisterEntry._meta.get_field("note").max_length:
        raise ValidationError({"note": _("退役时间与备注合计超过200个字")})
    if note:
        details["note"] = note
    if row.get("exited_on"):
        return _registration_closed(context, person, group, entered_on, details, row)
    _entry, outcome = register_entry_upsert(
        actor=context.user, person=person, group=group, entered_on=entered_on,
        details=RegisterDetails(**details), organisation=context.user.org_unit, source=DataSource.IMPORT,
    )  # fmt: skip
    return outcome


def _registration_closed(context, person, group, entered_on, details, row) -> Outcome:
    """A registration with its 注销日期: written once; the same row again finds the closed entry and changes
    nothing."""
    closed = RegisterEntry.objects.filter(
        person=person, group=group, entered_on=entered_on, exited_on__isnull=False
    ).first()
    if closed is not None and (closed.exited_on, closed.exit_reason) == (row["exited_on"], row["exit_reason"]):
        return Outcome()
    if closed is None:
        closed, outcome = register_entry_upsert(
            actor=context.user, person=person, group=group, entered_on=entered_on,
            details=RegisterDetails(**details), organisation=context.user.org_unit, source=DataSource.IMPORT,
        )  # fmt: skip
    else:
        outcome = Outcome(updated=True)
    register_entry_exit(actor=context.user, entry=closed, exited_on=row["exited_on"], reason=row["exit_reason"])
    return Outcome(created=outcome.created, updated=not outcome.created)


def _status_set(context: ImportContext, person: Person, status: str | None, effective_on: datetime.date) -> bool:
    """An older row does not undo a newer status change: a status dated before the person's current one is kept
    out."""
    if not status or (person.employment_status_since and effective_on < person.employment_status_since):
        return False
    return person_set_employment_status(
        actor=context.user, person=person, status=status, effective_on=effective_on, note=_("批量导入")
    )

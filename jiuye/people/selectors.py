"""Reads of persons, registers and services, for the web pages, the exports and the API.

Every query starts from `visible_to(user)`. Lists are computed in SQL (annotations, subqueries) so that a page of
fifty rows costs the same few queries as a page of five, whatever the size of the province.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.db.models import (
    Count,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Replace
from django.http import Http404
from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.people import crypto
from jiuye.people.models import (
    EmploymentStatusChange,
    Household,
    Person,
    RegisterEntry,
    Service,
    ZeroEmploymentEpisode,
)
from jiuye.people.names import name_key
from jiuye.people.ric import RicError, normalise_ric
from jiuye.people.standard import GraduateProgress, graduate_progress, with_graduate_standard
from jiuye.reference.enums import KeyGroup


def person_search(*, user: User, query: str = "") -> QuerySet[Person]:
    """People whose name holds the query, whose phone holds it, or whose resident ID number is it.

    - A name matches with or without spaces, in half- or full-width letters (`王 晋生`, `王晋生`, `ＷＡＮＧ`): both
      sides are compared as `jiuye.people.names.name_key`, the stored side in `Person.name_search`.
    - A phone matches on any 4 or more of its digits in a row (`5678`, `139 1234`, `0351-765`), hyphens aside.
    - A resident ID number matches whole, through the keyed hash (15-digit legacy numbers too).
    A query that is no valid number is no error."""
    people = Person.objects.visible_to(user).select_related("residence_region")
    query = query.strip()
    if not query:
        return people
    condition = Q(pk__in=[])
    key = name_key(query)
    if key and not key.isdigit():
        condition |= Q(name_search__contains=key)
    digits = _phone_digits(query)
    if digits:
        people = people.alias(phone_digits=Replace("phone", Value("-"), Value("")))
        condition |= Q(phone_digits__contains=digits)
    ric_hash = _ric_hash(query)
    if ric_hash is not None:
        condition |= Q(ric_hash=ric_hash)
    return people.filter(condition)


PHONE_PART = re.compile(r"^\+?[\d\s-]+$")
SHORTEST_PHONE_PART = 4


def _phone_digits(query: str) -> str:
    """The digits of a query that reads as (part of) a phone number, 4 or more of them (full-width digits and a
    leading +86 allowed); else ''."""
    query = unicodedata.normalize("NFKC", query).strip()
    if not PHONE_PART.match(query):
        return ""
    digits = re.sub(r"\D", "", query.removeprefix("+86"))
    return digits if len(digits) >= SHORTEST_PHONE_PART else ""


LONGEST_PK = 10  # digits; a longer run of digits is a phone (11) or a resident ID number (15, 18)


def person_lookup(*, user: User, value: str) -> QuerySet:
    """The ids of the people one typed value names, within the user's region: a person id (as in the card's
    address), a masked number as shown (`140105********0012`), or what the person search finds (name, phone, whole
    number). For the audit log's person filter."""
    people = Person.objects.visible_to(user)
    value = value.strip()
    if value.isdigit() and len(value) <= LONGEST_PK:
        people = people.filter(pk=int(value))
    elif "*" in value:
        people = people.filter(ric_masked=value.upper())
    else:
        people = person_search(user=user, query=value)
    return people.values("pk")


def _ric_hash(query: str) -> str | None:
    """The keyed hash of the query when it reads as a resident ID number (15 or 18 characters), else None."""
    compact = query.replace(" ", "")
    if len(compact) not in (15, 18) or not compact[:15].isdigit():
        return None
    try:
        return crypto.keyed_hash(normalise_ric(compact))
    except RicError:
        return None


def register_entries(
    *, user: User, group: KeyGroup | str, include_exited: bool = False, query: str = "", region_code: str = ""
) -> QuerySet[RegisterEntry]:
    """The entries of one key-group register (open ones unless told), oldest entry first; graduates come with their
    "1131" counts annotated. `region_code` narrows the scope, never widens it."""
    entries = (
        RegisterEntry.objects.visible_to(user)
        .filter(group=group)
        .select_related("person__residence_region", "organisation")
        .order_by("entered_on", "pk")
    )
    if region_code:
        entries = entries.in_region(region_code)
    if not include_exited:
        entries = entries.filter(exited_on__isnull=True)
    if query.strip():
        entries = entries.filter(person__in=person_search(user=user, query=query))
    if group == KeyGroup.UNPLACED_GRADUATE:
        entries = with_graduate_standard(entries)
    return entries


def register_counts(*, user: User) -> dict[str, int]:
    """Open entries per key group, every group present (zero when empty), in one query."""
    rows = (
        RegisterEntry.objects.visible_to(user)
        .filter(exited_on__isnull=True)
        .values("group")
        .annotate(total=Count("pk"))
        .order_by()
    )
    counts = {group.value: 0 for group in KeyGroup}
    counts.update({row["group"]: row["total"] for row in rows})
    return counts


@dataclass(frozen=True)
class TimelineEvent:
    on: datetime.date
    kind: str  # status, service, register_entry, register_exit
    title: str
    detail: str = ""


@dataclass(frozen=True)
class EntryCard:
    entry: RegisterEntry
    progress: GraduateProgress | None


@dataclass(frozen=True)
class PersonCard:
    person: Person
    entries: list[EntryCard]
    services: list[Service]
    status_changes: list[EmploymentStatusChange]
    household: Household | None
    household_members: list[Person]
    zero_employment_episodes: list[ZeroEmploymentEpisode]
    timeline: list[TimelineEvent]


def person_get(*, user: User, pk: int) -> Person:
    """The one way a page or the API fetches a person: Http404, with the reason in Chinese, when there is no such
    person or they live outside the user's region (the two are not told apart)."""
    person = (
        Person.objects.visible_to(user)
        .select_related("residence_region", "household_region", "household__region")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404(_("该人员不存在或不在您的管辖范围内。"))
    return person


def person_card(*, user: User, pk: int) -> PersonCard:
    """Everything about one person on one page, in a fixed number of queries; Http404 outside the user's region."""
    person = person_get(user=user, pk=pk)
    services = list(person.services.select_related("provider", "caseworker").order_by("-provided_on", "-pk"))
    entries = list(person.register_entries.select_related("organisation").order_by("-entered_on", "-pk"))
    changes = list(person.status_changes.select_related("recorded_by").order_by("-effective_on", "-pk"))
    household = person.household
    members, episodes = [], []
    if household is not None:
        members = list(household.members.select_related("residence_region").order_by("pk"))
        episodes = list(household.zero_employment_episodes.order_by("-started_on", "-pk"))
    cards = [
        EntryCard(entry, graduate_progress(entry=entry, services=services) if _is_graduate(entry) else None)
        for entry in entries
    ]
    return PersonCard(
        person=person, entries=cards, services=services, status_changes=changes, household=household,
        household_members=members, zero_employment_episodes=episodes,
        timeline=person_timeline(services=services, entries=entries, status_changes=changes),
    )  # fmt: skip


def _is_graduate(entry: RegisterEntry) -> bool:
    return entry.group == KeyGroup.UNPLACED_GRADUATE


def person_timeline(
    *, services: list[Service], entries: list[RegisterEntry], status_changes: list[EmploymentStatusChange]
) -> list[TimelineEvent]:
    """Status changes, services, register entries and exits merged, newest first."""
    events = [TimelineEvent(c.effective_on, "status", c.get_status_display(), c.note) for c in status_changes]
    events += [
        TimelineEvent(s.provided_on, "service", s.get_kind_display(), s.description or str(s.provider))
        for s in services
    ]
    for entry in entries:
        group = entry.get_group_display()
        events.append(TimelineEvent(entry.entered_on, "register_entry", _("登记：%(group)s") % {"group": group}))
        if entry.exited_on:
            title = _("退出：%(group)s") % {"group": group}
            events.append(TimelineEvent(entry.exited_on, "register_exit", title, entry.get_exit_reason_display()))
    return sorted(events, key=lambda event: event.on, reverse=True)

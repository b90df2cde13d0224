"""The engine's input tables built from the database, and the way back from engine rows to record ids.

A table is built from a queryset the caller has already narrowed (active registrations, vacancies open today, the
registrations a user may see...), in a fixed number of queries whatever its size: one for the records, one per
many-to-many (desired occupations, accepted places) and one for the key-group register entries. Rows are ordered
by primary key, so ``row_of`` maps ids to rows by binary search.

Places: the engine knows counties and cities; a person living in a street or community (9 or 12 digits) is placed
in its county, and a record in an unknown place is dropped from the table (it cannot be located, so it cannot be
matched) rather than guessed.
"""

import datetime
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max, Q, QuerySet

from jiuye.employers.enums import VacancyStatus
from jiuye.employers.models import Vacancy
from jiuye.matching.config import MatchConfig
from jiuye.matching.features import Seekers, Vacancies
from jiuye.matching.geo import Places, load_places
from jiuye.matching.index import VacancyIndex
from jiuye.matching.text import split_skills
from jiuye.people.models import RegisterEntry
from jiuye.seekers.enums import SeekerStatus
from jiuye.seekers.models import SeekerRegistration

SEEKER_FIELDS = (
    "pk", "person_id", "person__residence_region_id", "person__education_level", "desired_titles", "skills",
    "experience_years", "expected_wage", "commute_km", "registered_on", "expires_on",
)  # fmt: skip
VACANCY_FIELDS = (
    "pk", "title", "skills", "region_id", "longitude", "latitude", "wage_min", "wage_max", "education",
    "experience_years", "occupation_id", "valid_from", "valid_until", "status",
)  # fmt: skip


def active_registrations(today: datetime.date) -> QuerySet[SeekerRegistration]:
    """Registrations the matcher considers: active and not past their validity (expiry runs nightly)."""
    return SeekerRegistration.objects.filter(status=SeekerStatus.ACTIVE, expires_on__gte=today)


def open_vacancies(today: datetime.date) -> QuerySet[Vacancy]:
    return Vacancy.objects.open_on(today)


def place_code(code: str, places: Places) -> str | None:
    """The county (or city) of a region code as the engine knows it: 140105001 -> 140105; None when unknown."""
    for length in (6, 4):
        if code[:length] in places.index:
            return code[:length]
    return None


def _floats(values) -> np.ndarray:
    return np.array([np.nan if value is None else float(value) for value in values], dtype=np.float64)


@dataclass
class Table:
    """Engine rows and, per row, the record id and its full region code (for scoping and stored rows)."""

    ids: np.ndarray
    region_codes: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    def row_of(self, ids) -> np.ndarray:
        """Rows of record ids (-1 for ids not in the table)."""
        ids = np.asarray(ids, dtype=np.int64)
        position = np.minimum(np.searchsorted(self.ids, ids), max(len(self.ids) - 1, 0))
        found = self.ids[position] == ids if len(self.ids) else np.zeros(len(ids), bool)
        return np.where(found, position, -1)

    def in_region(self, prefix: str) -> np.ndarray:
        """Boolean mask of the rows whose region code starts with ``prefix`` (the region scope)."""
        return np.char.startswith(self.region_codes.astype(str), prefix) if len(self) else np.zeros(0, bool)


@dataclass
class SeekerTable(Table):
    seekers: Seekers
    person_ids: np.ndarray
    registered_on: np.ndarray  # datetime64[D], with expires_on: the days the registration was valid
    expires_on: np.ndarray


@dataclass
class VacancyTable(Table):
    vacancies: Vacancies


def _many(through, owner: str, target: str, owners: QuerySet) -> dict[int, list]:
    """{owner id: [target ids in insertion order]} of a many-to-many, in one query (owners as a subquery)."""
    result: dict[int, list] = {}
    rows = through.objects.filter(**{f"{owner}__in": owners.values("pk")}).order_by("pk")
    for owner_id, target_id in rows.values_list(f"{owner}_id", f"{target}_id"):
        result.setdefault(owner_id, []).append(target_id)
    return result


def key_groups_by_person(persons: QuerySet, day_of: Callable[[int], datetime.date]) -> dict[int, list[str]]:
    """{person id: key groups whose register entry is open on the person's day} in one query."""
    groups: dict[int, list[str]] = {}
    entries = RegisterEntry.objects.filter(person_id__in=persons).values_list(
        "person_id", "group", "entered_on", "exited_on"
    )
    for person, group, entered, exited in entries:
        day = day_of(person)
        if entered <= day and (exited is None or exited > day):
            groups.setdefault(person, []).append(group)
    return groups


def seeker_table(
    registrations: QuerySet[SeekerRegistration],
    today: datetime.date,
    *,
    day_of: Callable[[int], datetime.date] | None = None,
    places: Places | None = None,
) -> SeekerTable:
    """The seekers of ``registrations`` (key groups as on ``today``, or on ``day_of(person id)``)."""
    places = places or load_places()
    registrations = registrations.order_by("pk")
    rows = [row for row in registrations.values_list(*SEEKER_FIELDS) if place_code(row[2], places)]
    through = SeekerRegistration.desired_occupations.through
    occupations = _many(through, "seekerregistration", "occupation", registrations)
    accepted = _many(SeekerRegistration.accepted_regions.through, "seekerregistration", "region", registrations)
    groups = key_groups_by_person(registrations.values("person_id"), day_of or (lambda _person: today))
    titles = [_first_title(row[4]) for row in rows]
    codes = [(occupations.get(row[0]) or [""])[0] for row in rows]
    seekers = Seekers.build(
        ids=np.array([row[0] for row in rows], dtype=np.int64),
        titles=titles,
        skills=[split_skills(row[5]) for row in rows],
        region_codes=[place_code(row[2], places) for row in rows],
        expected_wage=_floats(row[7] for row in rows),
        education=[row[3] or None for row in rows],
        experience_years=_floats(row[6] for row in rows),
        occupation_codes=codes,
        key_groups=[groups.get(row[1], []) for row in rows],
        accepted_regions=[accepted.get(row[0], []) for row in rows],
        commute_radius_km=_floats(row[8] for row in rows),
        places=places,
    )
    return SeekerTable(
        ids=seekers.ids,
        region_codes=np.array([row[2] for row in rows], dtype=object),
        seekers=seekers,
        person_ids=np.array([row[1] for row in rows], dtype=np.int64),
        registered_on=np.array([row[9] for row in rows], dtype="datetime64[D]"),
        expires_on=np.array([row[10] for row in rows], dtype="datetime64[D]"),
    )


def _first_title(titles: str) -> str:
    """The first of the titles a seeker wants ("电焊工、焊工" -> "电焊工"): the engine compares one title."""
    words = split_skills(titles)
    return words[0] if words else ""


def vacancy_table(
    vacancies: QuerySet[Vacancy], *, is_open: Callable[[tuple], bool] | None = None, places: Places | None = None
) -> VacancyTable:
    """The vacancies of ``vacancies``; ``is_open(row)`` overrides "status is open" (the evaluation asks whether a
    vacancy was open on a past day)."""
    places = places or load_places()
    rows = [row for row in vacancies.order_by("pk").values_list(*VACANCY_FIELDS) if place_code(row[3], places)]
    is_open = is_open or (lambda row: row[13] == VacancyStatus.OPEN)
    table = Vacancies.build(
        ids=np.array([row[0] for row in rows], dtype=np.int64),
        titles=[row[1] for row in rows],
        skills=[split_skills(row[2]) for row in rows],
        region_codes=[place_code(row[3], places) for row in rows],
        longitude=_floats(row[4] for row in rows),
        latitude=_floats(row[5] for row in rows),
        wage_min=_floats(row[6] for row in rows),
        wage_max=_floats(row[7] for row in rows),
        education=[row[8] or None for row in rows],
        experience_years=_floats(row[9] for row in rows),
        occupation_codes=[row[10] for row in rows],
        posted=np.array([row[11] for row in rows], dtype="datetime64[D]"),
        valid_until=np.array([row[12] for row in rows], dtype="datetime64[D]"),
        is_open=np.array([is_open(row) for row in rows], dtype=bool),
        places=places,
    )
    return VacancyTable(ids=table.ids, region_codes=np.array([row[3] for row in rows], dtype=object), vacancies=table)


def registrations_in_window(first: datetime.date, last: datetime.date) -> Q:
    """Registrations valid at some day between ``first`` and ``last`` (whatever their status now)."""
    return Q(registered_on__lte=last, expires_on__gte=first)


# The live pages' process-level cache: the vacancy index (`jiuye.matching.index.VacancyIndex`) and the seeker table,
# checked against the database on every use.
#
# Why a version check rather than post_save/post_delete signals: signals fire only in the process that saved, so
# with several web workers the others would keep a stale index; and they do not fire for bulk_create/update() (the
# imports, the demo, `vacancies_expire`). The check is one aggregate query (count, highest id, latest update of the
# open vacancies). When it changed, the index is *updated*, not rebuilt: vacancies updated since the last check are
# re-added (the index replaces a held id), and ids no longer open are removed, which also catches a vacancy closed
# by update() without touching `updated_at`. A new day, or new matching rules, rebuilds it (validity and freshness
# are fixed at build). The seeker table (for "推荐人选") is rebuilt on a change: reading it is a few queries.
_CACHE: dict[str, object] = {}
_LOCK = threading.Lock()


def _version(queryset: QuerySet, *fields: str) -> tuple:
    aggregates = {"count": Count("pk"), "top": Max("pk")} | {field: Max(field) for field in fields}
    return tuple(queryset.aggregate(**aggregates).values())


@dataclass
class LiveVacancies:
    """The index of the vacancies open on ``today`` and what it was built from."""

    index: VacancyIndex
    today: datetime.date
    config: MatchConfig
    version: tuple
    ids: set[int]


def cached_vacancy_index(today: datetime.date, config: MatchConfig) -> LiveVacancies:
    """The vacancies open on ``today`` as an index, brought up to date with the database."""
    vacancies = open_vacancies(today)
    version = _version(vacancies, "updated_at")
    with _LOCK:
        live = _CACHE.get("vacancies")
        if live is None or live.today != today or live.config != config:
            table = vacancy_table(vacancies)
            index = VacancyIndex(table.vacancies, config, today)
            live = _CACHE["vacancies"] = LiveVacancies(index, today, config, version, set(table.ids.tolist()))
        elif live.version != version:
            _update(live, vacancies, version)
        return live


def _update(live: LiveVacancies, vacancies: QuerySet[Vacancy], version: tuple) -> None:
    current = set(vacancies.values_list("pk", flat=True))
    for pk in live.ids - current:
        live.index.remove(str(pk))
    since = live.version[2]
    changed = vacancies.filter(Q(pk__in=current - live.ids) | Q(updated_at__gte=since) if since else Q())
    table = vacancy_table(changed)
    if len(table):
        live.index.add(table.vacancies)
    live.ids, live.version = current, version


def cached_seeker_table(today: datetime.date) -> SeekerTable:
    """The active seekers on ``today``, rebuilt when a registration, its person or a register entry changed."""
    registrations = active_registrations(today)
    entries = RegisterEntry.objects.filter(person__seeker_registrations__in=registrations)
    key = (today, _version(registrations, "updated_at", "person__updated_at"), _version(entries, "updated_at"))
    with _LOCK:
        cached = _CACHE.get("seekers")
        if cached is None or cached[0] != key:
            cached = _CACHE["seekers"] = (key, seeker_table(registrations, today))
        return cached[1]


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()

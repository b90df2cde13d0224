"""Demo entries of the key-group registers (see the package docstring for the proportions)."""

import datetime

import numpy as np

from jiuye.demo.registry import DemoContext, register
from jiuye.people.demo import normalised_shares
from jiuye.people.demo_parts.common import (
    CHUNK,
    DEMO,
    DISABILITY_KINDS,
    EMPLOYED,
    LOW_EDUCATION,
    MAJORS,
    NOW,
    OUTSIDE,
    REGISTRATION_NOTE,
    SCHOOLS,
    UNEMPLOYED,
    YEAR,
    People,
    _ago,
    _county_offices,
    _maybe_on,
    _on,
    _people_chunks,
)
from jiuye.people.enums import (
    HardToEmployCategory,
    Sex,
    UnemploymentExitReason,
)
from jiuye.people.models import (
    EmploymentStatusChange,
    RegisterEntry,
    ZeroEmploymentEpisode,
)
from jiuye.reference.enums import KeyGroup, RegionLevel
from jiuye.reference.models import Region

GRADUATE_SHARE = 0.35
POVERTY_SHARE = 0.09
TRANSFER_SHARE = 0.7
HARD_TO_EMPLOY_SHARES = {
    HardToEmployCategory.DISABLED: 0.7,
    HardToEmployCategory.POVERTY_ALLEVIATED: 0.5,
    HardToEmployCategory.LONG_TERM_UNEMPLOYED: 0.6,
    HardToEmployCategory.OLDER_WORKER: 0.4,
    HardToEmployCategory.LOW_INCOME: 0.1,
    HardToEmployCategory.LAND_LOST: 0.1,
    HardToEmployCategory.OTHER: 0.05,
}
PLACED_CATEGORIES = [
    HardToEmployCategory.DISABLED, HardToEmployCategory.POVERTY_ALLEVIATED, HardToEmployCategory.OLDER_WORKER,
]  # fmt: skip


class Ledger:
    """The register entries, and status rows, of one chunk of people, written together."""

    def __init__(self, people: People, offices: dict[str, int], kinds: dict[str, str]):
        self.people, self.offices = people, offices
        # 区 (district, urban), 县 (county, rural) or 市 (county-level city) of where people live and are registered.
        self.county_kind = np.array([kinds.get(code, "") for code in people.county], dtype=object)
        self.origin_kind = np.array([kinds.get(code, "") for code in people.origin], dtype=object)
        self.entries: list[RegisterEntry] = []
        self.changes: list[EmploymentStatusChange] = []

    def add(self, i: int, group: KeyGroup, entered: int, exited: int = -1, reason: str = "", **details) -> None:
        self.entries.append(
            RegisterEntry(
                person_id=int(self.people.pk[i]), group=group, entered_on=_on(entered), exited_on=_maybe_on(exited),
                exit_reason=reason, organisation_id=self.offices.get(self.people.county[i]), source=DEMO, **details,
            )
        )  # fmt: skip

    def add_all(self, mask: np.ndarray, group: KeyGroup, entered: np.ndarray) -> None:
        for i in np.flatnonzero(mask):
            self.add(i, group, entered[i])


def reset_registers() -> None:
    RegisterEntry.objects.filter(source=DEMO).delete()
    EmploymentStatusChange.objects.filter(person__source=DEMO, note=REGISTRATION_NOTE).delete()


@register("registers", order=50, reset=reset_registers)
def generate_registers(context: DemoContext) -> int:
    rng = context.rng("registers")
    offices = _county_offices()
    counties = Region.objects.filter(level=RegionLevel.COUNTY).values_list("code", "name")
    kinds = {code: name[-1] for code, name in counties}
    episodes = {
        household: (_ago(started), _ago(cleared) if cleared else -1)
        for household, started, cleared in ZeroEmploymentEpisode.objects.filter(household__members__source=DEMO)
        .distinct()
        .values_list("household_id", "started_on", "cleared_on")
    }
    rows = 0
    for people in _people_chunks():
        ledger = Ledger(people, offices, kinds)
        disabled = _disabled_people(rng, ledger)
        poor = _poverty_veterans_and_transfer_workers(rng, ledger)
        graduates = _unplaced_graduates(rng, ledger)
        _urban_youth(rng, ledger, graduates)
        _registered_unemployed(rng, ledger)
        _zero_employment_members(rng, ledger, episodes)
        _hard_to_employ(rng, ledger, disabled, poor, episodes)
        RegisterEntry.objects.bulk_create(ledger.entries, batch_size=CHUNK)
        EmploymentStatusChange.objects.bulk_create(ledger.changes, batch_size=CHUNK)
        rows += len(ledger.entries) + len(ledger.changes)
    return rows


def _disabled_people(rng: np.random.Generator, ledger: Ledger) -> np.ndarray:
    """Category and grade as on the disability certificate (残疾人证), e.g. 肢体三级; milder for those able to
    work."""
    people, count = ledger.people, len(ledger.people.pk)
    chosen = people.working & (rng.random(count) < np.where(people.able, 0.01, 0.3))
    kinds = rng.choice(list(DISABILITY_KINDS), size=count, p=normalised_shares(DISABILITY_KINDS))
    mild = rng.random(count) < np.where(people.able, 0.8, 0.3)
    grades = np.where(mild, rng.choice(["三级", "四级"], size=count), rng.choice(["一级", "二级"], size=count))
    entered = rng.integers(30, 8 * YEAR, size=count)
    for i in np.flatnonzero(chosen):
        ledger.add(i, KeyGroup.DISABLED_PERSON, entered[i], disability=f"{kinds[i]}{grades[i]}")
    return chosen


def _poverty_veterans_and_transfer_workers(rng: np.random.Generator, ledger: Ledger) -> np.ndarray:
    people, count = ledger.people, len(ledger.people.pk)
    low = people.working & np.isin(people.education, LOW_EDUCATION)
    poor = low & (ledger.origin_kind == "县") & (rng.random(count) < POVERTY_SHARE)
    ledger.add_all(poor, KeyGroup.POVERTY_ALLEVIATED, rng.integers(2 * YEAR, 6 * YEAR, size=count))
    veteran_share = np.where(people.sex == Sex.MALE, 0.03, 0.002)
    veterans = people.working & (people.age >= 22) & (rng.random(count) < veteran_share)
    ledger.add_all(veterans, KeyGroup.VETERAN, rng.integers(30, 5 * YEAR, size=count))
    rural = low & np.isin(ledger.origin_kind, ["县", "市"]) & (people.age >= 18) & (people.status != OUTSIDE)
    rural &= rng.random(count) < TRANSFER_SHARE
    entered = rng.integers(30, 6 * YEAR, size=count)
    ledger.add_all(rural & (people.origin != people.county), KeyGroup.MIGRANT_WORKER, entered)
    ledger.add_all(rural & (people.origin == people.county), KeyGroup.RURAL_TRANSFER_WORKER, entered)
    return poor


def _unplaced_graduates(rng: np.random.Generator, ledger: Ledger) -> np.ndarray:
    """The last two cohorts that have left school (30 June) by NOW, entered in July to September."""
    people, count = ledger.people, len(ledger.people.pk)
    latest = NOW.year if datetime.date(NOW.year, 7, 1) <= NOW else NOW.year - 1
    years = np.where(rng.random(count) < 0.6, latest, latest - 1)
    summer = rng.integers(0, 92, size=count)
    entered = np.array([max(_ago(datetime.date(y, 7, 1)) - d, 0) for y, d in zip(years, summer, strict=True)])
    left, stay, picks = rng.random(count) < 0.1, rng.integers(30, 300, size=count), rng.random((count, 2))
    employed = people.status == EMPLOYED
    chosen = (people.age >= 21) & (people.age <= 25) & np.isin(people.education, list(SCHOOLS))
    # Those who had a job before leaving school were never unplaced.
    chosen &= (rng.random(count) < GRADUATE_SHARE) & (~employed | ((people.since >= 0) & (people.since < entered)))
    for i in np.flatnonzero(chosen):
        exited, reason = (people.since[i], UnemploymentExitReason.EMPLOYED) if employed[i] else (-1, "")
        if not employed[i] and left[i] and entered[i] >= stay[i]:
            exited = entered[i] - stay[i]
            reason = UnemploymentExitReason.ENROLLED if picks[i, 1] < 0.5 else UnemploymentExitReason.NO_CONTACT
        majors = MAJORS[people.education[i]]
        ledger.add(
            i, KeyGroup.UNPLACED_GRADUATE, entered[i], exited, reason, graduation_date=datetime.date(years[i], 6, 30),
            school=_pick(SCHOOLS[people.education[i]], picks[i, 0]), major=majors[int(picks[i, 1] * len(majors))],
        )  # fmt: skip
    return chosen


def _pick(weights: dict, u: float):
    cumulative = np.cumsum(normalised_shares(weights))
    return list(weights)[min(int(np.searchsorted(cumulative, u)), len(weights) - 1)]


def _urban_youth(rng: np.random.Generator, ledger: Ledger, graduates: np.ndarray) -> None:
    people, count = ledger.people, len(ledger.people.pk)
    u, delay, recent = rng.random(count), rng.integers(0, 31, size=count), rng.integers(0, YEAR, size=count)
    young = (people.age <= 24) & (ledger.county_kind == "区") & ~graduates
    unemployed = young & (people.status == UNEMPLOYED) & (u < 0.8)
    leavers = young & (people.status == OUTSIDE) & np.isin(people.education, LOW_EDUCATION) & (u < 0.1)
    entered = np.where(unemployed, np.maximum(people.since - delay, 0), recent)
    ledger.add_all(unemployed | leavers, KeyGroup.URBAN_YOUTH, entered)


def _registered_unemployed(rng: np.random.Generator, ledger: Ledger) -> None:
    """Open entries of the unemployed; exits of people who found work in the last year, and of a few others."""
    people, count = ledger.people, len(ledger.people.pk)
    u, delay, before = rng.random(count), rng.integers(0, 31, size=count), rng.integers(30, 300, size=count)
    gone, stay = rng.integers(60, 2 * YEAR, size=count), rng.integers(30, YEAR, size=count)
    reasons = rng.choice(
        [UnemploymentExitReason.NO_CONTACT, UnemploymentExitReason.MOVED, UnemploymentExitReason.OTHER],
        size=count, p=[0.55, 0.3, 0.15],
    )  # fmt: skip
    group = KeyGroup.UNEMPLOYMENT_REGISTRATION
    for i in np.flatnonzero(people.working & (people.status == UNEMPLOYED) & (u < 0.6)):
        ledger.add(i, group, max(people.since[i] - delay[i], 0))
    found = people.working & (people.status == EMPLOYED) & (people.since >= 0) & (people.since < YEAR) & (u < 0.12)
    for i in np.flatnonzero(found):
        ledger.add(i, group, people.since[i] + before[i], people.since[i], UnemploymentExitReason.EMPLOYED)
        registered = people.since[i] + before[i] + delay[i]
        ledger.changes.append(
            EmploymentStatusChange(
                person_id=int(people.pk[i]), status=UNEMPLOYED, effective_on=_on(registered), note=REGISTRATION_NOTE
            )
        )
    for i in np.flatnonzero(people.working & (people.status == OUTSIDE) & (u < 0.02)):
        reason = UnemploymentExitReason.ENROLLED if people.age[i] < 25 else str(reasons[i])
        ledger.add(i, group, gone[i], max(gone[i] - stay[i], 0), reason)


def _zero_employment_members(rng: np.random.Generator, ledger: Ledger, episodes: dict) -> None:
    """Working-age members able to work of zero-employment households; all leave the register when it is cleared."""
    people = ledger.people
    delay = rng.integers(0, 16, size=len(people.pk))
    for i in np.flatnonzero(people.working & people.able & (people.household > 0)):
        started, cleared = episodes.get(int(people.household[i]), (-1, -1))
        if started < 0:
            continue
        entered = max(started - delay[i], cleared, 0)
        if cleared < 0:
            ledger.add(i, KeyGroup.ZERO_EMPLOYMENT_HOUSEHOLD, entered)
        elif people.status[i] == EMPLOYED and people.since[i] == cleared:
            ledger.add(i, KeyGroup.ZERO_EMPLOYMENT_HOUSEHOLD, entered, cleared, UnemploymentExitReason.EMPLOYED)
        else:
            ledger.add(
                i, KeyGroup.ZERO_EMPLOYMENT_HOUSEHOLD, entered, cleared, UnemploymentExitReason.OTHER,
                note="家庭已有成员就业，零就业家庭已清零",
            )  # fmt: skip


def _hard_to_employ(
    rng: np.random.Generator, ledger: Ledger, disabled: np.ndarray, poor: np.ndarray, episodes: dict
) -> None:
    """The unemployed of a category (the first that applies), members of zero-employment households, and some
    placed in the last year."""
    people, count = ledger.people, len(ledger.people.pk)
    u, delay, before = rng.random(count), rng.integers(0, 61, size=count), rng.integers(60, 400, size=count)
    others = rng.choice(
        [HardToEmployCategory.LOW_INCOME, HardToEmployCategory.LAND_LOST, HardToEmployCategory.OTHER],
        size=count, p=[0.6, 0.3, 0.1],
    )  # fmt: skip
    older = people.age >= np.where(people.sex == Sex.MALE, 50, 40)
    group, zero = KeyGroup.HARD_TO_EMPLOY, HardToEmployCategory.ZERO_EMPLOYMENT_HOUSEHOLD
    for i in np.flatnonzero(people.working):
        started, cleared = episodes.get(int(people.household[i]), (-1, -1))
        status, since = people.status[i], people.since[i]
        if started >= 0 and cleared < 0 and people.able[i] and status != EMPLOYED:
            ledger.add(i, group, max(started - delay[i] // 4, 0), hard_to_employ_category=zero)
            continue
        if cleared >= 0 and status == EMPLOYED and since == cleared:
            ledger.add(i, group, started, cleared, UnemploymentExitReason.EMPLOYED, hard_to_employ_category=zero)
            continue
        long_term = status == UNEMPLOYED and since >= YEAR
        category = (
            HardToEmployCategory.DISABLED if disabled[i] else HardToEmployCategory.POVERTY_ALLEVIATED if poor[i]
            else HardToEmployCategory.LONG_TERM_UNEMPLOYED if long_term
            else HardToEmployCategory.OLDER_WORKER if older[i] else str(others[i])
        )  # fmt: skip
        if status == UNEMPLOYED and u[i] < HARD_TO_EMPLOY_SHARES[category]:
            entered = max(since - (YEAR if long_term else 0) - delay[i], 0)
            ledger.add(i, group, entered, hard_to_employ_category=category)
        elif status == EMPLOYED and 0 <= since < YEAR and category in PLACED_CATEGORIES and u[i] < 0.1:
            exited = UnemploymentExitReason.EMPLOYED
            ledger.add(i, group, since + before[i], since, exited, hard_to_employ_category=category)

"""Demo households, key-group registers and the services given, built on the demo people (`jiuye.people.demo`).

Three parts after "people": `households` (households, the able-to-work flag, the employment-status history and the
zero-employment episodes), `registers` (entries of the key-group registers) and `services` (a year of services to
the people in them). Each reads the demo people by county or by chunks of ids, writes with bulk_create, and draws
from its own generator, so the parts stay deterministic and independent of each other. Resets delete demo rows only:
those with source=demo, or belonging to demo people.

The demo's "now" is REFERENCE_DATE (`jiuye.demo.registry`): every date is counted back from it, so the rows do not
change with the day the demo is generated, and move together when the reference date moves. The worklists count
from the real today, so a demo looked at months after its reference date shows most people as overdue.

Assumptions, for Shanxi (2020 census and provincial statistics, rounded). Demo people are 16-64 years old; Shanxi
has about 24.5 million residents of those ages, so one demo person at scale 1 stands for about 2,400 of them.
Shares below are of demo people at scale 1 as generated (seed 2022), with what they stand for.
- Households: 90% of people are in one (the rest live in dormitories or barracks, or are not on file), of 1-5 demo
  members drawn as 22/33/25/13/7% (2.2 on average: fewer than the census's 2.5 persons a household, because
  children under 16 and people over 64 are not demo people). A spouse is of the other sex and within 4 years,
  children 20-36 years younger, parents 20-36 years older. 5% of people are not able to work.
- Employment status since: job tenure exponential with mean 6 years (from age 18); unemployment spells exponential
  with mean 8 months, at most 3 years, so about 22% of the unemployed are long-term (over a year).
- Zero-employment households: 1.5% of the households with a working-age member able to work (1.4% of all),
  identified within the last 2 years: far more than the few thousand households Shanxi identifies a year, so that
  the worklist has rows. 65% of those old enough are cleared 20-240 days later by a public-welfare job. Any other
  household whose working-age members able to work are all without work gets one of them employed, so that every
  household the rules call zero-employment has its open episode; this raises the employed share from 62% to 69%.
- Registers (open entries):
  rural transfer workers (working in their home county) 19% and migrant workers (outside it, 外出) 3.4%: 70% of the
  rural people (household registration in a 县 or a county-level city) of working age, 18 or over, with at most
  secondary education and in the labour force; together 5.5 million (Shanxi: about 5.3 million transferred).
  Poverty alleviated 3.3%, 0.8 million: 9% of working-age people registered in a 县 with at most secondary
  education (Shanxi lifted 3.29 million out of poverty, about 0.9 million of working age in work each year).
  Disabled people with a certificate 2.3%, 0.55 million: 30% of those not able to work and 1% of the others, the
  category and grade as on the certificate (肢体三级), milder for those able to work.
  Veterans 1.3%: 3% of working-age men and 0.2% of women from 22.
  Registered unemployed 2.1%, 0.5 million: 60% of the working-age unemployed; as many exited in the last year:
  12% of those employed in the last year (found work), 2% of those outside the labour force (no contact, moved,
  studies).
  Hard-to-employ 1.5%: the unemployed of a category, the first that applies (zero-employment household, disabled,
  poverty alleviated, long-term unemployed, older: women 40+, men 50+; else low income, land lost, other) with a
  share by category, and a few placed in the last year.
  Zero-employment household members 0.5%: the working-age members able to work, until the household is cleared.
  Unplaced graduates 0.3% (0.5% with those exited): 35% of the people aged 21-25 with a college degree who had
  no job before leaving school, of the last two cohorts that left school (30 June) by NOW, entered in July to
  September; with REFERENCE_DATE 2026-06-30 those are 2024 and 2025.
  Urban youth 0.3%: 80% of the unemployed and 10% of the school leavers aged 16-24 living in a district (区).
  About a sixth of the people in a register are in more than one: poverty-alleviated transfer workers, registered
  unemployed who are hard-to-employ, members of zero-employment households who are hard-to-employ...
- Services over the last 12 months: graduates get the "1131" items (policy briefing 90%, career guidance 85%, 3 or
  more referrals 65%, training or internship 60%: about 30% meet the standard); registered unemployed are contacted
  every 25-55 days, 25% of them last more than 60 days ago; 60% of the hard-to-employ were served in the last 30
  days, 28% between 31 and 180 days ago, 12% not at all; placed hard-to-employ people get a social insurance
  subsidy (1,000-3,000 yuan, 60%), public-welfare jobs a quarterly subsidy at Shanxi's minimum wage (1,780-1,980
  yuan a month); the other groups get occasional guidance, referrals, training (with a training subsidy of
  500-2,000 yuan half the time) and briefings. Providers are the county offices (`OrgUnit`s named as the accounts
  demo names them, created where missing and kept on reset, being ordinary offices); the caseworker is the demo
  county user where there is one, 70% of the time.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np
from django.db import connection
from django.db.models import F

from jiuye.accounts.demo import DEMO_EMAIL_DOMAIN, ORG_UNIT_SUFFIX, _place_name
from jiuye.accounts.models import OrgUnit, User
from jiuye.demo.registry import REFERENCE_DATE, DemoContext, register
from jiuye.people.demo import _normalised
from jiuye.people.enums import (
    EmploymentStatus,
    HardToEmployCategory,
    HouseholdRelationship,
    ServiceKind,
    Sex,
    SubsidyKind,
    UnemploymentExitReason,
)
from jiuye.people.models import (
    EmploymentStatusChange,
    Household,
    Person,
    RegisterEntry,
    Service,
    ZeroEmploymentEpisode,
)
from jiuye.people.rules import working_age
from jiuye.reference.enums import DataSource, EducationLevel, KeyGroup, RegionLevel
from jiuye.reference.models import Region

NOW = datetime.date(*REFERENCE_DATE)
CHUNK = 5_000
YEAR = 365
EMPLOYED, UNEMPLOYED = EmploymentStatus.EMPLOYED, EmploymentStatus.UNEMPLOYED
OUTSIDE = EmploymentStatus.OUTSIDE_LABOUR_FORCE
DEMO = DataSource.DEMO

HOUSED_SHARE = 0.90
HOUSEHOLD_SIZES = {1: 0.22, 2: 0.33, 3: 0.25, 4: 0.13, 5: 0.07}
MARRIED_SHARE = 0.85
NOT_ABLE_SHARE = 0.05
ZERO_EMPLOYMENT_SHARE = 0.015
CLEARED_SHARE = 0.65
ADDRESS_PLACES = ["解放路", "建设路", "人民路", "新华街", "文化路", "和平街", "东关村", "西关村", "南街村", "北街村"]

LOW_EDUCATION = [
    EducationLevel.PRIMARY_OR_BELOW, EducationLevel.JUNIOR_SECONDARY, EducationLevel.SENIOR_SECONDARY,
    EducationLevel.VOCATIONAL_SECONDARY,
]  # fmt: skip
REGISTRATION_NOTE = "办理失业登记"
PLACEMENT_NOTE = "经公益性岗位安置实现就业"
DISABILITY_KINDS = {"肢体": 0.5, "视力": 0.15, "听力": 0.15, "言语": 0.02, "智力": 0.08, "精神": 0.08, "多重": 0.02}
# Schools by degree, with rough weights by number of graduates; majors of each.
SCHOOLS = {
    EducationLevel.JUNIOR_COLLEGE: {
        "山西职业技术学院": 3, "山西工程职业学院": 2, "山西机电职业技术学院": 2, "山西省财政税务专科学校": 2,
        "太原城市职业技术学院": 2, "山西药科职业学院": 1, "晋中职业技术学院": 1, "长治职业技术学院": 1,
        "吕梁职业技术学院": 1,
    },
    EducationLevel.BACHELOR: {
        "山西大学": 3, "太原理工大学": 3, "中北大学": 3, "山西财经大学": 2, "山西医科大学": 2, "山西师范大学": 2,
        "太原科技大学": 2, "山西农业大学": 2, "山西大同大学": 2, "太原师范学院": 1, "山西中医药大学": 1,
        "长治学院": 1, "运城学院": 1, "忻州师范学院": 1, "吕梁学院": 1, "晋中学院": 1, "太原工业学院": 1,
    },
    EducationLevel.MASTER: {
        "山西大学": 3, "太原理工大学": 3, "中北大学": 2, "山西财经大学": 2, "山西医科大学": 2, "山西师范大学": 1,
        "太原科技大学": 1, "山西农业大学": 1,
    },
}  # fmt: skip
MAJORS = {
    EducationLevel.JUNIOR_COLLEGE: [
        "会计", "护理", "机电一体化技术", "煤矿开采技术", "计算机应用技术", "电子商务", "学前教育", "建筑工程技术",
        "物流管理",
    ],
    EducationLevel.BACHELOR: [
        "计算机科学与技术", "会计学", "采矿工程", "机械设计制造及其自动化", "电气工程及其自动化", "汉语言文学",
        "英语", "临床医学", "护理学", "土木工程", "化学工程与工艺", "市场营销", "法学", "数学与应用数学",
    ],
}  # fmt: skip
MAJORS[EducationLevel.MASTER] = MAJORS[EducationLevel.BACHELOR]


def _on(ago: int) -> datetime.date:
    return NOW - datetime.timedelta(days=int(ago))


def _ago(day: datetime.date) -> int:
    return (NOW - day).days


def _maybe_on(ago: int) -> datetime.date | None:
    return _on(ago) if ago >= 0 else None


def _age(born: datetime.date) -> int:
    return NOW.year - born.year - ((NOW.month, NOW.day) < (born.month, born.day))


# ------------------------------------------------------------------------------------------------ people columns

PERSON_FIELDS = (
    "pk", "name", "sex", "birth_date", "education_level", "residence_region_id", "household_region_id",
    "employment_status", "employment_status_since", "able_to_work", "household_id",
)  # fmt: skip


@dataclass
class People:
    """Columns of a batch of demo people as numpy arrays, so that register entries are drawn with vector operations;
    dates are in days before NOW (-1 for none)."""

    pk: np.ndarray
    name: list[str]
    sex: np.ndarray
    age: np.ndarray
    education: np.ndarray
    county: np.ndarray
    origin: np.ndarray
    status: np.ndarray
    since: np.ndarray
    able: np.ndarray
    household: np.ndarray

    @classmethod
    def of(cls, rows: list[tuple]) -> "People":
        pk, name, sex, born, education, county, origin, status, since, able, household = zip(*rows, strict=True)
        return cls(
            pk=np.array(pk), name=list(name), sex=np.array(sex, dtype=object),
            age=np.array([_age(day) for day in born]), education=np.array(education, dtype=object),
            county=np.array(county, dtype=object), origin=np.array(origin, dtype=object),
            status=np.array(status, dtype=object), since=np.array([_ago(d) if d else -1 for d in since]),
            able=np.array(able), household=np.array([h or 0 for h in household]),
        )  # fmt: skip

    @cached_property
    def working(self) -> np.ndarray:
        """Of working age by the rules (16 to 60 for men, 55 for women)."""
        bounds = {sex: working_age(sex) for sex in Sex.values}
        low = np.array([bounds[sex][0] for sex in self.sex])
        high = np.array([bounds[sex][1] for sex in self.sex])
        return (low <= self.age) & (self.age < high)


def _people_chunks():
    """Demo people in chunks of ids, never all in memory: a million at scale 100."""
    last = 0
    while rows := list(
        Person.objects.filter(source=DEMO, pk__gt=last).order_by("pk").values_list(*PERSON_FIELDS)[:CHUNK]
    ):
        yield People.of(rows)
        last = rows[-1][0]


def _county_offices() -> dict[str, int]:
    """The county employment office of each county with demo residents, as the accounts demo names it."""
    codes = Person.objects.filter(source=DEMO).values_list("residence_region_id", flat=True).distinct()
    offices = {}
    for county in Region.objects.filter(code__in=codes).select_related("parent").order_by("code"):
        office, _created = OrgUnit.objects.get_or_create(
            region=county,
            name=f"{_place_name(county)}{ORG_UNIT_SUFFIX[RegionLevel.COUNTY]}",
            defaults={"service_level": RegionLevel.COUNTY},
        )
        offices[county.code] = office.pk
    return offices


def _delete_by_ids(model, ids: list[int]) -> None:
    """Delete in chunks, so that Django's deletion collector never holds a million rows."""
    for start in range(0, len(ids), CHUNK):
        model.objects.filter(pk__in=ids[start : start + CHUNK]).delete()


# ---------------------------------------------------------------------------------------------------- households


def reset_households() -> None:
    demo = Person.objects.filter(source=DEMO)
    ours = Household.objects.filter(members__in=demo).exclude(members__in=Person.objects.exclude(source=DEMO))
    ids = sorted(set(ours.values_list("pk", flat=True)))
    EmploymentStatusChange.objects.filter(person__in=demo).delete()
    ZeroEmploymentEpisode.objects.filter(household__in=ours).delete()
    demo.update(household=None, household_relationship="", able_to_work=True, employment_status_since=None)
    _delete_by_ids(Household, ids)


@register("households", order=40, reset=reset_households)
def generate_households(context: DemoContext) -> int:
    rng = context.rng("households")
    rows = 0
    counties = Region.objects.filter(residents__source=DEMO).distinct().order_by("code")
    for county in counties:
        demo_people = Person.objects.filter(source=DEMO, residence_region=county).order_by("pk")
        people = People.of(list(demo_people.values_list(*PERSON_FIELDS)))
        rows += _county_households(rng, county, people)
    return rows


def _county_households(rng: np.random.Generator, county: Region, people: People) -> int:
    count = len(people.pk)
    people.able = rng.random(count) >= NOT_ABLE_SHARE
    tenure = np.minimum(rng.exponential(6 * YEAR, count), np.maximum(people.age - 18, 0) * YEAR)
    spell = np.minimum(rng.exponential(240, count), np.minimum(3 * YEAR, (people.age - 16) * YEAR))
    groups = _group_into_households(rng, people)
    episodes, history = _zero_employment(rng, groups, people)
    drawn = np.where(people.status == EMPLOYED, tenure, np.where(people.status == UNEMPLOYED, spell, -1))
    people.since = np.where(people.since >= 0, people.since, drawn.astype(int))
    numbers = rng.integers(1, 200, size=len(groups))
    places = rng.choice(ADDRESS_PLACES, size=len(groups))
    households = Household.objects.bulk_create(
        [
            Household(region=county, head_name=people.name[members[0][0]], address=f"{county.name}{place}{number}号")
            for members, place, number in zip(groups, places, numbers, strict=True)
        ],
        batch_size=CHUNK,
    )
    _update_people(people, groups, households)
    changes = [
        EmploymentStatusChange(person_id=int(people.pk[i]), status=status, effective_on=_on(ago), note=note)
        for i in range(count)
        if people.status[i] != OUTSIDE
        for status, ago, note in history.get(i, [(people.status[i], people.since[i], "")])
    ]
    EmploymentStatusChange.objects.bulk_create(changes, batch_size=CHUNK)
    ZeroEmploymentEpisode.objects.bulk_create(
        [
            ZeroEmploymentEpisode(household=households[h], started_on=_on(started), cleared_on=_maybe_on(cleared))
            for h, started, cleared in episodes
        ]
    )
    return len(households) + len(changes) + len(episodes)


def _update_people(people: People, groups: list[list[tuple[int, str]]], households: list[Household]) -> None:
    """One UPDATE a person, sent with executemany: `bulk_update` writes a CASE a row and a field, and is ten times
    slower on a million people."""
    placed = {
        i: (household.pk, str(relationship))
        for household, members in zip(households, groups, strict=True)
        for i, relationship in members
    }
    adapt = connection.ops.adapt_datefield_value
    rows = [
        (*placed.get(i, (None, "")), bool(able), str(status), adapt(_maybe_on(since)), int(pk))
        for i, (pk, able, status, since) in enumerate(
            zip(people.pk, people.able, people.status, people.since, strict=True)
        )
    ]
    fields = ["household", "household_relationship", "able_to_work", "employment_status", "employment_status_since"]
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(Person._meta.get_field(name).column)} = %s" for name in fields)
    sql = f"UPDATE {quote(Person._meta.db_table)} SET {columns} WHERE {quote(Person._meta.pk.column)} = %s"  # noqa: S608
    with connection.cursor() as cursor:  # names come from the model, values are parameters
        cursor.executemany(sql, rows)


class AgePools:
    """People not yet in a household by sex and age, to find a spouse, a child or a parent of a plausible age."""

    def __init__(self, people: People, indexes: np.ndarray):
        self.pools: dict[tuple[str, int], list[int]] = {}
        for i in indexes:
            self.pools.setdefault((people.sex[i], int(people.age[i])), []).append(int(i))
        self.used = np.zeros(len(people.pk), dtype=bool)

    def take(self, sexes: list[str], target: int, low: int, high: int) -> int | None:
        """Someone of these sexes aged `low` to `high`, the closest to `target` first."""
        for age in sorted(range(max(low, 16), min(high, 64) + 1), key=lambda a: abs(a - target)):
            for sex in sexes:
                pool = self.pools.get((sex, age), [])
                while pool:
                    i = pool.pop()
                    if not self.used[i]:
                        self.used[i] = True
                        return i
        return None


def _group_into_households(rng: np.random.Generator, people: People) -> list[list[tuple[int, str]]]:
    """Households as lists of (person index, relationship to the head), the head first."""
    count = len(people.pk)
    order = rng.permutation(count)
    housed = rng.random(count) < HOUSED_SHARE
    sizes = rng.choice(list(HOUSEHOLD_SIZES), size=count, p=_normalised(HOUSEHOLD_SIZES))
    married = rng.random(count) < MARRIED_SHARE
    spouse_gap, child_gap = rng.integers(-1, 4, size=count), rng.integers(22, 34, size=count)
    pools = AgePools(people, order[housed[order]])
    groups = []
    for head in order:
        if not housed[head] or pools.used[head] or people.age[head] < 20:
            continue
        pools.used[head] = True
        age, members = int(people.age[head]), [(int(head), HouseholdRelationship.HEAD)]
        if sizes[head] > 1 and married[head]:
            other = Sex.FEMALE if people.sex[head] == Sex.MALE else Sex.MALE
            target = age - spouse_gap[head] if other == Sex.FEMALE else age + spouse_gap[head]
            _add(members, pools.take([other], target, age - 4, age + 4), HouseholdRelationship.SPOUSE)
        for relationship, direction, most in [
            (HouseholdRelationship.CHILD, -1, 3),
            (HouseholdRelationship.PARENT, 1, 2),
        ]:
            target, nearest, farthest = age + direction * child_gap[head], age + direction * 20, age + direction * 36
            low, high = min(nearest, farthest), max(nearest, farthest)
            for _slot in range(most):
                if len(members) >= sizes[head]:
                    break
                if not _add(members, pools.take(list(Sex.values), target, low, high), relationship):
                    break
        groups.append(members)
    return groups


def _add(members: list[tuple[int, str]], person: int | None, relationship: str) -> bool:
    """Add the person found, if anybody fits."""
    if person is not None:
        members.append((person, relationship))
    return person is not None


def _zero_employment(rng: np.random.Generator, groups: list, people: People) -> tuple[list, dict]:
    """Pick the zero-employment households and set their members' status; returns the episodes as (household
    index, started, cleared or -1) and the status history of the members placed in a public-welfare job."""
    count, workers_mask = len(groups), people.working & people.able
    picked = rng.random(count) < ZERO_EMPLOYMENT_SHARE
    started = rng.integers(1, 2 * YEAR, size=count)
    cleared = np.where(rng.random(count) < CLEARED_SHARE, started - rng.integers(20, 240, size=count), -1)
    outside = rng.random(len(people.pk)) < 0.3
    lost_before = rng.integers(0, YEAR, size=len(people.pk))
    episodes, history = [], {}
    for h, members in enumerate(groups):
        workers = [i for i, _relationship in members if workers_mask[i]]
        if not workers:
            continue
        if picked[h]:
            first, *others = workers
            for i in others:
                people.status[i] = OUTSIDE if outside[i] else UNEMPLOYED
                people.since[i] = -1 if outside[i] else started[h] + lost_before[i]
            end = max(int(cleared[h]), -1)
            people.status[first], people.since[first] = (EMPLOYED, end) if end >= 0 else (UNEMPLOYED, started[h])
            if end >= 0:
                history[first] = [(UNEMPLOYED, started[h], ""), (EMPLOYED, end, PLACEMENT_NOTE)]
            episodes.append((h, int(started[h]), end))
        elif not any(people.status[i] == EMPLOYED for i in workers):
            people.status[workers[0]] = EMPLOYED
    return episodes, history


# ----------------------------------------------------------------------------------------------------- registers

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
    kinds = rng.choice(list(DISABILITY_KINDS), size=count, p=_normalised(DISABILITY_KINDS))
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
    cumulative = np.cumsum(_normalised(weights))
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


# ------------------------------------------------------------------------------------------------------ services

CASEWORKER_SHARE = 0.7
OVERDUE_SHARE = 0.25
SERVED_SHARE, LAPSED_SHARE = 0.6, 0.28
REFERRALS_P = [0.08, 0.1, 0.17, 0.3, 0.2, 0.15]  # 0 to 5 job referrals to a graduate: 65% get the 3 of "1131"
MINIMUM_WAGES_YUAN = [1980, 1880, 1780]  # Shanxi's monthly minimum wage classes (2023), paid in public-welfare jobs
DESCRIPTIONS = {
    ServiceKind.POLICY_BRIEFING: ["就业创业政策宣讲", "稳就业政策解读", "高校毕业生就业政策宣讲"],
    ServiceKind.CAREER_GUIDANCE: ["一对一职业指导", "职业生涯规划指导", "求职技巧指导"],
    ServiceKind.JOB_REFERRAL: [
        f"推荐岗位：{job}" for job in ["煤矿安全员", "电工", "仓库管理员", "销售代表", "护工", "快递员", "焊工"]
    ],
    ServiceKind.SKILLS_TRAINING: [
        "吕梁山护工培训",
        "天镇保姆培训",
        "电工培训",
        "焊工培训",
        "中式面点师培训",
        "电子商务培训",
        "育婴员培训",
    ],
    ServiceKind.INTERNSHIP: ["就业见习（企业见习岗位）", "就业见习（事业单位见习岗位）"],
    ServiceKind.STARTUP_SERVICE: ["创业指导", "创业担保贷款申请指导"],
    ServiceKind.PUBLIC_WELFARE_JOB: ["公益性岗位安置"],
    ServiceKind.FOLLOW_UP: ["电话回访", "上门走访"],
}
OCCASIONAL = {
    KeyGroup.VETERAN: [
        (ServiceKind.CAREER_GUIDANCE, 0.3), (ServiceKind.SKILLS_TRAINING, 0.25), (ServiceKind.JOB_REFERRAL, 0.3),
    ],
    KeyGroup.MIGRANT_WORKER: [
        (ServiceKind.SKILLS_TRAINING, 0.12), (ServiceKind.JOB_REFERRAL, 0.15), (ServiceKind.POLICY_BRIEFING, 0.1),
        (ServiceKind.STARTUP_SERVICE, 0.02),
    ],
    KeyGroup.POVERTY_ALLEVIATED: [
        (ServiceKind.SKILLS_TRAINING, 0.2), (ServiceKind.JOB_REFERRAL, 0.3), (ServiceKind.POLICY_BRIEFING, 0.2),
    ],
    KeyGroup.DISABLED_PERSON: [
        (ServiceKind.CAREER_GUIDANCE, 0.3), (ServiceKind.JOB_REFERRAL, 0.25), (ServiceKind.SKILLS_TRAINING, 0.1),
    ],
    KeyGroup.URBAN_YOUTH: [
        (ServiceKind.CAREER_GUIDANCE, 0.5), (ServiceKind.JOB_REFERRAL, 0.5), (ServiceKind.INTERNSHIP, 0.15),
    ],
}  # fmt: skip
OCCASIONAL[KeyGroup.RURAL_TRANSFER_WORKER] = OCCASIONAL[KeyGroup.MIGRANT_WORKER]
HELP_KINDS = [ServiceKind.CAREER_GUIDANCE, ServiceKind.JOB_REFERRAL, ServiceKind.FOLLOW_UP]


class Entry(NamedTuple):
    """What the services of one register entry depend on; dates in days before NOW, -1 for none."""

    person: int
    county: str
    group: str = ""
    entered: int = -1
    exited: int = -1
    category: str = ""
    status: str = ""
    since: int = -1


class ServiceWriter:
    """Services of a chunk of entries, given by the person's county office, written together."""

    def __init__(self, rng: np.random.Generator, offices: dict[str, int], caseworkers: dict[str, int]):
        self.rng, self.offices, self.caseworkers = rng, offices, caseworkers
        self.services: list[Service] = []

    def add(self, entry: Entry, kind: ServiceKind, ago: int, description: str = "") -> Service:
        options = DESCRIPTIONS.get(kind, [""])
        caseworker = self.caseworkers.get(entry.county) if self.rng.random() < CASEWORKER_SHARE else None
        service = Service(
            person_id=entry.person, kind=kind, provided_on=_on(ago), provider_id=self.offices[entry.county[:6]],
            caseworker_id=caseworker, description=description or options[int(self.rng.integers(len(options)))],
            source=DEMO,
        )  # fmt: skip
        self.services.append(service)
        return service

    def subsidy(self, entry: Entry, kind: SubsidyKind, ago: int, low_yuan: int, high_yuan: int = 0) -> None:
        """A subsidy of a random whole ten yuan between the bounds (or exactly `low_yuan`), in fen."""
        yuan = int(self.rng.integers(low_yuan // 10, high_yuan // 10 + 1)) * 10 if high_yuan else low_yuan
        service = self.add(entry, ServiceKind.SUBSIDY, ago, str(SubsidyKind(kind).label))
        service.subsidy_kind, service.amount_fen = kind, yuan * 100

    def between(self, end: int, start: int) -> int:
        return int(self.rng.integers(end, start + 1))

    def series(self, entry: Entry, kinds: list, last: int, start: int, gap: tuple[int, int] = (20, 60)) -> None:
        """Services from `last` days ago back to `start`, one every `gap` days, cycling through `kinds`."""
        ago, step = last, 0
        while ago <= start and step < 12:
            self.add(entry, kinds[step % len(kinds)], ago)
            ago, step = ago + int(self.rng.integers(*gap)), step + 1

    def flush(self) -> int:
        Service.objects.bulk_create(self.services, batch_size=CHUNK)
        count, self.services = len(self.services), []
        return count


def reset_services() -> None:
    ZeroEmploymentEpisode.objects.filter(cleared_by_service__source=DEMO).update(cleared_by_service=None)
    _delete_by_ids(Service, list(Service.objects.filter(source=DEMO).values_list("pk", flat=True)))


@register("services", order=60, reset=reset_services)
def generate_services(context: DemoContext) -> int:
    rng = context.rng("services")
    county_users = User.objects.filter(org_unit__service_level=RegionLevel.COUNTY)
    demo_users = county_users.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    writer = ServiceWriter(rng, _county_offices(), dict(demo_users.values_list("org_unit__region_id", "pk")))
    rows = _clearing_services(writer)
    for entries in _entry_chunks():
        for entry in entries:
            end, start = max(entry.exited, 0), min(entry.entered, YEAR)  # the last 12 months, while in the register
            if end <= start:
                PLANS.get(entry.group, _occasional_services)(writer, entry, end, start)
        rows += writer.flush()
    return rows


def _entry_chunks():
    fields = (
        "pk", "person_id", "person__residence_region_id", "group", "entered_on", "exited_on",
        "hard_to_employ_category", "person__employment_status", "person__employment_status_since",
    )  # fmt: skip
    last = 0
    demo_entries = RegisterEntry.objects.filter(source=DEMO).order_by("pk")
    while rows := list(demo_entries.filter(pk__gt=last).values_list(*fields)[:CHUNK]):
        yield [
            Entry(person, county, group, _ago(entered), _ago(exited) if exited else -1, category, status,
                  _ago(since) if since else -1)
            for _pk, person, county, group, entered, exited, category, status, since in rows
        ]  # fmt: skip
        last = rows[-1][0]


def _clearing_services(writer: ServiceWriter) -> int:
    """The public-welfare job that cleared each cleared zero-employment household, named by its episode."""
    placed = (
        Person.objects.filter(
            source=DEMO, employment_status=EMPLOYED,
            household__zero_employment_episodes__cleared_on=F("employment_status_since"),
            household__zero_employment_episodes__cleared_by_service__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", "residence_region_id", "employment_status_since", "household__zero_employment_episodes")
    )  # fmt: skip
    clearing = []
    for person, county, since, episode in placed:
        entry = Entry(person, county)
        service = writer.add(entry, ServiceKind.PUBLIC_WELFARE_JOB, _ago(since), "公益性岗位安置（零就业家庭清零）")
        clearing.append((episode, service))
        _welfare_job_subsidies(writer, entry, _ago(since))
    rows = writer.flush()
    episodes = [ZeroEmploymentEpisode(pk=episode, cleared_by_service_id=service.pk) for episode, service in clearing]
    ZeroEmploymentEpisode.objects.bulk_update(episodes, ["cleared_by_service"], batch_size=CHUNK)
    return rows


def _welfare_job_subsidies(writer: ServiceWriter, entry: Entry, placed: int) -> None:
    """Quarterly, at the minimum wage, within the last 12 months."""
    monthly = int(writer.rng.choice(MINIMUM_WAGES_YUAN))
    for ago in range(placed - 90, -1, -90):
        if ago <= YEAR:
            writer.subsidy(entry, SubsidyKind.PUBLIC_WELFARE_JOB, ago, 3 * monthly)


def _graduate_services(writer: ServiceWriter, entry: Entry, end: int, start: int) -> None:
    """The "1131" items: a policy briefing soon after entry, guidance, referrals, a training or internship offer."""
    u = writer.rng.random(4)
    if u[0] < 0.9:
        writer.add(entry, ServiceKind.POLICY_BRIEFING, max(start - int(writer.rng.integers(0, 30)), end))
    if u[1] < 0.85:
        writer.add(entry, ServiceKind.CAREER_GUIDANCE, writer.between(end, start))
    for _referral in range(writer.rng.choice(len(REFERRALS_P), p=REFERRALS_P)):
        writer.add(entry, ServiceKind.JOB_REFERRAL, writer.between(end, start))
    if u[2] < 0.6:
        kind = ServiceKind.INTERNSHIP if u[3] < 0.4 else ServiceKind.SKILLS_TRAINING
        writer.add(entry, kind, writer.between(end, start))


def _unemployed_services(writer: ServiceWriter, entry: Entry, end: int, start: int) -> None:
    """Follow-up contacts every 25-55 days; the last one more than 60 days ago for a quarter of the open entries."""
    rng = writer.rng
    if entry.exited < 0:
        last = int(rng.integers(61, 200)) if rng.random() < OVERDUE_SHARE else int(rng.integers(0, 61))
        last = min(last, start)
    else:
        last = end
        if rng.random() < 0.5:
            writer.add(entry, ServiceKind.JOB_REFERRAL, end, "推荐岗位（已入职）")
    writer.series(entry, [ServiceKind.FOLLOW_UP], last, start, gap=(25, 56))
    for kind, share in [
        (ServiceKind.JOB_REFERRAL, 0.5), (ServiceKind.CAREER_GUIDANCE, 0.4), (ServiceKind.SKILLS_TRAINING, 0.15),
    ]:  # fmt: skip
        if rng.random() < share:
            writer.add(entry, kind, writer.between(last, start))


def _hard_to_employ_services(writer: ServiceWriter, entry: Entry, end: int, start: int) -> None:
    """Served in the last 30 days (60%), longer ago (28%) or not at all; once placed, the placement and subsidies."""
    rng = writer.rng
    if entry.exited >= 0:
        zero = entry.category == HardToEmployCategory.ZERO_EMPLOYMENT_HOUSEHOLD  # placed by `_clearing_services`
        welfare = not zero and rng.random() < 0.4
        if not zero:
            writer.add(entry, ServiceKind.PUBLIC_WELFARE_JOB if welfare else ServiceKind.JOB_REFERRAL, end)
        if welfare:
            _welfare_job_subsidies(writer, entry, end)
        if end >= 30 and rng.random() < 0.6:
            writer.subsidy(entry, SubsidyKind.SOCIAL_INSURANCE, end - writer.between(30, min(end, 120)), 1000, 3000)
        return
    draw = rng.random()
    if draw < SERVED_SHARE + LAPSED_SHARE:
        last = int(rng.integers(0, 30)) if draw < SERVED_SHARE else int(rng.integers(31, 181))
        writer.series(entry, HELP_KINDS, min(last, start), start)


def _zero_household_services(writer: ServiceWriter, entry: Entry, end: int, start: int) -> None:
    """Help every two to five weeks while the household is not cleared (动态清零)."""
    if entry.exited < 0:
        writer.series(entry, HELP_KINDS, min(int(writer.rng.integers(0, 30)), start), start, gap=(15, 36))


def _occasional_services(writer: ServiceWriter, entry: Entry, end: int, start: int) -> None:
    """Now and then guidance, a referral, a training (half the time with a training subsidy), a briefing; a few
    poverty-alleviated people placed in rural public-welfare jobs."""
    for kind, share in OCCASIONAL.get(entry.group, []):
        if writer.rng.random() < share:
            ago = writer.between(end, start)
            writer.add(entry, kind, ago)
            if kind == ServiceKind.SKILLS_TRAINING and ago >= 30 and writer.rng.random() < 0.5:
                writer.subsidy(entry, SubsidyKind.TRAINING, ago - 30, 500, 2000)
    poverty = entry.group == KeyGroup.POVERTY_ALLEVIATED and entry.status == EMPLOYED
    if poverty and end <= entry.since <= start and writer.rng.random() < 0.08:
        writer.add(entry, ServiceKind.PUBLIC_WELFARE_JOB, entry.since, "乡村公益性岗位安置")
        _welfare_job_subsidies(writer, entry, entry.since)


PLANS = {
    KeyGroup.UNPLACED_GRADUATE: _graduate_services,
    KeyGroup.UNEMPLOYMENT_REGISTRATION: _unemployed_services,
    KeyGroup.HARD_TO_EMPLOY: _hard_to_employ_services,
    KeyGroup.ZERO_EMPLOYMENT_HOUSEHOLD: _zero_household_services,
}

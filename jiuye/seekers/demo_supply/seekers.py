"""Demo job seekers: who registers, when, and what they ask for (see the package docstring for the proportions)."""

import calendar
import datetime
from dataclasses import dataclass, field

import numpy as np

from jiuye.people.enums import EmploymentStatus, ServiceKind
from jiuye.people.models import Person, RegisterEntry, Service
from jiuye.people.rules import working_age
from jiuye.reference.enums import DataSource, KeyGroup
from jiuye.seekers.demo_supply.catalogue import (
    ASPIRATION_SHARE,
    ASPIRATIONS,
    OCCUPATIONS,
    education_band,
    qualifies,
)
from jiuye.seekers.demo_supply.vacancies import NOW, WINDOW, Places, draw_skills, market_wage, pick, zipf
from jiuye.seekers.enums import SeekerStatus

UNEMPLOYED_SHARE = 0.85  # of the unemployed able to work, registered as seekers
EARLIER_SHARE = 0.25  # of those, with an earlier registration that expired
PLACED_SHARE = 0.55  # of the people who started a job in the window (not a public-welfare job), registered before
RENEWED_SHARE = 0.3
# The validity of a registration (the people rules' seeker_registration.validity_months, kept here so that the
# demo does not change when officials change the rule).
VALIDITY_MONTHS = 6
WITHDRAWN_SHARE = 0.05
SEEKER_GROUPS = [
    KeyGroup.UNPLACED_GRADUATE, KeyGroup.UNEMPLOYMENT_REGISTRATION, KeyGroup.HARD_TO_EMPLOY, KeyGroup.URBAN_YOUTH,
    KeyGroup.RURAL_TRANSFER_WORKER, KeyGroup.MIGRANT_WORKER, KeyGroup.POVERTY_ALLEVIATED, KeyGroup.VETERAN,
    KeyGroup.ZERO_EMPLOYMENT_HOUSEHOLD,
]  # fmt: skip
OUTSIDE_SKILLS = ("驾驶证C1", "办公软件", "普通话", "吃苦耐劳", "电脑操作")
ACCEPTED_MODES = (["county", "city", "commute"], [0.25, 0.45, 0.3])
WHOLE_CITY_SHARE = 0.7  # of the seekers accepting other counties of their city: anywhere in it (市内均可)
# Of the registrations, coded to a neighbouring occupation: coding a typed job wish to a 4-level code is error-prone
# (agreement between coders at the detailed level is typically 70-80%; the title typed is the seeker's own words).
MISCODED_SHARE = 0.2
COMMUTE_KM = ([10, 20, 30, 50, 80], [0.1, 0.25, 0.25, 0.25, 0.15])


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The 6-month validity of a registration: 2026-08-31 + 6 months = 2027-02-28."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def on(ago: int) -> datetime.date:
    return NOW - datetime.timedelta(days=int(ago))


@dataclass
class Seeker:
    """A registration to write, with the person's columns the planting needs."""

    person: int
    county: str
    education: str
    registered_on: datetime.date
    expires_on: datetime.date
    status: str
    renewed_on: datetime.date | None = None
    hired_on: datetime.date | None = None  # the day the person started work, for a placed registration
    true_occupation: str = ""  # what the seeker does and would be hired as (the registration may code it wrongly)
    occupations: list[str] = field(default_factory=list)  # the registration's codes, the first as coded
    titles: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    counties: list[str] = field(default_factory=list)  # accepted counties; empty with a commuting distance
    commute_km: int | None = None
    expected_wage: int = 0
    experience_years: int = 0
    key_groups: list = field(default_factory=list)  # (group, entered_on, exited_on) of the person's register entries
    tastes: object = None  # the latent `hiring.Tastes`, drawn when the seeker is described
    pk: int | None = None

    def accepts(self, county: str, places: Places) -> bool:
        if self.counties:
            return county in self.counties
        return places.km(self.county, county) <= (self.commute_km or 0)

    @property
    def last_day(self) -> datetime.date:
        """The last day the registration was live: hire, expiry, or today."""
        return min(self.hired_on or NOW, self.expires_on, NOW)


def seeker_people(rng: np.random.Generator, target: int) -> list[Seeker]:
    """Registrations of the unemployed, of people placed in the window, then of register members up to `target`."""
    rows = Person.objects.filter(source=DataSource.DEMO, able_to_work=True).order_by("pk").values_list(
        "pk", "residence_region_id", "education_level", "birth_date", "sex", "employment_status",
        "employment_status_since",
    )  # fmt: skip
    welfare = set(Service.objects.filter(kind=ServiceKind.PUBLIC_WELFARE_JOB).values_list("person_id", flat=True))
    registered = set(
        RegisterEntry.objects.filter(group__in=SEEKER_GROUPS, exited_on__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    seekers, others = [], []
    for pk, home, education, born, sex, status, since in rows:
        county = home[:6]  # a resident of a community of the demo district looks for work from its county
        low, high = working_age(sex)
        if not low <= (NOW - born).days // 365 < high:
            continue
        since_ago = (NOW - since).days if since else int(rng.integers(30, WINDOW))
        if status == EmploymentStatus.UNEMPLOYED and rng.random() < UNEMPLOYED_SHARE:
            seekers.extend(_unemployed(rng, pk, county, education, since_ago))
        elif status == EmploymentStatus.EMPLOYED and 20 <= since_ago < WINDOW and pk not in welfare:
            if rng.random() < PLACED_SHARE:
                seekers.append(_placed(rng, pk, county, education, since_ago))
        elif pk in registered:
            others.append((pk, county, education))
    room = max(0, target - len(seekers))
    for i in sorted(rng.choice(len(others), size=min(room, len(others)), replace=False)) if others else []:
        seekers.append(_other(rng, *others[int(i)]))
    entries = RegisterEntry.objects.filter(person_id__in=[s.person for s in seekers]).order_by("pk")
    groups: dict[int, list] = {}
    for person, group, entered, exited in entries.values_list("person_id", "group", "entered_on", "exited_on"):
        groups.setdefault(person, []).append((group, entered, exited))
    for seeker in seekers:
        seeker.key_groups = groups.get(seeker.person, [])
    return seekers


def _unemployed(rng: np.random.Generator, pk: int, county: str, education: str, since_ago: int) -> list[Seeker]:
    ago = int(rng.integers(0, min(since_ago, WINDOW - 1) + 1))
    latest = _registration(rng, pk, county, education, ago, renew=ago > 150)
    earlier_ago = ago + int(rng.integers(190, 400))
    if rng.random() < EARLIER_SHARE and earlier_ago < WINDOW:
        return [_registration(rng, pk, county, education, earlier_ago, renew=False), latest]
    return [latest]


def _placed(rng: np.random.Generator, pk: int, county: str, education: str, since_ago: int) -> Seeker:
    """Registered 2 weeks to 5 months before starting work, so never past the 6-month validity."""
    ago = min(since_ago + int(rng.integers(14, 151)), WINDOW - 1)
    registered = on(ago)
    return Seeker(
        person=pk, county=county, education=education, registered_on=registered,
        expires_on=add_months(registered, VALIDITY_MONTHS), status=SeekerStatus.PLACED, hired_on=on(since_ago),
    )  # fmt: skip


def _other(rng: np.random.Generator, pk: int, county: str, education: str) -> Seeker:
    ago = int(rng.integers(0, WINDOW))
    seeker = _registration(rng, pk, county, education, ago, renew=ago > 150)
    if rng.random() < WITHDRAWN_SHARE:
        seeker.status = SeekerStatus.WITHDRAWN
    return seeker


def _registration(rng: np.random.Generator, pk: int, county: str, education: str, ago: int, renew: bool) -> Seeker:
    """Valid 6 months from registration or from the renewal; active while valid, else expired."""
    registered = on(ago)
    renewed = None
    if renew and rng.random() < RENEWED_SHARE:  # in the 30 days before it would have expired
        renewed = add_months(registered, VALIDITY_MONTHS) - datetime.timedelta(days=int(rng.integers(1, 31)))
        renewed = renewed if renewed <= NOW else None
    expires = add_months(renewed or registered, VALIDITY_MONTHS)
    status = SeekerStatus.ACTIVE if expires >= NOW else SeekerStatus.EXPIRED
    return Seeker(
        person=pk, county=county, education=education, registered_on=registered, renewed_on=renewed,
        expires_on=expires, status=status,
    )  # fmt: skip


# ------------------------------------------------------------------------------------------------- what they ask


def market_occupation(rng: np.random.Generator, seeker: Seeker, market: dict[str, np.ndarray]) -> str:
    """A seeker's "true" occupation: what they aspire to for their schooling, or what their city's employers ask
    and their schooling allows."""
    if rng.random() < ASPIRATION_SHARE or seeker.county[:4] not in market:
        mix = ASPIRATIONS[education_band(seeker.education)]
        codes, weights = list(mix), np.array(list(mix.values()), dtype=float)
    else:
        codes = list(OCCUPATIONS)
        weights = market[seeker.county[:4]] * [1.0 if qualifies(seeker.education, OCCUPATIONS[c].education) else 0.05
                                               for c in codes]  # fmt: skip
    return codes[pick(rng, weights)]


def describe(rng: np.random.Generator, seeker: Seeker, code: str, places: Places, titles: dict) -> None:
    """Fill in what the seeker asks, consistent with their true occupation `code`: a second occupation of the same
    group now and then, its usual titles, skills with noise, accepted places and a wage near the market."""
    group = OCCUPATIONS[code].group
    siblings = [other for other in OCCUPATIONS if OCCUPATIONS[other].group == group and other != code]
    seeker.true_occupation = code
    seeker.occupations = [_coded(rng, code, siblings)]
    others = [other for other in [code, *siblings] if other != seeker.occupations[0]]
    if siblings and rng.random() < 0.4:
        seeker.occupations.append(others[int(rng.integers(len(others)))])
    for occupation in [code, *seeker.occupations[1:]]:
        names, popularity = titles[occupation]
        seeker.titles.append(names[pick(rng, popularity)])
    seeker.skills = draw_skills(rng, code, int(rng.integers(2, 6)))
    if rng.random() < 0.2:
        seeker.skills.append(OUTSIDE_SKILLS[pick(rng, zipf(len(OUTSIDE_SKILLS)))])
    seeker.skills = list(dict.fromkeys(seeker.skills))
    _accepted_places(rng, seeker, places)
    seeker.expected_wage = market_wage(rng, code, seeker.county, spread=0.15)
    seeker.experience_years = int(min(20, rng.geometric(0.3) - 1))


def _coded(rng: np.random.Generator, code: str, siblings: list[str]) -> str:
    """The occupation code the registration gets: the true one, or (`MISCODED_SHARE`) a neighbour the caseworker
    picked instead, of the same medium group (中类) where the catalogue has one, else of the same trade."""
    if rng.random() >= MISCODED_SHARE or not siblings:
        return code
    near = [other for other in siblings if other[:4] == code[:4]] or siblings
    return near[int(rng.integers(len(near)))]


def _accepted_places(rng: np.random.Generator, seeker: Seeker, places: Places) -> None:
    """Own county (25%), other counties of the city (45%: all of them 70% of the time, else 1-3), or any place
    within a commute (30%: 10, 20, 30, 50 or 80 km; 80 km the rarest)."""
    mode = ACCEPTED_MODES[0][pick(rng, ACCEPTED_MODES[1])]
    if mode == "commute":
        seeker.commute_km = COMMUTE_KM[0][pick(rng, COMMUTE_KM[1])]
        return
    seeker.counties = [seeker.county]
    siblings = [c for c in places.counties_of.get(places.city.get(seeker.county, ""), []) if c != seeker.county]
    if mode == "city" and siblings:
        count = len(siblings) if rng.random() < WHOLE_CITY_SHARE else int(rng.integers(1, 4))
        extra = rng.choice(len(siblings), size=min(len(siblings), count), replace=False)
        seeker.counties += [siblings[int(i)] for i in sorted(extra)]

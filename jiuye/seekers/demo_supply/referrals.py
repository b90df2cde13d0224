"""The planted ground truth: referrals of demo seekers to plausible vacancies, some hired, the rest refused, declined
or pending (see the package docstring for the rules)."""

import datetime
from dataclasses import dataclass

import numpy as np

from jiuye.employers.models import Vacancy
from jiuye.reference.enums import DataSource
from jiuye.seekers.demo_supply import hiring
from jiuye.seekers.demo_supply.catalogue import OCCUPATIONS, education_band, qualifies
from jiuye.seekers.demo_supply.seekers import Seeker
from jiuye.seekers.demo_supply.vacancies import NOW, Places, pick
from jiuye.seekers.enums import ReferralOutcome, RefusalReason

REFERRED_SHARE = 0.4  # of the other registrations, with one to three referrals
# Reasons an employer gives; "filled" (岗位已招满) is not drawn: it is the answer of a vacancy filled by its hires
# before the employer answered (`plan_other`).
REFUSALS = ([RefusalReason.SKILLS, RefusalReason.EXPERIENCE, RefusalReason.WAGE, RefusalReason.EDUCATION,
             RefusalReason.NO_SHOW, RefusalReason.OTHER],
            [0.25, 0.2, 0.2, 0.08, 0.1, 0.05])  # fmt: skip


class Market:
    """The demo vacancies as columns, indexed by city, for drawing the vacancies a seeker could be referred to."""

    def __init__(self, places: Places):
        rows = list(
            Vacancy.objects.filter(source=DataSource.DEMO).order_by("pk").values_list(
                "pk", "occupation_id", "region_id", "valid_from", "valid_until", "wage_min", "wage_max", "education",
                "skills", "title", "employer__name", "experience_years", "longitude", "latitude", "headcount",
            )
        )  # fmt: skip
        self.places = places
        self.pk = np.array([row[0] for row in rows], dtype=np.int64)
        self.occupation = [row[1] for row in rows]
        self.county = [row[2] for row in rows]
        self.opens = np.array([(row[3] - NOW).days for row in rows])  # days relative to NOW, negative in the past
        self.closes = np.array([(row[4] - NOW).days for row in rows])
        self.wage_min = np.array([row[5] for row in rows])
        self.wage_max = np.array([row[6] for row in rows])
        self.education = [row[7] for row in rows]
        self.skills = [set(row[8].split("、")) for row in rows]
        self.title = [row[9] for row in rows]
        self.label = [f"{row[9]}（{row[10]}）" for row in rows]
        self.experience = np.array([row[11] or 0 for row in rows])
        self.headcount = np.array([row[14] for row in rows], dtype=int)
        self.hired = np.zeros(len(rows), dtype=int)  # hires planted so far, never more than the headcount
        self.last_hire: dict[int, datetime.date] = {}
        seats = [places.coordinates[county] for county in self.county]
        self.seat = np.radians(np.array(seats, dtype=float).reshape(-1, 2))
        sites = [(row[12], row[13]) if row[12] is not None else seat for row, seat in zip(rows, seats, strict=True)]
        self.site = np.radians(np.array(sites, dtype=float).reshape(-1, 2))
        counties = np.array(self.county)
        self.in_county = {county: np.flatnonzero(counties == county) for county in sorted(set(self.county))}
        cities = np.array([county[:4] for county in self.county])
        self.by_city = {city: np.flatnonzero(cities == city) for city in sorted(set(cities))}

    def with_places_left(self, pool: np.ndarray) -> np.ndarray:
        """The vacancies of `pool` whose hires have not reached their headcount."""
        return pool[self.hired[pool] < self.headcount[pool]]

    def hire(self, vacancy: int, day: datetime.date) -> None:
        self.hired[vacancy] += 1
        self.last_hire[vacancy] = max(day, self.last_hire.get(vacancy, day))

    def filled_on(self, vacancy: int) -> datetime.date | None:
        """The day the vacancy was filled: its last hire, once its hires reach the headcount."""
        return self.last_hire[vacancy] if self.hired[vacancy] >= self.headcount[vacancy] else None

    def filled(self) -> list[int]:
        """Primary keys of the vacancies whose hires reach their headcount."""
        return [int(pk) for pk in self.pk[self.hired >= self.headcount]]

    def occupation_weights(self) -> dict[str, np.ndarray]:
        """Per city, how many vacancies ask for each occupation of the catalogue (plus one, so none is impossible)."""
        codes = {code: i for i, code in enumerate(OCCUPATIONS)}
        weights = {}
        for city, indices in self.by_city.items():
            counts = np.ones(len(codes))
            for i in indices:
                counts[codes[self.occupation[i]]] += 1
            weights[city] = counts
        return weights

    def open_between(self, city: str, first: datetime.date, last: datetime.date) -> np.ndarray:
        """Vacancies of the city open on some day between `first` and `last`."""
        indices = self.by_city.get(city, np.array([], dtype=int))
        start, end = (first - NOW).days, (last - NOW).days
        return indices[(self.opens[indices] <= end) & (self.closes[indices] >= start)]

    def accepted_between(self, seeker: Seeker, first: datetime.date, last: datetime.date) -> np.ndarray:
        """Vacancies open on some day between `first` and `last` in a place the seeker accepts: a listed county, or
        a county whose seat is within their commute of their own (the rule `Seeker.accepts` states)."""
        start, end = (first - NOW).days, (last - NOW).days
        if seeker.counties:
            empty = np.array([], dtype=int)
            indices = np.concatenate([self.in_county.get(county, empty) for county in seeker.counties])
        else:
            distance = _km(np.radians(self.places.coordinates[seeker.county]), self.seat)
            indices = np.flatnonzero(distance <= (seeker.commute_km or 0))
        indices = np.sort(indices)
        return indices[(self.opens[indices] <= end) & (self.closes[indices] >= start)]


def _km(origin: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Great-circle distances (km) from one (lon, lat) in radians to rows of (lon, lat) in radians."""
    lon, lat = points[:, 0], points[:, 1]
    h = np.sin((lat - origin[1]) / 2) ** 2 + np.cos(origin[1]) * np.cos(lat) * np.sin((lon - origin[0]) / 2) ** 2
    return 6371 * 2 * np.arcsin(np.sqrt(np.minimum(h, 1.0)))


@dataclass
class Planned:
    """A referral to write: the seeker, the vacancy (index into Market), the day, and the answers after it."""

    seeker: Seeker
    vacancy: int
    referred_on: datetime.date
    outcome: str
    events: list[tuple[str, datetime.date, str]]  # (outcome, day, refusal reason)


def anchor_vacancy(rng: np.random.Generator, seeker: Seeker, market: Market, referred_on: datetime.date) -> int | None:
    """The vacancy that sets a placed seeker's true occupation: one open on the referral day in their city, drawn
    with more weight where their schooling qualifies and suits the job, and in their own county."""
    pool = market.open_between(seeker.county[:4], referred_on, referred_on)
    if not len(pool):
        return None
    band = education_band(seeker.education)
    weights = np.array([
        (1.0 if qualifies(seeker.education, market.education[i]) else 0.1)
        * (0.3 if band == "high" and not OCCUPATIONS[market.occupation[i]].education else 1.0)
        * (1.0 if market.county[i] == seeker.county else 0.35)
        for i in pool
    ])  # fmt: skip
    return int(pool[pick(rng, weights)])


def candidates(seeker: Seeker, market: Market, first: datetime.date, last: datetime.date) -> list:
    """Vacancies a caseworker could refer the seeker to: the trade of their true occupation, in a place the seeker
    accepts, open between `first` and `last`."""
    group = OCCUPATIONS[seeker.true_occupation].group
    return [
        int(i)
        for i in market.accepted_between(seeker, first, last)
        if OCCUPATIONS[market.occupation[i]].group == group
    ]


def hire_weights(
    seeker: Seeker, market: Market, pool: np.ndarray, day: datetime.date | None, *, priority: bool = False
) -> np.ndarray:
    """The latent model's weight of each vacancy of `pool` (indices into Market) for the seeker (`hiring`): what the
    seeker wants times what the employer accepts; `day` None leaves out the applicants' freshness."""
    pool = np.asarray(pool, dtype=int)
    tastes = seeker.tastes
    distance = _km(np.radians(market.places.coordinates[seeker.county]), market.site[pool])
    wants = (
        hiring.occupation_affinity(seeker.true_occupation, [market.occupation[i] for i in pool])
        * np.where([market.title[i] == seeker.titles[0] for i in pool], 1.0, hiring.OTHER_TITLE)
        * hiring.commute(distance, tastes.commute_km)
        * hiring.wage_acceptance((market.wage_min[pool] + market.wage_max[pool]) / 2, tastes.reservation)
        * hiring.overqualified(seeker.education, [market.education[i] for i in pool])
    )
    if day is not None:
        wants = wants * hiring.applicants((day - NOW).days - market.opens[pool])
    asked = {
        "education": [market.education[i] for i in pool],
        "experience": market.experience[pool],
        "skills": [market.skills[i] for i in pool],
    }
    accepts = hiring.screening(seeker.education, seeker.experience_years, set(seeker.skills), asked)
    return wants * accepts ** (hiring.PRIORITY_SCREENING if priority else 1.0)


def draw_hire(
    rng: np.random.Generator, seeker: Seeker, market: Market, pool, day: datetime.date | None, *, priority=False
) -> int:
    """A vacancy of `pool` drawn with probability proportional to its latent weight."""
    return int(pool[pick(rng, hire_weights(seeker, market, pool, day, priority=priority))])


def plan_hire(rng: np.random.Generator, seeker: Seeker, vacancy: int, referred: datetime.date) -> Planned:
    """The hire and its history (referred, interviewed, hired on the day the person started work)."""
    hired = seeker.hired_on
    interviewed = referred + datetime.timedelta(days=int(rng.integers(1, max(2, (hired - referred).days))))
    events = [(ReferralOutcome.PENDING, referred, ""), (ReferralOutcome.INTERVIEWED, min(interviewed, hired), ""),
              (ReferralOutcome.HIRED, hired, "")]  # fmt: skip
    return Planned(seeker, vacancy, referred, ReferralOutcome.HIRED, events)


def plan_other(rng: np.random.Generator, seeker: Seeker, market: Market, vacancy: int) -> Planned | None:
    """A referral that did not lead to this hire: refused with a reason, declined, or still pending if recent. None
    is made to a vacancy already filled (the service refuses it); one made before the vacancy was filled and not
    answered by then is refused as filled (岗位已招满) on that day."""
    filled = market.filled_on(vacancy)
    first = max(seeker.registered_on, NOW + datetime.timedelta(days=int(market.opens[vacancy])))
    last = min(
        seeker.last_day - datetime.timedelta(days=1), NOW + datetime.timedelta(days=int(market.closes[vacancy])),
        filled - datetime.timedelta(days=1) if filled else NOW,
    )  # fmt: skip
    if last < first:
        return None
    referred = first + datetime.timedelta(days=int(rng.integers(0, (last - first).days + 1)))
    answered = referred + datetime.timedelta(days=int(rng.integers(3, 21)))
    events = [(ReferralOutcome.PENDING, referred, "")]
    if filled is not None and answered >= filled:
        events.append((ReferralOutcome.REFUSED, filled, RefusalReason.FILLED))
        return Planned(seeker, vacancy, referred, ReferralOutcome.REFUSED, events)
    if answered > NOW:
        if rng.random() < 0.5:
            events.append((ReferralOutcome.INTERVIEWED, min(NOW, referred + datetime.timedelta(days=2)), ""))
        return Planned(seeker, vacancy, referred, events[-1][0], events)
    if rng.random() < 0.35:
        events.append((ReferralOutcome.DECLINED, answered, ""))
    else:
        reason = REFUSALS[0][pick(rng, REFUSALS[1])]
        if reason != RefusalReason.NO_SHOW:
            events.append((ReferralOutcome.INTERVIEWED, referred + datetime.timedelta(days=1), ""))
        events.append((ReferralOutcome.REFUSED, answered, reason))
    return Planned(seeker, vacancy, referred, events[-1][0], events)

"""The planted ground truth: referrals of demo seekers to plausible vacancies, some hired, the rest refused, declined
or pending (see the package docstring for the rules)."""

import datetime
from dataclasses import dataclass

import numpy as np

from jiuye.employers.demo_supply.catalogue import OCCUPATIONS, education_band, qualifies
from jiuye.employers.demo_supply.seekers import Seeker
from jiuye.employers.demo_supply.vacancies import NOW, Places, pick
from jiuye.employers.models import Vacancy
from jiuye.people.enums import ReferralOutcome, RefusalReason
from jiuye.reference.enums import DataSource

HIRED_SHARE = 0.65  # of the placed registrations, placed through a referral (the others found work themselves)
REFERRED_SHARE = 0.4  # of the other registrations, with one to three referrals
TEMPERATURE = 0.6  # of the softmax over fit scores: lower would always hire the best-fitting vacancy
REFUSALS = ([RefusalReason.SKILLS, RefusalReason.EXPERIENCE, RefusalReason.WAGE, RefusalReason.FILLED,
             RefusalReason.EDUCATION, RefusalReason.NO_SHOW, RefusalReason.OTHER],
            [0.25, 0.2, 0.2, 0.12, 0.08, 0.1, 0.05])  # fmt: skip


class Market:
    """The demo vacancies as columns, indexed by city, for drawing the vacancies a seeker could be referred to."""

    def __init__(self):
        rows = list(
            Vacancy.objects.filter(source=DataSource.DEMO).order_by("pk").values_list(
                "pk", "occupation_id", "region_id", "valid_from", "valid_until", "wage_min", "wage_max", "education",
                "skills", "title", "employer__name",
            )
        )  # fmt: skip
        self.pk = np.array([row[0] for row in rows], dtype=np.int64)
        self.occupation = [row[1] for row in rows]
        self.county = [row[2] for row in rows]
        self.opens = np.array([(row[3] - NOW).days for row in rows])  # days relative to NOW, negative in the past
        self.closes = np.array([(row[4] - NOW).days for row in rows])
        self.wage_min = np.array([row[5] for row in rows])
        self.wage_max = np.array([row[6] for row in rows])
        self.education = [row[7] for row in rows]
        self.skills = [set(row[8].split("、")) for row in rows]
        self.label = [f"{row[9]}（{row[10]}）" for row in rows]
        cities = np.array([county[:4] for county in self.county])
        self.by_city = {city: np.flatnonzero(cities == city) for city in sorted(set(cities))}

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


def candidates(seeker: Seeker, market: Market, places: Places, first: datetime.date, last: datetime.date) -> list:
    """Vacancies a caseworker could refer the seeker to: same occupation group as the true occupation, in a place
    the seeker accepts, open between `first` and `last`."""
    group = OCCUPATIONS[seeker.occupations[0]].group
    return [
        int(i)
        for i in market.open_between(seeker.county[:4], first, last)
        if OCCUPATIONS[market.occupation[i]].group == group and seeker.accepts(market.county[i], places)
    ]


def fit_score(seeker: Seeker, market: Market, i: int) -> float:
    """How well a vacancy fits: the occupation (2 if one the seeker asks for), skills in common (Jaccard, up to 1.5),
    the wage (1 if the top of the range reaches the expected wage), the own county (0.5), schooling (0.5)."""
    skills = set(seeker.skills)
    overlap = len(skills & market.skills[i]) / max(1, len(skills | market.skills[i]))
    return (
        2.0 * (market.occupation[i] in seeker.occupations)
        + 1.5 * overlap
        + 1.0 * (market.wage_max[i] >= seeker.expected_wage)
        + 0.5 * (market.county[i] == seeker.county)
        + 0.5 * qualifies(seeker.education, market.education[i])
    )


def draw_hire(rng: np.random.Generator, seeker: Seeker, market: Market, pool: list[int]) -> int:
    """A softmax draw over fit scores: usually a well-fitting vacancy, not always the best one."""
    scores = np.array([fit_score(seeker, market, i) for i in pool]) / TEMPERATURE
    weights = np.exp(scores - scores.max())
    return pool[pick(rng, weights)]


def plan_hire(rng: np.random.Generator, seeker: Seeker, vacancy: int, referred: datetime.date) -> Planned:
    """The hire and its history (referred, interviewed, hired on the day the person started work)."""
    hired = seeker.hired_on
    interviewed = referred + datetime.timedelta(days=int(rng.integers(1, max(2, (hired - referred).days))))
    events = [(ReferralOutcome.PENDING, referred, ""), (ReferralOutcome.INTERVIEWED, min(interviewed, hired), ""),
              (ReferralOutcome.HIRED, hired, "")]  # fmt: skip
    return Planned(seeker, vacancy, referred, ReferralOutcome.HIRED, events)


def plan_other(rng: np.random.Generator, seeker: Seeker, market: Market, vacancy: int) -> Planned | None:
    """A referral that did not lead to this hire: refused with a reason, declined, or still pending if recent."""
    first = max(seeker.registered_on, NOW + datetime.timedelta(days=int(market.opens[vacancy])))
    last = min(
        seeker.last_day - datetime.timedelta(days=1), NOW + datetime.timedelta(days=int(market.closes[vacancy]))
    )
    if last < first:
        return None
    referred = first + datetime.timedelta(days=int(rng.integers(0, (last - first).days + 1)))
    answered = referred + datetime.timedelta(days=int(rng.integers(3, 21)))
    events = [(ReferralOutcome.PENDING, referred, "")]
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

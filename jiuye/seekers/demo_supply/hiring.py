"""The latent hiring model behind the planted ground truth: how likely a seeker is to end up hired at a vacancy.

The weight of a (seeker, vacancy) pair is a product of independent factors, each with its own functional form and
its own constants, none of them the matching engine's (`jiuye/matching/data/matching.json`) or the engine's shapes
(the engine's occupation credits, title n-grams, skill cosine, exponential distance and freshness decays, linear
wage shortfall and education penalty). The hire is drawn with probability proportional to the weight among the
vacancies open on the referral day in places the seeker accepts, so the engine can only recover it as far as the
registration's observed fields proxy for the latent ones.

Seeker side (what the seeker applies for and would take):
- occupation: the seeker's true occupation (detailed, 细类) 1; another of its minor group (小类) 0.3, of its
  medium group (中类) 0.1, of the same trade (the demo's skill vocabulary: mining, catering...) 0.03, anything
  else 0.003: people switch mostly within the medium group, rarely across trades. The registration codes the true
  occupation wrongly 20% of the time (a neighbour of the same medium group: `seekers.MISCODED_SHARE`), while the
  title typed is the seeker's own words;
- title: the seeker's specialisation is the title they register (挖掘机司机, not 推土机司机, though both are
  6-30-05-05); a vacancy under another title 0.4;
- commute: log-logistic in the distance d from the seeker's county seat to the work site,
  ``1 / (1 + (d / d0)^2)``, with the seeker's own d0 log-normal (median 15 km, σ 0.7): most will not cross the
  county, a few travel 60 km and more (the heavy tail);
- wage: the seeker's reservation wage r is the expected wage of the registration times log-normal noise (σ 0.1);
  the offer is the middle of the range, w. Acceptance ``Φ(ln(w / r) / 0.1)`` (probit), times ``min(w / r, 1.5)^2``
  for the pull of a better wage;
- freshness: applicants arrive while a vacancy is new, ``(1 + age / 15 days)^-1.5``: a vacancy of two months has
  a sixth of a new one's applicants;
- over-qualification: a graduate (大专 and above) takes a job asking no schooling 0.5 as readily.
Employer side (screening the applicant):
- schooling: 1 when met, 0.12 per level short (0.12^k);
- experience: 1 when met, 0.35 when short (a step: employers ask "3 years" and mean it);
- skills: ``0.25 + 0.75·c^1.5`` with c the share of the vacancy's listed skills the seeker lists, times 0.2 for
  each licence the vacancy lists (电工证, 叉车证, 特种作业操作证...; not 健康证) that the seeker does not.
Priority referrals (重点群体托底安置): a placed registration of a priority key-group member (`PRIORITY_GROUPS`) went
through a referral 90% of the time (others 55%), and in such a referral the employer's screening is relaxed (each
screening factor to the power 0.5). So among equally fitting seekers, the key-group one is more often the hire.
"""

import datetime

import numpy as np
from scipy.special import ndtr

from jiuye.reference.enums import KeyGroup
from jiuye.seekers.demo_supply.catalogue import EDUCATION_RANK, OCCUPATIONS, education_band

OCCUPATION_AFFINITY = {"detail": 1.0, "minor": 0.3, "medium": 0.1, "trade": 0.03, "other": 0.003}
OTHER_TITLE = 0.4
COMMUTE_MEDIAN_KM, COMMUTE_SPREAD, COMMUTE_SHAPE = 15.0, 0.7, 2.0
RESERVATION_NOISE, WAGE_PROBIT_SCALE, WAGE_PULL, WAGE_PULL_CAP = 0.1, 0.1, 2.0, 1.5
APPLICANT_DAYS, APPLICANT_DECAY = 15.0, 1.5
OVERQUALIFIED = 0.5
EDUCATION_PASS_PER_LEVEL = 0.12
EXPERIENCE_SHORT = 0.35
SKILL_FLOOR, SKILL_SHAPE = 0.25, 1.5
MISSING_CERTIFICATE = 0.2  # per licence the vacancy lists and the seeker does not
PRIORITY_GROUPS = frozenset({
    KeyGroup.UNPLACED_GRADUATE, KeyGroup.HARD_TO_EMPLOY, KeyGroup.ZERO_EMPLOYMENT_HOUSEHOLD, KeyGroup.VETERAN,
    KeyGroup.POVERTY_ALLEVIATED, KeyGroup.DISABLED_PERSON,
})  # fmt: skip
REFERRAL_SHARE = {False: 0.55, True: 0.9}  # of placed registrations, placed through a referral; key group: True
PRIORITY_SCREENING = 0.5  # exponent on the screening factors in a priority referral


class Tastes:
    """One seeker's latent traits, drawn once: the commute scale and the reservation wage."""

    def __init__(self, rng: np.random.Generator, expected_wage: int):
        self.commute_km = COMMUTE_MEDIAN_KM * float(rng.lognormal(0.0, COMMUTE_SPREAD))
        self.reservation = expected_wage * float(rng.lognormal(0.0, RESERVATION_NOISE))


def occupation_affinity(true_code: str, codes: list[str]) -> np.ndarray:
    """6-18-02-04 against itself 1, against 6-18-02-xx 0.3, 6-18-xx 0.1, another machining trade 0.03, else 0.003."""
    trade = OCCUPATIONS[true_code].group
    values = []
    for code in codes:
        if code == true_code:
            values.append(OCCUPATION_AFFINITY["detail"])
        elif code[:7] == true_code[:7]:
            values.append(OCCUPATION_AFFINITY["minor"])
        elif code[:4] == true_code[:4]:
            values.append(OCCUPATION_AFFINITY["medium"])
        else:
            values.append(OCCUPATION_AFFINITY["trade" if OCCUPATIONS[code].group == trade else "other"])
    return np.array(values)


def commute(distance_km: np.ndarray, scale_km: float) -> np.ndarray:
    """Log-logistic: 1/2 at the seeker's own scale, falling as the inverse square beyond it."""
    return 1.0 / (1.0 + (distance_km / scale_km) ** COMMUTE_SHAPE)


def wage_acceptance(offer: np.ndarray, reservation: float) -> np.ndarray:
    """Probit acceptance of the offer against the reservation wage, times the pull of a better wage."""
    ratio = offer / reservation
    return ndtr(np.log(ratio) / WAGE_PROBIT_SCALE) * np.minimum(ratio, WAGE_PULL_CAP) ** WAGE_PULL


def applicants(age_days: np.ndarray) -> np.ndarray:
    """Relative number of applicants a vacancy of this age gets (power-law decay)."""
    return (1.0 + np.maximum(age_days, 0) / APPLICANT_DAYS) ** -APPLICANT_DECAY


def screening(education: str, experience: int, skills: set, asked: dict) -> np.ndarray:
    """The employer's chance of taking the applicant: schooling, experience and skill coverage, multiplied."""
    has = EDUCATION_RANK.get(education, 0)
    short = np.array([max(0, EDUCATION_RANK[level] - has) if level else 0 for level in asked["education"]])
    school = EDUCATION_PASS_PER_LEVEL**short
    years = np.where(asked["experience"] > experience, EXPERIENCE_SHORT, 1.0)
    coverage = np.array([len(skills & listed) / max(1, len(listed)) for listed in asked["skills"]])
    missing = np.array([len(certificates(listed) - skills) for listed in asked["skills"]])
    return school * years * (SKILL_FLOOR + (1 - SKILL_FLOOR) * coverage**SKILL_SHAPE) * MISSING_CERTIFICATE**missing


def certificates(skills: set) -> set:
    """The licences among listed skills (电工证, 特种作业操作证, 叉车证...): required by law or by the employer.
    A health certificate (健康证) is a formality anyone gets in a week, so it is not one."""
    return {skill for skill in skills if "证" in skill and skill != "健康证"}


def is_priority(groups: list[tuple[str, datetime.date, datetime.date | None]], day: datetime.date) -> bool:
    """Whether the person is in a priority key group on `day` (the register entry open that day)."""
    return any(
        g in PRIORITY_GROUPS and entered <= day and (exited is None or exited > day) for g, entered, exited in groups
    )


def overqualified(education: str, asked: list[str]) -> np.ndarray:
    graduate = education_band(education) == "high"
    return np.array([OVERQUALIFIED if graduate and not level else 1.0 for level in asked])

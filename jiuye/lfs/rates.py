"""The surveyed urban unemployment rate (城镇调查失业率) and its domains, from microdata arrays.

The rate is unemployed ÷ labour force among urban residents of working age (16 and over), both weighted totals,
so a ratio estimator; its standard error is the design-based (Taylor linearisation) one of
`jiuye.lfs.estimation.design` for the design of the survey: strata, primary sampling units (communities and
villages) nested in strata, selected with replacement, person weights. Domains (a city, a sex, an age group) are
estimated inside the full design, never by cutting the data first, which would understate the standard errors.

Domains, as the statistics office publishes them:

- `province` (one row, code `14`), `city` (the first 4 digits of the county code), `county`, `sex` (`1` men,
  `2` women as in the microdata);
- `age_group`: `16-24` without students (in_school = 1 is removed from that group only, as NBS publishes the youth
  rate “不含在校生”), `25-29`, `30-59`. People aged 60 and over count in every other domain but form no group.

An estimate is flagged unreliable when its coefficient of variation exceeds `max_reliable_cv` (the setting
`LFS_MAX_RELIABLE_CV`, 30%), or when it has none (a rate of zero). Confidence intervals are the design's 95% ones,
clipped to [0, 1] (a Wald interval of a thin domain can reach below zero).

No Django here: the web, `manage.py lfs_estimate` and the demo share these functions.
"""

from dataclasses import asdict, dataclass, field

import numpy as np

from jiuye.lfs.estimation.design import Design, Estimate, make_design, ratio_by
from jiuye.lfs.labour_status import get_profile, unemployed_and_labour_force

MAX_RELIABLE_CV = 0.30
PROVINCE_CODE = "14"
CITY_DIGITS = 4
BY_CHOICES = ("province", "city", "county", "sex", "age_group")


@dataclass(frozen=True)
class AgeGroup:
    name: str
    low: int
    high: int  # inclusive
    without_students: bool = False

    def members(self, age: np.ndarray, in_school: np.ndarray) -> np.ndarray:
        inside = (age >= self.low) & (age <= self.high)
        return inside & ~in_school if self.without_students else inside


AGE_GROUPS = (AgeGroup("16-24", 16, 24, without_students=True), AgeGroup("25-29", 25, 29), AgeGroup("30-59", 30, 59))


@dataclass(frozen=True)
class Microdata:
    """One month of microdata as columns; `answers` holds the 0/1 labour questions by column name (the 4-week search
    question as floats with NaN where not asked)."""

    stratum: np.ndarray
    psu: np.ndarray
    weight: np.ndarray
    region: np.ndarray  # county codes, as strings
    urban: np.ndarray
    sex: np.ndarray
    age: np.ndarray
    in_school: np.ndarray
    answers: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.weight)


@dataclass(frozen=True)
class Rate:
    """One domain's rate; everything but `domain`, `n` and `reliable` is None where nobody of the domain's sample is
    in the labour force. `n` counts the persons of the domain in the sample (urban, 16+, in the group)."""

    domain: str
    rate: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    cv: float | None
    n: int
    reliable: bool

    def as_dict(self) -> dict:
        return asdict(self)


def in_scope(data: Microdata, *, profile: str = "nbs") -> np.ndarray:
    """Who the rate is about: urban residents of working age."""
    return data.urban.astype(bool) & (data.age >= get_profile(profile).minimum_age)


def domain_labels(data: Microdata, by: str, *, profile: str = "nbs") -> np.ndarray:
    """The domain of each person for one kind of domain; None for people in none (not urban, under 16, a student
    of 16-24 for the age groups, 60 and over for the age groups)."""
    if by == "province":
        labels = np.full(len(data), PROVINCE_CODE, dtype=object)
    elif by == "city":
        labels = np.array([code[:CITY_DIGITS] for code in data.region], dtype=object)
    elif by == "county":
        labels = np.asarray(data.region, dtype=object).copy()
    elif by == "sex":
        labels = np.asarray(data.sex).astype(str).astype(object)
    elif by == "age_group":
        labels = np.full(len(data), None, dtype=object)
        for group in AGE_GROUPS:
            labels[group.members(np.asarray(data.age), np.asarray(data.in_school, dtype=bool))] = group.name
    else:
        raise ValueError(f"unknown domain kind {by!r}; one of {', '.join(BY_CHOICES)}")
    labels[~in_scope(data, profile=profile)] = None
    return labels


def survey_design(data: Microdata) -> Design:
    """Strata, PSUs nested in strata (a PSU code is read within its stratum, R's `nest=TRUE`), weights; with
    replacement at the PSU level, so no finite population correction. A stratum left with a single PSU in a month
    (the other communities did not respond) is centred at the grand mean, R's `survey.lonely.psu = "adjust"`, rather
    than stopping the month's estimates."""
    return make_design(
        strata=np.asarray(data.stratum).astype(str),
        clusters=[np.asarray(data.psu).astype(str)],
        weights=np.asarray(data.weight, dtype=float),
        lonely_psu="adjust",
    )


def unemployment_rates(
    data: Microdata,
    *,
    by: str = "province",
    profile: str = "nbs",
    max_reliable_cv: float = MAX_RELIABLE_CV,
    design: Design | None = None,
) -> list[Rate]:
    """The surveyed urban unemployment rate for each domain of kind `by` that has someone in the sample, sorted by
    domain code (age groups in their order). Raises `MissingAnswerError` for a profile whose answers the data
    lack. `design`, `survey_design(data)` built once, saves building it again for each kind of domain."""
    unemployed, labour_force = unemployed_and_labour_force(data.answers, age=data.age, profile=profile)
    labels = domain_labels(data, by, profile=profile)
    inside = ~np.equal(labels, None)
    names, inverse = np.unique(labels[inside].astype(str), return_inverse=True)
    persons = np.bincount(inverse, minlength=len(names))
    in_labour_force = np.bincount(inverse, weights=labour_force[inside], minlength=len(names)) > 0
    # A domain with nobody in the labour force has no rate; it is left out of the estimation (which would refuse a
    # zero denominator) and reported empty.
    estimable = labels.copy()
    estimable[np.flatnonzero(inside)[~in_labour_force[inverse]]] = None
    estimates = {}
    if in_labour_force.any():
        found = ratio_by(design or survey_design(data), unemployed, labour_force, estimable)
        estimates = {str(estimate.domain): estimate for estimate in found}
    rates = [
        _rate(name, estimates.get(name), int(count), max_reliable_cv)
        for name, count in zip(names.tolist(), persons.tolist(), strict=True)
    ]
    return sorted(rates, key=lambda rate: _domain_order(by, rate.domain))


def _rate(name: str, estimate: Estimate | None, persons: int, max_reliable_cv: float) -> Rate:
    if estimate is None or not np.isfinite(estimate.estimate):
        return Rate(name, None, None, None, None, None, persons, reliable=False)
    rate, se = float(estimate.estimate), float(estimate.se)
    cv = float(estimate.cv) if rate > 0 and np.isfinite(estimate.cv) else None
    return Rate(
        domain=name,
        rate=rate,
        se=se,
        ci_low=max(0.0, float(estimate.ci_low)),
        ci_high=min(1.0, float(estimate.ci_high)),
        cv=cv,
        n=int(estimate.n),
        reliable=cv is not None and cv <= max_reliable_cv,
    )


def _domain_order(by: str, domain: str) -> tuple:
    if by == "age_group":
        return ([group.name for group in AGE_GROUPS].index(domain), domain)
    return (0, domain)


def change_se(se_now: float | None, se_before: float | None) -> float | None:
    """The standard error of a month-on-month change, treating the two months as independent samples:
    sqrt(se_now² + se_before²).

    This is an approximation. The survey re-interviews part of its sample (the same PSUs and a rotation of
    households), so the two estimates are positively correlated and the true variance of the change is
    se_now² + se_before² − 2·cov, smaller than this; the covariance is ignored, which overstates the standard error
    of the change and makes a change look significant less often than it is, never more often."""
    if se_now is None or se_before is None:
        return None
    return float(np.hypot(se_now, se_before))

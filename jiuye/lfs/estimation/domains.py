"""Totals, ratios and proportions for every domain at once, as arrays (the engine behind ``design.py``).

A mean is the ratio of the totals of ``y`` and of 1, a proportion the mean of a 0/1 indicator (Lumley 2010, 2.2).
For a ratio ``r = Y / X`` the linearised value of row ``i`` is ``z_i = w_i (y_i - r x_i) / X`` (Wolter 2007, 6.5),
zero outside the domain, so the domain keeps the whole design; one vector ``z`` serves every domain because each
row belongs to at most one. Rows with a missing value leave the estimate as they do with R's ``na.rm=TRUE``
(``design[!is.na(y), ]``, which keeps the design's PSU counts), but still count for the domain's degrees of freedom
(R's ``svyciprop`` takes ``degf(design)`` before dropping them).

References
----------
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley. Sections 2.2-2.4.
Wolter, K. M. (2007). *Introduction to Variance Estimation*, 2nd ed. Springer. Section 6.5 (ratio estimators).
R package ``survey``: ``svytotal``, ``svymean``, ``svyratio``, ``svyciprop``, ``svyby``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import special

from jiuye.lfs.estimation import intervals
from jiuye.lfs.estimation.errors import EmptyDomainError
from jiuye.lfs.estimation.linearisation import cluster_totals, degrees_of_freedom, domain_variances
from jiuye.lfs.estimation.replicate import jk1_variances

if TYPE_CHECKING:
    from jiuye.lfs.estimation.design import Design

PROPORTION_METHODS = ("logit", "wald")


@dataclass(frozen=True)
class DomainEstimates:
    """Per domain: estimate, standard error, interval, coefficient of variation, rows used, degrees of freedom."""

    estimate: np.ndarray
    se: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    cv: np.ndarray
    n: np.ndarray
    degf: np.ndarray


@dataclass(frozen=True)
class _Linearised:
    estimate: np.ndarray
    variance: np.ndarray
    n: np.ndarray
    degf: np.ndarray
    used: np.ndarray
    weighted: tuple[np.ndarray, np.ndarray | None]


def estimate_domains(
    design: "Design",
    numerator: np.ndarray,
    denominator: np.ndarray | None,
    code: np.ndarray,
    labels: list,
    *,
    level: float,
    df: float | None,
) -> DomainEstimates:
    """Totals (``denominator=None``) or ratios of totals per domain, with normal (or t on ``df``) intervals.

    Parameters
    ----------
    design : Design
    numerator : ndarray of float, shape (n,)
    denominator : ndarray of float, shape (n,), or None
    code : ndarray of int64, shape (n,)
        Each row's domain, ``len(labels)`` for rows in none.
    labels : list
        The domains' labels, for errors.
    level : float
    df : float or None

    Returns
    -------
    DomainEstimates
    """
    _check_level(level)
    linearised = _linearise(design, numerator, denominator, code, labels)
    se = np.sqrt(linearised.variance)
    low, high = intervals.wald(linearised.estimate, se, intervals.quantile(level, df))
    return _arrays(linearised, se, low, high)


def estimate_proportions(
    design: "Design",
    indicator: np.ndarray,
    code: np.ndarray,
    labels: list,
    *,
    method: str,
    level: float,
    df: float | None,
) -> DomainEstimates:
    """Proportions per domain with R's ``svyciprop`` intervals ("logit", or "wald" for its "mean").

    Parameters are those of :func:`estimate_domains`, with ``method`` in ``("logit", "wald")``; ``df=None`` means
    each domain's ``degf``.
    """
    if method not in PROPORTION_METHODS:
        raise ValueError(f"method must be one of {PROPORTION_METHODS}, not {method!r}")
    _check_level(level)
    linearised = _linearise(design, indicator, np.ones(design.n_rows), code, labels)
    se = np.sqrt(linearised.variance)
    critical = intervals.quantile(level, linearised.degf if df is None else df)
    p = linearised.estimate
    if method == "wald":
        low, high = intervals.wald(p, se, critical)
    elif design.replicate is None:
        with np.errstate(divide="ignore", invalid="ignore"):
            low, high = intervals.logit_interval(p, se / (p * (1 - p)), critical)
    else:
        wy, wx = linearised.weighted
        log_odds_variance = _jk1(design, linearised.used, len(labels), wy, wx, transform=special.logit)
        low, high = intervals.logit_interval(p, np.sqrt(log_odds_variance), critical)
    return _arrays(linearised, se, low, high)


def _linearise(
    design: "Design", numerator: np.ndarray, denominator: np.ndarray | None, code: np.ndarray, labels: list
) -> _Linearised:
    """Estimates per domain and their linearisation (or JK1) variance."""
    n_domains = len(labels)
    used, n = _rows_used(code, numerator, denominator, labels)
    wy = design.weights * np.where(used < n_domains, numerator, 0.0)
    wx = None if denominator is None else design.weights * np.where(used < n_domains, denominator, 0.0)
    estimate, z = _influence(used, n_domains, wy, wx, labels)
    first = design.stages[0]
    domain, cluster, (totals,) = cluster_totals(first, used, n_domains, z)
    if design.replicate is None:
        first_totals = (domain, cluster, totals)
        variance = domain_variances(
            design.stages, used, n_domains, z, design.lonely_psu, first_stage_totals=first_totals
        )
    else:
        variance = _jk1(design, used, n_domains, wy, wx)
    if not np.array_equal(used, code):  # rows with missing values still count for the domain's PSUs
        domain, cluster, _ = cluster_totals(first, code, n_domains)
    degf = degrees_of_freedom(first, domain, cluster, n_domains)
    return _Linearised(estimate=estimate, variance=variance, n=n, degf=degf, used=used, weighted=(wy, wx))


def _rows_used(
    code: np.ndarray, numerator: np.ndarray, denominator: np.ndarray | None, labels: list
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's domain once rows with a missing value are dropped, and the rows used per domain."""
    n_domains = len(labels)
    valid = (code < n_domains) & ~np.isnan(numerator)
    if denominator is not None:
        valid &= ~np.isnan(denominator)
    used = np.where(valid, code, n_domains)
    n = np.bincount(used, minlength=n_domains + 1)[:n_domains]
    if (n == 0).any():
        raise EmptyDomainError(domain=labels[int(np.argmin(n))], reason="no_rows")
    return used, n


def _influence(
    used: np.ndarray, n_domains: int, wy: np.ndarray, wx: np.ndarray | None, labels: list
) -> tuple[np.ndarray, np.ndarray]:
    """The estimates and each row's linearised value: ``w y`` for a total, ``w (y - r x) / X`` for a ratio."""
    y_total = np.bincount(used, weights=wy, minlength=n_domains + 1)
    if wx is None:
        return y_total[:n_domains], wy
    x_total = np.bincount(used, weights=wx, minlength=n_domains + 1)
    zero = np.flatnonzero(x_total[:n_domains] == 0)
    if zero.size:
        raise EmptyDomainError(domain=labels[int(zero[0])], reason="zero_denominator")
    x_total[n_domains] = 1.0
    ratio = y_total / x_total
    return ratio[:n_domains], (wy - ratio[used] * wx) / x_total[used]


def _jk1(
    design: "Design",
    used: np.ndarray,
    n_domains: int,
    wy: np.ndarray,
    wx: np.ndarray | None,
    transform: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    return jk1_variances(
        stage=design.stages[0],
        code=used,
        n_domains=n_domains,
        numerator=wy,
        denominator=wx,
        scale=design.replicate_scale,
        mse=design.mse,
        transform=transform,
    )


def _arrays(linearised: _Linearised, se: np.ndarray, low: np.ndarray, high: np.ndarray) -> DomainEstimates:
    with np.errstate(divide="ignore", invalid="ignore"):
        cv = se / linearised.estimate
    return DomainEstimates(
        estimate=linearised.estimate, se=se, ci_low=low, ci_high=high, cv=cv, n=linearised.n, degf=linearised.degf
    )


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level}")

"""Confidence intervals as R ``survey`` computes them by default.

- ``confint`` of ``svytotal``, ``svymean`` and ``svyratio``: Wald intervals with the normal quantile (``df=Inf``);
  a ``df`` turns them into t intervals.
- ``svyciprop(method="logit")``: a Wald interval for the log-odds, with the t quantile on ``degf(design)`` degrees
  of freedom, mapped back to the probability scale (the intercept of ``svyglm(y ~ 1, family=quasibinomial)``,
  whose sandwich variance is ``var(p) / (p (1 - p))**2``).
- ``svyciprop(method="mean")``: a Wald interval for the proportion, t on ``degf(design)``.

References
----------
Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley. Section 2.4 (confidence intervals).
Korn, E. L., Graubard, B. I. (1999). *Analysis of Health Surveys*. Wiley. Section 5.2 (degrees of freedom).
R package ``survey``: ``confint.svystat``, ``svyciprop``, ``degf``.
"""

import numpy as np
from scipy import special, stats


def quantile(level: float, df: float | np.ndarray | None) -> float | np.ndarray:
    """Two-sided critical value: normal without ``df`` (or ``df=inf``), Student's t with it.

    Parameters
    ----------
    level : float
        Confidence level, e.g. 0.95.
    df : float or ndarray or None
        Degrees of freedom.
    """
    upper = 0.5 + level / 2
    if df is None:
        return float(stats.norm.ppf(upper))
    df = np.asarray(df, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(np.isinf(df), stats.norm.ppf(upper), stats.t.ppf(upper, np.where(df > 0, df, np.nan)))


def wald(estimate: np.ndarray, se: np.ndarray, critical: float | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``estimate -/+ critical * se``."""
    return estimate - critical * se, estimate + critical * se


def logit_interval(
    proportion: np.ndarray, se_logit: np.ndarray, critical: float | np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Wald interval for ``logit(p)`` mapped back by the inverse logit; ``[p, p]`` when ``p`` is 0 or 1.

    Parameters
    ----------
    proportion : ndarray
    se_logit : ndarray
        Standard error of ``logit(p)``.
    critical : float or ndarray
        From :func:`quantile`.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        log_odds = special.logit(proportion)
        low = special.expit(log_odds - critical * se_logit)
        high = special.expit(log_odds + critical * se_logit)
    degenerate = (proportion <= 0) | (proportion >= 1)
    return np.where(degenerate, proportion, low), np.where(degenerate, proportion, high)

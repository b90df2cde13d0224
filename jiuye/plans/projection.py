"""Where an indicator is heading: a straight-line trend through its yearly figures, projected to the target year with
a prediction interval, as a review's "按目前趋势，2025年预计…" needs it.

Ordinary least squares of value on year; the interval is the prediction interval of a new observation,
ŷ ± t(n−2, 1−α/2) · s · √(1 + 1/n + (x₀ − x̄)² / Σ(x − x̄)²), as statsmodels' `OLS.get_prediction(...).
summary_frame()` gives `obs_ci_lower/upper` (checked against it in the tests). Plain numpy and scipy.
"""

from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Projection:
    year: int
    value: float
    low: float | None  # None when two points leave no degree of freedom for an interval
    high: float | None
    level: float
    slope: float  # per year


def linear_projection(
    years: list[int], values: list[float], to_year: int, *, level: float = 0.95
) -> Projection | None:
    """The trend of `values` over `years` carried to `to_year`; None with fewer than two distinct years."""
    x, y = np.asarray(years, dtype=float), np.asarray(values, dtype=float)
    if len(x) < 2 or np.ptp(x) == 0:
        return None
    centre = x.mean()
    sxx = float(((x - centre) ** 2).sum())
    slope = float(((x - centre) * (y - y.mean())).sum() / sxx)
    intercept = float(y.mean() - slope * centre)
    value = intercept + slope * to_year
    freedom = len(x) - 2
    if freedom < 1:
        return Projection(to_year, value, None, None, level, slope)
    residuals = y - (intercept + slope * x)
    scale = float(np.sqrt((residuals**2).sum() / freedom))
    spread = scale * np.sqrt(1 + 1 / len(x) + (to_year - centre) ** 2 / sxx)
    margin = float(stats.t.ppf(0.5 + level / 2, freedom) * spread)
    return Projection(to_year, value, value - margin, value + margin, level, slope)


def cumulative_projection(
    years: list[int], values: list[float], done: float, last_year: int, to_year: int, *, level: float = 0.95
) -> Projection | None:
    """A five-year total by `to_year`: what is `done`, plus each remaining year's trend value. The interval adds the
    remaining years' intervals (a conservative bound: their errors are taken as fully correlated)."""
    remaining = [linear_projection(years, values, year, level=level) for year in range(last_year + 1, to_year + 1)]
    if any(projection is None for projection in remaining):
        return None
    if not remaining:
        return Projection(to_year, done, done, done, level, 0.0)
    value = done + sum(projection.value for projection in remaining)
    if any(projection.low is None for projection in remaining):
        return Projection(to_year, value, None, None, level, remaining[0].slope)
    low = done + sum(projection.low for projection in remaining)
    high = done + sum(projection.high for projection in remaining)
    return Projection(to_year, value, low, high, level, remaining[0].slope)

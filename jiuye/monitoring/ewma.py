"""EWMA control chart for a region's monthly series (the statistical signal of issue 5's region/industry warnings).

Pure functions over numpy arrays; no Django. The chart follows the NIST/SEMATECH e-Handbook of Statistical Methods,
section 6.3.2.4 "EWMA Control Charts" (https://www.itl.nist.gov/div898/handbook/pmc/section3/pmc324.htm):

    EWMA_0 = target (the mean of historical data)
    EWMA_t = λ x_t + (1 − λ) EWMA_{t−1}
    limits = target ± k s sqrt(λ / (2 − λ) · (1 − (1 − λ)^{2t}))      exact, widening over the first periods
    limits = target ± k s sqrt(λ / (2 − λ))                          asymptotic, as the handbook's example uses

where s is the standard deviation of the historical data. A period signals when its EWMA lies outside the limits.
The handbook's worked example is reproduced value by value in tests/monitoring/test_ewma.py.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

DEFAULT_LAMBDA = 0.3
DEFAULT_K = 3.0
# Twelve months: one full seasonal cycle (construction stops in the Shanxi winter), so the baseline's mean and
# spread already contain the usual seasonal swing and a January dip alone does not signal.
DEFAULT_BASELINE_PERIODS = 12


@dataclass(frozen=True)
class EwmaChart:
    """One EWMA chart: per period the statistic, its control limits and whether it lies outside them."""

    ewma: npt.NDArray[np.float64]
    lower: npt.NDArray[np.float64]
    upper: npt.NDArray[np.float64]
    signals: npt.NDArray[np.bool_]


@dataclass(frozen=True)
class EwmaSeriesSignal:
    """The chart of a series monitored against its own baseline window, and the verdict on its latest period.

    `direction` is "up" when the latest EWMA is above the upper limit, "down" below the lower one, else None; for a
    job-loss rate only "up" is bad news, but the caller decides.
    """

    target: float
    sigma: float
    baseline_periods: int
    chart: EwmaChart
    signal: bool
    direction: str | None


def ewma_chart(
    values: Sequence[float] | npt.ArrayLike,
    *,
    target: float,
    sigma: float,
    lam: float = DEFAULT_LAMBDA,
    k: float = DEFAULT_K,
    asymptotic: bool = False,
) -> EwmaChart:
    """Compute an EWMA control chart (NIST/SEMATECH e-Handbook, section 6.3.2.4).

    Parameters
    ----------
    values : array_like, shape (n,)
        The monitored observations x_1 … x_n in time order, e.g. a county's monthly job-loss rate in percent.
    target : float
        EWMA_0 and the centre line: the mean of the historical (in-control) data.
    sigma : float
        s, the standard deviation of the historical data; must be positive.
    lam : float, default 0.3
        λ, the weight of the newest observation, 0 < λ ≤ 1 (λ = 1 is a Shewhart chart of the raw values).
    k : float, default 3.0
        The width of the limits in standard deviations of the EWMA statistic.
    asymptotic : bool, default False
        Use the constant limits target ± k s sqrt(λ/(2−λ)), as the handbook's example does, instead of the exact
        limits, which are narrower for the first periods and tend to the asymptotic ones.

    Returns
    -------
    EwmaChart
        `ewma`, `lower`, `upper` as float arrays of shape (n,) and `signals`, True where the EWMA lies strictly
        outside [lower, upper].

    Examples
    --------
    >>> chart = ewma_chart([52.0, 47.0], target=50.0, sigma=2.0539, asymptotic=True)
    >>> [round(float(v), 2) for v in chart.ewma], round(float(chart.upper[0]), 4)
    ([50.6, 49.52], 52.5884)
    """
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"values must be one series (1-D), got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError("values must be finite: fill or drop missing periods before charting")
    if not 0.0 < lam <= 1.0:
        raise ValueError(f"lam must be in (0, 1], got {lam}")
    if not (np.isfinite(sigma) and sigma > 0.0):
        raise ValueError(f"sigma must be positive, got {sigma}: a baseline without variation cannot set limits")
    if not k > 0.0:
        raise ValueError(f"k must be positive, got {k}")

    ewma = np.empty_like(x)
    previous = float(target)
    for t, value in enumerate(x):
        previous = lam * value + (1.0 - lam) * previous
        ewma[t] = previous

    variance_factor = np.full_like(x, lam / (2.0 - lam))
    if not asymptotic:
        periods = np.arange(1, x.size + 1, dtype=np.float64)
        variance_factor = variance_factor * (1.0 - (1.0 - lam) ** (2.0 * periods))
    half_width = k * sigma * np.sqrt(variance_factor)
    lower = target - half_width
    upper = target + half_width
    return EwmaChart(ewma=ewma, lower=lower, upper=upper, signals=(ewma < lower) | (ewma > upper))


def ewma_signal_for_series(
    history: Sequence[float] | npt.ArrayLike,
    *,
    lam: float = DEFAULT_LAMBDA,
    k: float = DEFAULT_K,
    baseline_periods: int = DEFAULT_BASELINE_PERIODS,
    asymptotic: bool = False,
) -> EwmaSeriesSignal:
    """Chart a series against a baseline taken from its own first periods and say whether the latest period signals.

    The target and s are the mean and the sample standard deviation (ddof=1) of the first `baseline_periods`
    values (phase I); the chart then runs over the remaining periods (phase II), starting at the target. This is
    the handbook's procedure: "once the mean value and standard deviation have been calculated from this database
    the process can enter the monitoring stage" (section 6.3.2.4). A fixed baseline is chosen over "all history
    before the current period" on purpose: a rolling baseline absorbs a slow deterioration into its mean and
    inflates its spread, so the chart would learn to accept exactly the drift it is meant to catch. Re-basing
    (e.g. every year, after an officer has reviewed the past year) is the caller's decision.

    Parameters
    ----------
    history : array_like, shape (n,)
        The series in time order, latest period last, e.g. a county's monthly job-loss rate in percent.
    lam, k, asymptotic
        As in `ewma_chart`.
    baseline_periods : int, default 12
        N, the length of the baseline window; at least 2, and the history must be longer than N.

    Returns
    -------
    EwmaSeriesSignal
        The target and sigma used, the chart of periods N+1 … n, and the verdict on period n.

    Raises
    ------
    ValueError
        When the history is not longer than the baseline, or the baseline has no variation (s = 0): with no
        spread the limits collapse onto the target and any movement would signal.
    """
    x = np.asarray(history, dtype=np.float64)
    if baseline_periods < 2:
        raise ValueError(
            f"baseline_periods must be at least 2 to estimate a standard deviation, got {baseline_periods}"
        )
    if x.ndim != 1 or x.size <= baseline_periods:
        raise ValueError(f"need more than {baseline_periods} periods of history, got shape {x.shape}")
    baseline = x[:baseline_periods]
    target = float(np.mean(baseline))
    sigma = float(np.std(baseline, ddof=1))
    if sigma == 0.0:
        raise ValueError(f"the first {baseline_periods} periods are all {target}: no variation to set limits from")
    chart = ewma_chart(x[baseline_periods:], target=target, sigma=sigma, lam=lam, k=k, asymptotic=asymptotic)
    direction = None
    if chart.ewma[-1] > chart.upper[-1]:
        direction = "up"
    elif chart.ewma[-1] < chart.lower[-1]:
        direction = "down"
    return EwmaSeriesSignal(
        target=target,
        sigma=sigma,
        baseline_periods=baseline_periods,
        chart=chart,
        signal=direction is not None,
        direction=direction,
    )

"""Seasonal adjustment of monthly (or quarterly) labour statistics.

The surveyed unemployment rate rises every July and August as graduates enter the labour market and dips after
the Spring Festival; analysts want the movement once that regular pattern is removed. The method is the one
statistics offices use, X-13ARIMA-SEATS with its automatic choices, run as R `seasonal::seas()` runs it, so that
jiuye and R give the same model and the same adjusted series (`seasonal_x13`). Chinese calendar effects can be
added as regressors (`seasonal_calendar`).

A series shorter than four years is adjusted by STL instead (`method="auto"`). X-13 itself refuses fewer than
three complete years, and with the automatic specification (airline model with trading-day and Easter regressors,
one regular and one seasonal difference) it also fails on series of three to about three and a half years, because
fewer observations than the model needs remain after differencing: four years is the first whole-year length that
runs reliably. STL (Cleveland et al. 1990; robust, with a periodic seasonal as R `stl(s.window = "periodic")`;
additive, in the units of the series) needs two complete years. `method="x13"` forces X-13 from three years on
and reports X-13's own error when it fails.

Examples
--------
>>> result = seasonal_adjust(passengers, (1949, 1))  # doctest: +SKIP
>>> result.transform, result.model
('log', '(0 1 1)(0 1 1)')

References
----------
U.S. Census Bureau (2024), X-13ARIMA-SEATS Reference Manual, Version 1.1.
C. Sax and D. Eddelbuettel (2018), "Seasonal adjustment by X-13ARIMA-SEATS in R", Journal of Statistical
Software 87(11).
R. B. Cleveland, W. S. Cleveland, J. E. McRae and I. Terpenning (1990), "STL: A seasonal-trend decomposition
procedure based on loess", Journal of Official Statistics 6(1), 3-73.
"""

import math
from dataclasses import dataclass, field

import numpy as np
from statsmodels.tsa.seasonal import STL

from jiuye.lfs.estimation import seasonal_calendar, seasonal_x13

METHODS = ("auto", "x13", "stl")
FREQUENCIES = (4, 12)
X13_MINIMUM_YEARS = 3  # X-13ARIMA-SEATS refuses fewer complete years
AUTO_X13_MINIMUM_YEARS = 4  # below this, method="auto" uses STL (see the module docstring)
STL_MINIMUM_YEARS = 2


class SeasonalAdjustmentError(ValueError):
    """The series cannot be adjusted as asked; the message says why, in Chinese, for the analyst."""


@dataclass(frozen=True)
class SeasonalResult:
    """A seasonal adjustment.

    Attributes
    ----------
    method : {"x13", "stl"}
    transform : {"log", "none"}
        X-13's automatic choice (AICc test of logs against levels); STL always works in levels.
    model : str or None
        The ARIMA model X-13 chose, as X-13 writes it: "(0 1 1)(0 1 1)". None for STL.
    regressors : list of dict
        Regression variables kept in the model, `{"name", "estimate", "se"}`, named as R `summary(seas(x))`
        names them (`Weekday`, `Easter[1]`, `AO1951.May`, `spring_festival_during`, ...). Empty for STL.
    arima_coefficients : list of dict
        ARMA coefficients with standard errors (`MA-Nonseasonal-01`, `MA-Seasonal-12`). Empty for STL.
    aicc : float or None
        X-13's AICc of the final regARIMA model (R `AICc` in `summary`). None for STL.
    adjusted : ndarray
        The seasonally adjusted series (X-13 table S11; for STL the series minus its seasonal component).
    seasonal_factors : ndarray
        Seasonal factors (X-13 table S10): ratios around 1 under a log transform, else in the units of the series.
    calendar_factors : ndarray
        Calendar (trading-day and holiday) factors: with `seasonal_factors` they make the combined adjustment,
        `adjusted = values / (seasonal * calendar)` (log) or `values - seasonal - calendar` (none).
    trend : ndarray
        Trend-cycle (X-13 table S12 or the STL trend).
    notes : list of str
        Warnings from X-13 and notes on the choices made (STL fallback, calendar regressors rejected).
    """

    method: str
    transform: str
    model: str | None
    regressors: list[dict]
    arima_coefficients: list[dict]
    aicc: float | None
    adjusted: np.ndarray
    seasonal_factors: np.ndarray
    calendar_factors: np.ndarray
    trend: np.ndarray
    notes: list[str] = field(default_factory=list)


def seasonal_adjust(
    values: np.ndarray,
    start: tuple[int, int],
    *,
    frequency: int = 12,
    calendar_regressors: bool = False,
    method: str = "auto",
) -> SeasonalResult:
    """Seasonally adjust a series with X-13ARIMA-SEATS, or STL when it is too short.

    Parameters
    ----------
    values : ndarray
        The series, without gaps or missing values, e.g. 36 monthly unemployment rates of a city.
    start : (int, int)
        Year and month (or quarter) of the first value: `(2023, 1)`.
    frequency : {12, 4}
    calendar_regressors : bool
        Add the Chinese calendar regressors (Spring Festival windows and official working days, see
        `seasonal_calendar`) instead of X-13's US trading-day and Easter tests. Monthly series only; the months of
        the series must lie within the holiday schedule's coverage (2004 onwards).
    method : {"auto", "x13", "stl"}
        "auto" uses X-13 from four complete years on and STL below.

    Returns
    -------
    SeasonalResult

    Raises
    ------
    SeasonalAdjustmentError
        Bad input, a series too short, or X-13 stopping with an error (its message is kept).
    """
    series = _validated(values, start, frequency, method)
    chosen = _chosen_method(len(series), frequency, method)
    if chosen == "stl":
        notes = ["序列较短，使用STL分解（不做X-13模型选择）"] if method == "auto" else []
        if calendar_regressors:
            if method == "stl":
                raise SeasonalAdjustmentError("中国日历回归变量需要X-13ARIMA-SEATS，STL不能使用")
            notes.append("STL不做日历调整，未使用中国日历回归变量")
        return _stl(series, frequency, notes)
    return _x13(series, start, frequency, calendar_regressors=calendar_regressors)


def _validated(values: np.ndarray, start: tuple[int, int], frequency: int, method: str) -> np.ndarray:
    if method not in METHODS:
        raise SeasonalAdjustmentError(f"未知的季节调整方法：{method}（可选 {'、'.join(METHODS)}）")
    if frequency not in FREQUENCIES:
        raise SeasonalAdjustmentError(f"只支持月度（12）或季度（4）序列，不支持频率 {frequency}")
    if not 1 <= start[1] <= frequency:
        raise SeasonalAdjustmentError(f"起始期 {start[1]} 不在 1 到 {frequency} 之间")
    series = np.asarray(values, dtype=float)
    if series.ndim != 1:
        raise SeasonalAdjustmentError("序列必须是一维数组")
    if not np.all(np.isfinite(series)):
        raise SeasonalAdjustmentError("序列中有缺失值或非有限值")
    return series


def _chosen_method(length: int, frequency: int, method: str) -> str:
    unit = "个月" if frequency == 12 else "个季度"
    if length < STL_MINIMUM_YEARS * frequency:
        raise SeasonalAdjustmentError(f"序列太短：只有{length}{unit}，季节调整至少需要{STL_MINIMUM_YEARS}年的数据")
    if method == "x13" and length < X13_MINIMUM_YEARS * frequency:
        raise SeasonalAdjustmentError(f"序列太短：只有{length}{unit}，X-13ARIMA-SEATS至少需要{X13_MINIMUM_YEARS}年")
    if method == "auto":
        return "x13" if length >= AUTO_X13_MINIMUM_YEARS * frequency else "stl"
    return method


def _stl(series: np.ndarray, frequency: int, notes: list[str]) -> SeasonalResult:
    """Robust STL in levels with a periodic seasonal, as R `stl(x, s.window = "periodic", robust = TRUE)`: with two
    or three cycles a seasonal pattern that evolves cannot be told from noise (a local seasonal smoother would fit
    each month's two values exactly and leave no irregular), so every cycle gets the same seasonal pattern."""
    fit = STL(series, period=frequency, robust=True, **_r_stl_parameters(len(series), frequency)).fit(
        inner_iter=1, outer_iter=15
    )
    # R stl then replaces the seasonal component by its mean at each position of the cycle
    positions = np.arange(len(series)) % frequency
    seasonal = np.bincount(positions, weights=np.asarray(fit.seasonal)) / np.bincount(positions)
    seasonal = seasonal[positions]
    return SeasonalResult(
        method="stl",
        transform="none",
        model=None,
        regressors=[],
        arima_coefficients=[],
        aicc=None,
        adjusted=series - seasonal,
        seasonal_factors=seasonal,
        calendar_factors=np.zeros(len(series)),
        trend=np.asarray(fit.trend),
        notes=notes,
    )


def _r_stl_parameters(length: int, frequency: int) -> dict[str, int]:
    """R `stl(x, s.window = "periodic", robust = TRUE)` defaults (R `stats::stl` source): s.window = 10 n + 1 with
    s.degree = 0, t.window = nextodd(ceiling(1.5 period / (1 - 1.5 / s.window))), l.window = nextodd(period),
    jumps ceiling(window / 10); robust fitting with inner = 1 and outer = 15 iterations."""
    seasonal = 10 * length + 1
    trend = _next_odd(math.ceil(1.5 * frequency / (1 - 1.5 / seasonal)))
    low_pass = _next_odd(frequency)
    return {
        "seasonal": seasonal,
        "seasonal_deg": 0,
        "trend": trend,
        "low_pass": low_pass,
        "seasonal_jump": math.ceil(seasonal / 10),
        "trend_jump": math.ceil(trend / 10),
        "low_pass_jump": math.ceil(low_pass / 10),
    }


def _next_odd(number: int) -> int:
    return number + 1 if number % 2 == 0 else number


def _x13(series: np.ndarray, start: tuple[int, int], frequency: int, *, calendar_regressors: bool) -> SeasonalResult:
    user = None
    if calendar_regressors:
        if frequency != 12:
            raise SeasonalAdjustmentError("中国日历回归变量只用于月度序列")
        periods = len(series) + seasonal_x13.FORECAST_YEARS * frequency
        try:
            user = seasonal_calendar.calendar_regressors(start, periods, observed=len(series))
        except seasonal_calendar.CalendarCoverageError as error:
            raise SeasonalAdjustmentError(str(error)) from error
    try:
        output = seasonal_x13.run_x13(series, start, frequency, user_regressors=user)
    except seasonal_x13.X13Error as error:
        raise SeasonalAdjustmentError(f"X-13ARIMA-SEATS 运行出错：{error}") from error
    notes = list(output.warnings)
    if calendar_regressors and output.diagnostics.get("aictest.u") == "no":
        notes.append("中国日历回归变量未通过AICc检验，模型中未保留")
    log = output.transform == "log"
    calendar = (
        output.adjustment_factors / output.seasonal_factors
        if log
        else output.adjustment_factors - output.seasonal_factors
    )
    return SeasonalResult(
        method="x13",
        transform=output.transform,
        model=output.model,
        regressors=output.regressors,
        arima_coefficients=output.arima_coefficients,
        aicc=output.aicc,
        adjusted=output.adjusted,
        seasonal_factors=output.seasonal_factors,
        calendar_factors=calendar,
        trend=output.trend,
        notes=notes,
    )

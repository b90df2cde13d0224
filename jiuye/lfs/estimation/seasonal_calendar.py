"""Chinese calendar regressors for X-13ARIMA-SEATS: the Spring Festival and the official working-day calendar.

X-13 knows Easter and the US trading-day calendar, not the Chinese one. Two effects move Shanxi's monthly labour
figures from year to year without being seasonal in the fixed-month sense:

- the Spring Festival (春节, the first day of the first lunar month) falls between 21 January and 20 February, so
  the holiday itself, the rush before it (migrant workers going home) and the slow return after it shift between
  January, February and March;
- the State Council's holiday schedule (国务院办公厅关于部分节假日安排的通知, one each year) turns weekdays into
  holidays and weekends into working days (调休), so February 2024 had 18 working days and February 2025 had 19.

Both are supplied to X-13 as user-defined regressors (`regression{user=... usertype=...}`), as R `seasonal` does
with `seas(x, xreg = ..., regression.usertype = "holiday")`.

Definitions
-----------
Spring Festival, three windows relative to the festival day (day 0 = 正月初一): before (days -7..-1), during
(days 0..7) and after (days 8..21). For each window and month the raw value is the share of the window's days that
fall in that month; the regressor is the raw value minus its mean for the same calendar month over the reference
years 1950-2049 ("calendar" centring), so that the regressors carry no fixed seasonality of their own. This is the
Census Bureau's genhol procedure, as implemented in R by `seasonal::genhol(x, start, end, center = "calendar")`; the
three windows are those of the Chinese-exports example of the authors of R `seasonal` (Eddelbuettel and Sax 2015):
`genhol(cny, start = -7, end = -1)`, `genhol(cny, start = 0, end = 7)`, `genhol(cny, start = 8, end = 21)`, with
`regression.usertype = "holiday"`.
Festival dates come from the lunar calendar of `lunar-python` (e.g. 2024-02-10, 2025-01-29).

Working days: the number of working days in the month under the official schedule (`chinese-calendar`: Monday to
Friday unless a statutory holiday, plus the weekend days worked in exchange), minus the mean for the same calendar
month over the reference years 2008-2025 (complete years of the schedule since the 2008 holiday reform).

Coverage
--------
`chinese-calendar` holds the schedules from 2004 to the latest one published (2026 in version 1.11). Observed
months outside that range raise `CalendarCoverageError`: a working-day count cannot be made up for a month that has
been (or will be) decided by a State Council notice. X-13 also needs regressor values for the months it forecasts
(to extend the series before filtering); beyond the coverage those values are the centred count of Mondays to
Fridays, i.e. the expected holiday loss of that calendar month is assumed, which leaves the regressor at its
typical value rather than guessing the next notice.

References
----------
U.S. Census Bureau, "Genhol" (holiday regressor utility) and X-13ARIMA-SEATS Reference Manual, `regression` spec.
C. Sax and D. Eddelbuettel (2018), "Seasonal adjustment by X-13ARIMA-SEATS in R", Journal of Statistical
Software 87(11); R package `seasonal`, function `genhol`.
D. Eddelbuettel and C. Sax (2015), "Like peanut butter and jelly: x13binary and seasonal" (blog post, both
authors' sites; the Chinese exports example with three Spring Festival windows and `regression.aictest =
c("td", "user")`).
J.-L. Lin and T.-S. Liu (2003), "Modeling lunar calendar holiday effects in Taiwan", Taiwan Economic Forecast and
Policy 33(1), 1-37.
"""

import calendar
import datetime
import functools

import chinese_calendar
import numpy as np
from lunar_python import Lunar

SPRING_FESTIVAL_WINDOWS: dict[str, tuple[int, int]] = {
    "spring_festival_before": (-7, -1),
    "spring_festival_during": (0, 7),
    "spring_festival_after": (8, 21),
}
WORKING_DAYS = "working_days"
SPRING_FESTIVAL_REFERENCE_YEARS = range(1950, 2050)
WORKING_DAY_REFERENCE_YEARS = range(2008, 2026)


class CalendarCoverageError(ValueError):
    """The official holiday schedule is not known for a month of the series."""


def holiday_schedule_years() -> tuple[int, int]:
    """First and last year whose holiday schedule the installed `chinese-calendar` holds (2004, 2026 in 1.11)."""
    years = [day.year for day in chinese_calendar.constants.holidays]
    return min(years), max(years)


@functools.cache
def spring_festival(year: int) -> datetime.date:
    """Gregorian date of the Spring Festival (正月初一) of `year`: `spring_festival(2024)` is 2024-02-10."""
    solar = Lunar.fromYmd(year, 1, 1).getSolar()
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())


def spring_festival_shares(year: int, window: tuple[int, int]) -> np.ndarray:
    """Raw (uncentred) shares of the window's days in the 12 months of `year`. Only that year's festival matters:
    festivals fall between 21 January and 20 February, so windows from day -7 to day 21 stay within 14 January to
    13 March of the same year."""
    first, last = window
    festival = spring_festival(year)
    shares = np.zeros(12)
    for offset in range(first, last + 1):
        shares[(festival + datetime.timedelta(days=offset)).month - 1] += 1
    return shares / (last - first + 1)


@functools.cache
def _spring_festival_means(window: tuple[int, int]) -> np.ndarray:
    return np.mean([spring_festival_shares(year, window) for year in SPRING_FESTIVAL_REFERENCE_YEARS], axis=0)


def spring_festival_regressors(start: tuple[int, int], periods: int) -> dict[str, np.ndarray]:
    """The three centred Spring Festival regressors for `periods` months from `start` = (year, month)."""
    months = _months(start, periods)
    regressors = {}
    for name, window in SPRING_FESTIVAL_WINDOWS.items():
        means = _spring_festival_means(window)
        by_year = {year: spring_festival_shares(year, window) - means for year in {year for year, _ in months}}
        regressors[name] = np.array([by_year[year][month - 1] for year, month in months])
    return regressors


def working_days(year: int, month: int) -> int:
    """Working days of a month under the official schedule: `working_days(2024, 2)` is 18 (Spring Festival
    10-17 February, with Sunday 4 and Sunday 18 February worked in exchange)."""
    days = calendar.monthrange(year, month)[1]
    return sum(chinese_calendar.is_workday(datetime.date(year, month, day)) for day in range(1, days + 1))


def weekdays(year: int, month: int) -> int:
    """Mondays to Fridays in a month, whatever the holidays."""
    days = calendar.monthrange(year, month)[1]
    return sum(datetime.date(year, month, day).weekday() < 5 for day in range(1, days + 1))


@functools.cache
def _working_day_means() -> tuple[np.ndarray, np.ndarray]:
    years = WORKING_DAY_REFERENCE_YEARS
    working = np.array([[working_days(year, month) for month in range(1, 13)] for year in years])
    week = np.array([[weekdays(year, month) for month in range(1, 13)] for year in years])
    return working.mean(axis=0), week.mean(axis=0)


def working_day_regressor(start: tuple[int, int], periods: int, *, observed: int | None = None) -> np.ndarray:
    """Centred working days for `periods` months from `start`. The first `observed` months (all by default) must
    lie within the holiday schedule's coverage; later months (X-13's forecast horizon) outside it get the centred
    count of Mondays to Fridays instead."""
    observed = periods if observed is None else observed
    first_year, last_year = holiday_schedule_years()
    working_means, weekday_means = _working_day_means()
    values = np.empty(periods)
    for index, (year, month) in enumerate(_months(start, periods)):
        if first_year <= year <= last_year:
            values[index] = working_days(year, month) - working_means[month - 1]
        elif index < observed:
            raise CalendarCoverageError(
                f"中国节假日安排数据只覆盖{first_year}年至{last_year}年，序列中的{year}年{month}月超出范围；"
                "请升级chinese-calendar，或不使用中国日历回归变量"
            )
        else:
            values[index] = weekdays(year, month) - weekday_means[month - 1]
    return values


def calendar_regressors(start: tuple[int, int], periods: int, *, observed: int | None = None) -> dict[str, np.ndarray]:
    """All Chinese calendar regressors, in the order X-13 receives them: the three Spring Festival windows (X-13
    `usertype=holiday`) then working days (`usertype=td`)."""
    regressors = spring_festival_regressors(start, periods)
    regressors[WORKING_DAYS] = working_day_regressor(start, periods, observed=observed)
    return regressors


def _months(start: tuple[int, int], periods: int) -> list[tuple[int, int]]:
    first = start[0] * 12 + start[1] - 1
    return [((first + step) // 12, (first + step) % 12 + 1) for step in range(periods)]

"""Enterprise-level warning rules (issue 5, "Warnings"): pure functions over numpy arrays, one row per enterprise.

Each rule returns a `RuleHits`: the indices of the flagged enterprises and, for each, the figures that explain it
(plain ints and strings, ready for JSON and for `jiuye.monitoring.warnings.explain.explain`). Rule codes are those of
`manage.py monitoring_warnings`: economic_layoff, large_reduction, hidden_unemployment_rise, missing_while_shrinking.

Percentages are compared exactly, in integers (a float 10% of 300 may come out as 30.000000000000004 and miss a
reduction of exactly 30 people); `_at_least_percent` turns the percentage into a fraction first.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

ECONOMIC_LAYOFF = "economic_layoff"
LARGE_REDUCTION = "large_reduction"
HIDDEN_UNEMPLOYMENT_RISE = "hidden_unemployment_rise"
MISSING_WHILE_SHRINKING = "missing_while_shrinking"

# 《中华人民共和国劳动合同法》第四十一条: "……需要裁减人员二十人以上或者裁减不足二十人但占企业职工总数百分之十以上的，
# 用人单位提前三十日向工会或者全体职工说明情况……". Statutory, so constants here rather than settings; "以上" includes
# the number itself (《民法典》第一千二百五十九条: "民法所称的'以上'、'以下'、'以内'、'届满'，包括本数"),
# hence ≥ below.
# 企业职工总数 is read as the previous period's headcount (上期岗位数), as issue 5 specifies.
ART41_PEOPLE = 20
ART41_PERCENT = 10

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Thresholds:
    """Thresholds of the non-statutory rules. PROVISIONAL defaults, for the province to set (as settings or data).

    - large_reduction, one month: at least `month_people` people reduced for any reason, or `month_percent` % of the
      previous headcount (30 people / 10%: the art. 41 scale, but for every reason, with a higher people floor
      so that ordinary turnover in a large firm does not flag);
    - large_reduction, cumulated over `window_periods` months: at least `window_people` people or `window_percent` %
      of the headcount before the window (50 / 15%: catches a layoff spread thin over three months);
    - hidden_unemployment_rise: standby + long leave up by at least `hidden_rise_people` people AND
      `hidden_rise_points` percentage points of the period's headcount (10 people / 5 points: both, so that a
      3-person shop sending 1 home and a 10,000-person mine adding 10 to standby do not flag);
    - missing_while_shrinking: the last `missing_periods` periods without a report, and a net reduction summed over
      the last `shrinking_reports` reports before them.
    """

    month_people: int = 30
    month_percent: float = 10
    window_periods: int = 3
    window_people: int = 50
    window_percent: float = 15
    hidden_rise_people: int = 10
    hidden_rise_points: float = 5
    missing_periods: int = 2
    shrinking_reports: int = 3


@dataclass(frozen=True)
class RuleHits:
    """The enterprises one rule flags: `indices` into the input rows, and `figures[i]` explaining `indices[i]`."""

    rule: str
    indices: IntArray
    figures: list[dict[str, int | float | str]]


def _ints(values: npt.ArrayLike, name: str, ndim: int = 1) -> IntArray:
    array = np.asarray(values)
    if array.ndim != ndim:
        raise ValueError(
            f"{name} must be {ndim}-D (enterprises{' × periods' if ndim == 2 else ''}), got {array.shape}"
        )
    if array.size and np.any(array < 0):
        raise ValueError(f"{name} must not be negative")
    return array.astype(np.int64)


def _at_least_percent(part: IntArray, whole: IntArray, percent: float) -> npt.NDArray[np.bool_]:
    """part / whole ≥ percent %, exactly; False where whole is 0 (no share of nothing)."""
    share = Fraction(str(percent))
    return (whole > 0) & (part * 100 * share.denominator >= whole * share.numerator)


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _hits(rule: str, indices: IntArray, names: Sequence[str] | None, figures: list[dict]) -> RuleHits:
    if names is not None:
        for index, entry in zip(indices, figures, strict=True):
            entry["enterprise"] = names[index]
    return RuleHits(rule=rule, indices=indices, figures=figures)


def economic_layoff(
    layoff: npt.ArrayLike, previous_headcount: npt.ArrayLike, *, names: Sequence[str] | None = None
) -> RuleHits:
    """Flag economic layoffs of the scale of Labour Contract Law art. 41 (经济性裁员).

    An enterprise is flagged when its reduction by economic layoff this period is 20 people or more (branch
    "people"), or fewer than 20 but 10% or more of its previous headcount (branch "percent"). Example: a coal
    company with 300 jobs last month cutting 25 is flagged by the first branch; a workshop of 80 cutting 8 by the
    second.

    Parameters
    ----------
    layoff : array_like of int, shape (n,)
        减少人数(经济性裁员) of the period, per enterprise.
    previous_headcount : array_like of int, shape (n,)
        上期岗位数, per enterprise.
    names : sequence of str, optional
        Enterprise names, copied into the figures for the explanation.
    """
    layoff = _ints(layoff, "layoff")
    previous = _ints(previous_headcount, "previous_headcount")
    by_people = layoff >= ART41_PEOPLE
    by_percent = ~by_people & (layoff > 0) & _at_least_percent(layoff, previous, ART41_PERCENT)
    indices = np.flatnonzero(by_people | by_percent)
    figures = [
        {
            "layoff": int(layoff[i]),
            "previous_headcount": int(previous[i]),
            "percent": _percent(int(layoff[i]), int(previous[i])),
            "branch": "people" if by_people[i] else "percent",
        }
        for i in indices
    ]
    return _hits(ECONOMIC_LAYOFF, indices, names, figures)


def large_reduction(
    reduced: npt.ArrayLike,
    previous_headcount: npt.ArrayLike,
    *,
    thresholds: Thresholds | None = None,
    names: Sequence[str] | None = None,
) -> RuleHits:
    """Flag a large reduction for any reason, in the latest month or cumulated over the latest months.

    Parameters
    ----------
    reduced : array_like of int, shape (n, m)
        People reduced for all reasons (the sum of the seven 减少人数 columns), per enterprise and period, oldest
        period first, the period under review last. A period without a report counts as 0.
    previous_headcount : array_like of int, shape (n, m)
        上期岗位数 of each of those periods (the headcount the period started from).
    thresholds : Thresholds, optional
        The provisional defaults unless given.
    names : sequence of str, optional
        Enterprise names, copied into the figures.

    Notes
    -----
    The window is the last `window_periods` columns (fewer if fewer are given); its percentage is over the headcount
    before the window, previous_headcount[:, -window]. Example with the defaults: 20, 15 and 20 people cut from 300
    jobs is 55 ≥ 50 people over three months, flagged though no single month reaches 30 or 10%. Figures give
    `trigger` "month" when the month alone suffices, else "window".
    """
    thresholds = thresholds or Thresholds()
    reduced = _ints(reduced, "reduced", ndim=2)
    previous = _ints(previous_headcount, "previous_headcount", ndim=2)
    if reduced.shape != previous.shape or reduced.shape[1] == 0:
        raise ValueError(f"reduced {reduced.shape} and previous_headcount {previous.shape} must match, ≥ 1 period")
    window = min(thresholds.window_periods, reduced.shape[1])
    month, month_base = reduced[:, -1], previous[:, -1]
    total, window_base = reduced[:, -window:].sum(axis=1), previous[:, -window]
    by_month = (month >= thresholds.month_people) | _at_least_percent(month, month_base, thresholds.month_percent)
    by_window = (total >= thresholds.window_people) | _at_least_percent(total, window_base, thresholds.window_percent)
    indices = np.flatnonzero(by_month | by_window)
    figures = [
        {
            "trigger": "month" if by_month[i] else "window",
            "reduced": int(month[i]),
            "previous_headcount": int(month_base[i]),
            "percent": _percent(int(month[i]), int(month_base[i])),
            "month_people": thresholds.month_people,
            "month_percent": thresholds.month_percent,
            "window_periods": window,
            "window_reduced": int(total[i]),
            "window_headcount": int(window_base[i]),
            "window_percent": _percent(int(total[i]), int(window_base[i])),
            "window_people_threshold": thresholds.window_people,
            "window_percent_threshold": thresholds.window_percent,
        }
        for i in indices
    ]
    return _hits(LARGE_REDUCTION, indices, names, figures)


def hidden_unemployment_rise(
    hidden: npt.ArrayLike,
    headcount: npt.ArrayLike,
    previous_hidden: npt.ArrayLike,
    previous_headcount: npt.ArrayLike,
    *,
    thresholds: Thresholds | None = None,
    names: Sequence[str] | None = None,
) -> RuleHits:
    """Flag a sudden rise of hidden unemployment (隐性失业: 待岗 + 放长假) against the last period.

    The rate is hidden / headcount of the same period (as in the aggregates). Flagged when the count rose by at
    least `hidden_rise_people` AND the rate by at least `hidden_rise_points` percentage points. Example: 5 of 200
    (2.5%) last month, 20 of 200 (10%) now: +15 people, +7.5 points, flagged. Enterprises with no headcount in
    either period are skipped (a closed firm is caught by the reduction rules).

    Parameters
    ----------
    hidden, headcount : array_like of int, shape (n,)
        待岗人数 + 放长假人数, and 调查期岗位数, this period.
    previous_hidden, previous_headcount : array_like of int, shape (n,)
        The same figures from the previous period's report.
    """
    thresholds = thresholds or Thresholds()
    now, base = _ints(hidden, "hidden"), _ints(headcount, "headcount")
    before, before_base = _ints(previous_hidden, "previous_hidden"), _ints(previous_headcount, "previous_headcount")
    points = Fraction(str(thresholds.hidden_rise_points))
    # rate now − rate before ≥ points / 100, multiplied through by 100 · base · before_base · denominator.
    rate_rise = (now * before_base - before * base) * 100 * points.denominator
    by_points = (base > 0) & (before_base > 0) & (rate_rise >= points.numerator * base * before_base)
    indices = np.flatnonzero(by_points & (now - before >= thresholds.hidden_rise_people))
    figures = [
        {
            "hidden": int(now[i]),
            "headcount": int(base[i]),
            "percent": _percent(int(now[i]), int(base[i])),
            "previous_hidden": int(before[i]),
            "previous_headcount": int(before_base[i]),
            "previous_percent": _percent(int(before[i]), int(before_base[i])),
            "rise": int(now[i] - before[i]),
            "rise_points": round(float(100 * (now[i] / base[i] - before[i] / before_base[i])), 1),
            "rise_people_threshold": thresholds.hidden_rise_people,
            "rise_points_threshold": thresholds.hidden_rise_points,
        }
        for i in indices
    ]
    return _hits(HIDDEN_UNEMPLOYMENT_RISE, indices, names, figures)


def missing_while_shrinking(
    reported: npt.ArrayLike,
    headcount: npt.ArrayLike,
    net_change: npt.ArrayLike,
    *,
    thresholds: Thresholds | None = None,
    names: Sequence[str] | None = None,
) -> RuleHits:
    """Flag enterprises silent for the last periods whose last reports showed a net reduction.

    A mine that cut 40 jobs and then stops reporting is the case a county officer must phone first. Flagged when
    the last `missing_periods` periods (2) have no report and the net change summed over the last
    `shrinking_reports` reports (3) before the gap is negative.

    Parameters
    ----------
    reported : array_like of bool, shape (n, m)
        Whether a report exists, per enterprise and period, oldest first, the period under review last.
    headcount : array_like of int, shape (n, m)
        调查期岗位数 where reported (anything elsewhere; ignored).
    net_change : array_like of int, shape (n, m)
        调查期岗位数 − 上期岗位数 where reported (ignored elsewhere); negative is a net reduction.
    """
    thresholds = thresholds or Thresholds()
    has_report = np.asarray(reported, dtype=bool)
    counts, changes = np.asarray(headcount, dtype=np.int64), np.asarray(net_change, dtype=np.int64)
    if has_report.ndim != 2 or counts.shape != has_report.shape or changes.shape != has_report.shape:
        raise ValueError("reported, headcount and net_change must be 2-D (enterprises × periods) of one shape")
    gap = thresholds.missing_periods
    if has_report.shape[1] <= gap:
        return RuleHits(rule=MISSING_WHILE_SHRINKING, indices=np.array([], dtype=np.int64), figures=[])
    candidates = np.flatnonzero(~has_report[:, -gap:].any(axis=1) & has_report[:, :-gap].any(axis=1))
    flagged, figures = [], []
    for i in candidates:
        periods = np.flatnonzero(has_report[i])
        last = periods[-thresholds.shrinking_reports :]
        net = int(changes[i, last].sum())
        if net < 0:
            flagged.append(i)
            figures.append(
                {
                    "missing_periods": int(has_report.shape[1] - 1 - periods[-1]),
                    "reports": len(last),
                    "net_change": net,
                    "last_headcount": int(counts[i, periods[-1]]),
                }
            )
    return _hits(MISSING_WHILE_SHRINKING, np.array(flagged, dtype=np.int64), names, figures)

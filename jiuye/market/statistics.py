"""Market statistics of supply and demand (人力资源市场供求状况): the vacancy-seeker ratio (求人倍率) by occupation
group and by region for a quarter, the occupations most in shortage and in surplus, and the wages offered.

Plain functions over plain rows, without Django; `jiuye.market.selectors` reads the rows.

Definition, as the public employment service publishes it: 人力资源社会保障部 / 中国人力资源市场信息监测中心,
《部分城市公共就业服务机构市场供求状况分析》 (quarterly; "求人倍率 = 需求人数 / 求职人数"):
- 需求人数 (demand): the headcount asked (招聘人数) by the vacancies registered in the quarter. Here a vacancy is
  registered in the quarter when its validity starts in it (`valid_from`), and it counts where the work is.
- 求职人数 (supply): the job seekers registered in the quarter (`registered_on`), counted where they live.
- A ratio above 1 means more jobs asked than seekers (a shortage); below 1, more seekers (a surplus). It is rounded
  half up to two decimals, as the tables print it (1.46), and is undefined (None) when nobody registered.
- By occupation, a seeker counts once, under the first occupation asked for (the form's 求职意向); a seeker who named
  none counts in the totals and under the blank key, never under an occupation. So groups sum to the total.

Occupation codes of the 2022 大典 are hierarchical (6-16-01-05 井下采矿工 is in the medium group 6-16 and the major
group 6), so a group is a prefix of the code, as a region is a prefix of a region code.
"""

import calendar
import datetime
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
WHOLE_YUAN = Decimal("1")
# Levels of the 大典: a major group is the first field of the code (6), a medium group the first two (6-16).
OCCUPATION_FIELDS = {"major": 1, "medium": 2, "minor": 3, "detailed": 4}
# An occupation is left out of the shortage and surplus lists below this volume (demand + supply): at least 10, and
# at least 1% of the region's volume, so that a province's list is not topped by a few vacancies either.
MIN_VOLUME = 10
VOLUME_SHARE = Decimal("0.01")


@dataclass(frozen=True)
class VacancyRow:
    occupation: str  # a detailed occupation code
    region: str  # where the work is
    headcount: int
    wage_min: int  # yuan a month
    wage_max: int


@dataclass(frozen=True)
class SeekerRow:
    occupation: str  # the first occupation asked for; "" when none
    region: str  # where the seeker lives


@dataclass(frozen=True)
class RatioRow:
    key: str
    demand: int
    supply: int

    @property
    def ratio(self) -> Decimal | None:
        return vacancy_seeker_ratio(self.demand, self.supply)

    @property
    def gap(self) -> int:
        """Jobs asked beyond the seekers (缺口): negative for a surplus."""
        return self.demand - self.supply


@dataclass(frozen=True)
class WageRow:
    key: str
    vacancies: int
    wage_min_median: Decimal
    wage_max_median: Decimal
    midpoint_p25: Decimal
    midpoint_median: Decimal
    midpoint_p75: Decimal


def vacancy_seeker_ratio(demand: int, supply: int) -> Decimal | None:
    """求人倍率: 需求人数 / 求职人数, half up to two decimals; 146 jobs for 100 seekers -> Decimal("1.46")."""
    if supply <= 0:
        return None
    return (Decimal(demand) / Decimal(supply)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------------------------------- quarters


def quarter_of(day: datetime.date) -> str:
    """2026-08-15 -> "2026Q3"."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[datetime.date, datetime.date]:
    """ "2026Q3" -> (2026-07-01, 2026-09-30), both days included; ValueError for anything else."""
    year, _q, number = quarter.strip().upper().partition("Q")
    if not (year.isdigit() and len(year) == 4 and number in {"1", "2", "3", "4"}):
        raise ValueError(quarter)
    last_month = 3 * int(number)
    start = datetime.date(int(year), last_month - 2, 1)
    return start, datetime.date(int(year), last_month, calendar.monthrange(int(year), last_month)[1])


def quarters_ending(quarter: str, count: int) -> list[str]:
    """The `count` quarters up to and including `quarter`, oldest first: ("2026Q1", 3) -> 2025Q3, 2025Q4, 2026Q1."""
    start, _end = quarter_bounds(quarter)
    index = start.year * 4 + (start.month - 1) // 3
    return [f"{i // 4}Q{i % 4 + 1}" for i in range(index - count + 1, index + 1)]


# ----------------------------------------------------------------------------------------------------- grouping


def occupation_group(code: str, level: str) -> str:
    """The group of a detailed occupation at a level: ("6-16-01-05", "medium") -> "6-16"; "" stays ""."""
    return "-".join(code.split("-")[: OCCUPATION_FIELDS[level]]) if code else ""


def by_occupation(level: str) -> Callable[[str, str], str]:
    return lambda occupation, _region: occupation_group(occupation, level)


def by_region(length: int) -> Callable[[str, str], str]:
    """Regions at a level by the length of their code: 4 for cities, 6 for counties."""
    return lambda _occupation, region: region[:length]


def ratios(
    vacancies: Iterable[VacancyRow], seekers: Iterable[SeekerRow], key: Callable[[str, str], str]
) -> list[RatioRow]:
    """Demand and supply by `key(occupation, region)`, one row per key found on either side, sorted by key."""
    demand: dict[str, int] = defaultdict(int)
    supply: dict[str, int] = defaultdict(int)
    for vacancy in vacancies:
        demand[key(vacancy.occupation, vacancy.region)] += vacancy.headcount
    for seeker in seekers:
        supply[key(seeker.occupation, seeker.region)] += 1
    return [RatioRow(k, demand.get(k, 0), supply.get(k, 0)) for k in sorted(demand.keys() | supply.keys())]


def total(vacancies: Iterable[VacancyRow], seekers: Iterable[SeekerRow]) -> RatioRow:
    return RatioRow("", sum(v.headcount for v in vacancies), sum(1 for _seeker in seekers))


def minimum_volume(overall: RatioRow) -> int:
    """The volume an occupation needs to be listed: 1% of the region's demand and supply, never under 10."""
    return max(MIN_VOLUME, math.ceil(VOLUME_SHARE * (overall.demand + overall.supply)))


def shortage(rows: Iterable[RatioRow], *, limit: int = 10, min_volume: int = MIN_VOLUME) -> list[RatioRow]:
    """Occupations with the highest ratio (no seeker at all first), larger gap first among equals, leaving out
    those with fewer than `min_volume` jobs and seekers together, so that 3 jobs for 1 seeker does not top it."""
    kept = [row for row in rows if row.key and row.demand + row.supply >= min_volume and row.demand > row.supply]
    kept.sort(key=lambda row: (row.supply > 0, -(row.ratio or 0), -row.gap, row.key))
    return kept[:limit]


def surplus(rows: Iterable[RatioRow], *, limit: int = 10, min_volume: int = MIN_VOLUME) -> list[RatioRow]:
    """Occupations with the lowest ratio, more seekers first among equals, with the same minimum volume."""
    kept = [row for row in rows if row.key and row.demand + row.supply >= min_volume and row.supply > row.demand]
    kept.sort(key=lambda row: (row.ratio, row.gap, row.key))
    return kept[:limit]


# -------------------------------------------------------------------------------------------------------- wages


def quantile(values: list[int], probability: Decimal) -> Decimal:
    """The sample quantile of sorted `values` by linear interpolation between order statistics, as R's
    `quantile(x, p, type = 7)` and numpy's default: h = (n - 1)p, x[floor h] + (h - floor h)(x[floor h + 1] -
    x[floor h]). Exact in Decimal."""
    if not values:
        raise ValueError("no values")
    position = (len(values) - 1) * probability
    low = int(position)
    fraction = position - low
    if low + 1 >= len(values):
        return Decimal(values[low])
    return Decimal(values[low]) + fraction * (values[low + 1] - values[low])


def wages(vacancies: Iterable[VacancyRow], key: Callable[[str, str], str]) -> list[WageRow]:
    """Wages offered by group, one vacancy one offer (not weighted by headcount): medians of the bottoms and of the
    tops of the ranges, and the quartiles of their midpoints, in whole yuan (half up)."""
    groups: dict[str, list[VacancyRow]] = defaultdict(list)
    for vacancy in vacancies:
        groups[key(vacancy.occupation, vacancy.region)].append(vacancy)
    rows = []
    for group in sorted(groups):
        members = groups[group]
        bottoms = sorted(v.wage_min for v in members)
        tops = sorted(v.wage_max for v in members)
        # Midpoints in half-yuan units stay integers; halved after interpolating.
        doubled = sorted(v.wage_min + v.wage_max for v in members)
        middle = {p: quantile(doubled, Decimal(p)) / 2 for p in ("0.25", "0.5", "0.75")}
        rows.append(
            WageRow(
                key=group, vacancies=len(members), wage_min_median=_yuan(quantile(bottoms, Decimal("0.5"))),
                wage_max_median=_yuan(quantile(tops, Decimal("0.5"))), midpoint_p25=_yuan(middle["0.25"]),
                midpoint_median=_yuan(middle["0.5"]), midpoint_p75=_yuan(middle["0.75"]),
            )
        )  # fmt: skip
    return rows


def _yuan(value: Decimal) -> Decimal:
    return value.quantize(WHOLE_YUAN, rounding=ROUND_HALF_UP)

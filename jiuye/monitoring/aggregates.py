"""Aggregates of a period's monthly reports: totals by region (province, city, county), industry section,
ownership type and size class. Pure Python over plain rows (`ReportRow`), so that the selectors feed it from the
database and the tests from literals.

Rates are percentages rounded to two decimals by GB/T 8170-2008 《数值修约规则与极限数值的表示和判定》 §3.3
(进舍规则: below 5 drop, above 5 carry, exactly 5 to the even digit), computed in Decimal from the integer counts
so that no binary fraction decides a rounding: -382 / 76,443 = -0.49972…% → -0.50%.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from jiuye.monitoring.enums import ReductionReason

HUNDREDTH = Decimal("0.01")


def rate(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator in percent, to two decimals (GB/T 8170-2008 §3.3); None over zero."""
    if denominator == 0:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(HUNDREDTH, rounding=ROUND_HALF_EVEN)


def rate_text(value: Decimal | None) -> str:
    """`-0.50%`, or `—` where there is no rate."""
    return "—" if value is None else f"{value}%"


@dataclass(frozen=True)
class ReportRow:
    """One enterprise's report for the period, with what it is grouped by."""

    region_code: str
    industry_section: str
    ownership: str
    size_class: str
    baseline_headcount: int
    previous_headcount: int
    current_headcount: int
    added: int
    reductions: dict[str, int]
    standby: int = 0
    long_leave: int = 0


@dataclass
class Totals:
    enterprises: int = 0
    baseline_headcount: int = 0
    previous_headcount: int = 0
    current_headcount: int = 0
    added: int = 0
    reductions: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ReductionReason.values, 0))
    standby: int = 0
    long_leave: int = 0

    def add(self, row: ReportRow) -> None:
        self.enterprises += 1
        self.baseline_headcount += row.baseline_headcount
        self.previous_headcount += row.previous_headcount
        self.current_headcount += row.current_headcount
        self.added += row.added
        for reason, count in row.reductions.items():
            self.reductions[reason] += count
        self.standby += row.standby
        self.long_leave += row.long_leave

    @property
    def reduced(self) -> int:
        return sum(self.reductions.values())

    @property
    def change_from_baseline(self) -> int:
        return self.current_headcount - self.baseline_headcount

    @property
    def change_rate_from_baseline(self) -> Decimal | None:
        return rate(self.change_from_baseline, self.baseline_headcount)

    @property
    def change_from_previous(self) -> int:
        return self.current_headcount - self.previous_headcount

    @property
    def change_rate_from_previous(self) -> Decimal | None:
        return rate(self.change_from_previous, self.previous_headcount)

    @property
    def hidden_unemployment(self) -> int:
        """隐性失业: people on standby (待岗) or long leave (放长假)."""
        return self.standby + self.long_leave

    @property
    def hidden_unemployment_rate(self) -> Decimal | None:
        """Over the period's headcount (调查期岗位数)."""
        return rate(self.hidden_unemployment, self.current_headcount)


REGION_DIGITS = {"province": 2, "city": 4, "county": 6}
GROUPINGS: dict[str, Callable[[ReportRow], str]] = {
    **{level: (lambda row, digits=digits: row.region_code[:digits]) for level, digits in REGION_DIGITS.items()},
    "industry": lambda row: row.industry_section,
    "ownership": lambda row: row.ownership,
    "size_class": lambda row: row.size_class,
}


def aggregate(rows: Iterable[ReportRow], by: str) -> dict[str, Totals]:
    """Totals per group, `by` one of GROUPINGS (`province`, `city`, `county`, `industry`, `ownership`,
    `size_class`), in the order of the group keys."""
    key = GROUPINGS[by]
    groups: dict[str, Totals] = {}
    for row in rows:
        groups.setdefault(key(row), Totals()).add(row)
    return dict(sorted(groups.items()))


def total(rows: Iterable[ReportRow]) -> Totals:
    result = Totals()
    for row in rows:
        result.add(row)
    return result

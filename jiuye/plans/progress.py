"""Is an indicator on track? The rules of the plan's progress reviews, as plain functions over numbers.

- A five-year cumulative target (城镇新增就业 >〔200〕万人) is judged by 时序进度: the share done against the share of
  the period elapsed at the date of the latest figure (2021-01 to 2025-12 is 60 months; a figure for January to
  October 2023 covers 34 of them).
- A level to reach in 2025 (城镇就业占比 57.7% → 62%) is judged against the straight path from the 2020 value to the
  target: the latest actual beside the path's value for its year.
- A yearly ceiling or floor (调查失业率 <5.5%, 脱贫人口务工规模 >90万人) is judged on the latest figure; a yearly
  average (全员劳动生产率 年均增长8.8%) on the average of the years so far; "稳步提高" on the direction of the figures;
  "完成国家确定目标" on the year's national target, when it has been entered.

Each verdict is 达到进度, 略低于进度 (within the band of `data/progress.json`) or 明显滞后, with one sentence saying
why; binding indicators (约束性) have no band. Plain Python, importing nothing from Django.
"""

import json
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path

ON_TRACK, SLIGHTLY_BEHIND, BEHIND, UNKNOWN = "on_track", "slightly_behind", "behind", "unknown"
PERIOD_START, PERIOD_END = 2021, 2025
PERIOD_MONTHS = (PERIOD_END - PERIOD_START + 1) * 12
SETTINGS = Path(__file__).resolve().parent / "data" / "progress.json"


@dataclass(frozen=True)
class Bands:
    """How far below the path still counts as 略低于进度 (see `data/progress.json`)."""

    cumulative_points: float = 5.0
    level_share: float = 0.25
    annual_cap_points: float = 0.2
    annual_floor_share: float = 0.05
    average_points: float = 1.0

    def strict(self) -> "Bands":
        """A binding indicator's: no band at all."""
        return Bands(0.0, 0.0, 0.0, 0.0, 0.0)


@cache
def bands() -> Bands:
    data = json.loads(SETTINGS.read_text(encoding="utf-8"))
    return Bands(**{name: float(data[name]) for name in Bands.__dataclass_fields__})


@cache
def projection_level() -> float:
    """The confidence of the projection's interval (0.95)."""
    return float(json.loads(SETTINGS.read_text(encoding="utf-8"))["projection_level"])


@dataclass(frozen=True)
class Point:
    """A figure of the indicator: for a year (`month` 0) or a month; for a cumulative indicator a month's figure is
    the year's total so far (1-10月累计)."""

    year: int
    month: int
    value: float

    @property
    def label(self) -> str:
        return f"{self.year}年" if not self.month else f"{self.year}年{self.month}月"


@dataclass(frozen=True)
class Facts:
    """What 专栏1 says of an indicator: its rule, kind and figures, in its unit."""

    rule: str
    name: str
    unit: str
    binding: bool = False
    baseline_year: int = 2020
    baseline: float | None = None
    target_year: int = PERIOD_END
    target: float | None = None


@dataclass(frozen=True)
class Progress:
    status: str
    reason: str
    latest: Point | None = None
    done_share: float | None = None  # cumulative: the share of the five-year target done
    time_share: float | None = None  # cumulative: the share of the period elapsed at the latest figure
    expected: float | None = None  # level: the path's value in the latest figure's year
    extra: dict = field(default_factory=dict)


def _fmt(value: float) -> str:
    """A figure as the reports print it: up to two decimals, no trailing zeros (62, 5.5, 93.19)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _verdict(shortfall: float, band: float) -> str:
    if shortfall <= 1e-9:
        return ON_TRACK
    return SLIGHTLY_BEHIND if shortfall <= band + 1e-9 else BEHIND


def evaluate(facts: Facts, points: list[Point], *, year_targets: dict[int, float] | None = None) -> Progress:
    """The verdict on `facts` given its figures (any order); `year_targets` are the years' own targets (the national
    training targets) where the rule needs them."""
    points = sorted(points, key=lambda point: (point.year, point.month))
    if not points:
        return Progress(UNKNOWN, f"{facts.name}尚无实际值，无法评估。")
    use = bands().strict() if facts.binding else bands()
    rule = RULES.get(facts.rule)
    if rule is None:
        raise ValueError(f"unknown target rule {facts.rule!r}")
    return rule(facts, points, use, year_targets or {})


def _annual(points: list[Point]) -> dict[int, Point]:
    """The figure of each year that speaks for it: the full year's, else its latest month's."""
    last: dict[int, Point] = {}
    for point in points:
        held = last.get(point.year)
        if held is None or (held.month and (not point.month or point.month > held.month)):
            last[point.year] = point
    return last


def newest_point(points: list[Point]) -> Point:
    """The newest year's figure (the full year's when there is one)."""
    return max(_annual(points).values(), key=lambda point: point.year)


def cumulative(facts: Facts, points: list[Point], use: Bands, _targets: dict) -> Progress:
    in_period = [point for point in _annual(points).values() if PERIOD_START <= point.year <= PERIOD_END]
    if not in_period:
        return Progress(UNKNOWN, f"{facts.name}尚无规划期内的实际值，无法评估。")
    latest = max(in_period, key=lambda point: point.year)
    done = sum(point.value for point in in_period)
    months = (latest.year - PERIOD_START) * 12 + (latest.month or 12)
    done_share, time_share = done / facts.target, months / PERIOD_MONTHS
    gap = (time_share - done_share) * 100
    status = _verdict(gap, use.cumulative_points)
    said = (
        f"{PERIOD_START}年至{latest.label}累计{_fmt(done)}{facts.unit}，占五年目标{_fmt(facts.target)}{facts.unit}的"
        f"{done_share:.1%}，时序进度{time_share:.1%}"
    )
    tail = "，快于时序进度。" if gap <= 0 else f"，落后{_fmt(gap)}个百分点。"
    return Progress(status, said + tail, latest, done_share=done_share, time_share=time_share)


def annual_at_most(facts: Facts, points: list[Point], use: Bands, _targets: dict) -> Progress:
    latest = newest_point(points)
    over = latest.value - facts.target
    status = _verdict(over, use.annual_cap_points)
    said = f"{latest.label}{facts.name.split('（')[0]}{_fmt(latest.value)}{facts.unit}"
    if over <= 0:
        return Progress(status, f"{said}，低于{_fmt(facts.target)}{facts.unit}的控制目标。", latest)
    return Progress(status, f"{said}，高于{_fmt(facts.target)}{facts.unit}的控制目标{_fmt(over)}个百分点。", latest)


def annual_at_least(facts: Facts, points: list[Point], use: Bands, _targets: dict) -> Progress:
    latest = newest_point(points)
    short = facts.target - latest.value
    status = _verdict(short / facts.target, use.annual_floor_share)
    said = f"{latest.label}{facts.name.split('（')[0]}{_fmt(latest.value)}{facts.unit}"
    if short <= 0:
        return Progress(status, f"{said}，达到每年{_fmt(facts.target)}{facts.unit}以上的目标。", latest)
    said += f"，比每年{_fmt(facts.target)}{facts.unit}的目标少{_fmt(short)}{facts.unit}。"
    return Progress(status, said, latest)


def average_at_least(facts: Facts, points: list[Point], use: Bands, _targets: dict) -> Progress:
    years = [point for point in _annual(points).values() if point.year >= PERIOD_START and not point.month]
    if not years:
        return Progress(UNKNOWN, f"{facts.name}尚无规划期内的全年数，无法评估。")
    average = sum(point.value for point in years) / len(years)
    short = facts.target - average
    status = _verdict(short, use.average_points)
    span = f"{years[0].year}年" if len(years) == 1 else f"{years[0].year}—{years[-1].year}年"
    said = f"{span}年均{_fmt(average)}{facts.unit}，"
    said += (
        f"达到年均{_fmt(facts.target)}{facts.unit}的目标。"
        if short <= 0
        else (f"低于年均{_fmt(facts.target)}{facts.unit}的目标{_fmt(short)}个百分点。")
    )
    return Progress(status, said, years[-1], extra={"average": average})


def path_value(facts: Facts, year: int) -> float:
    """The straight path from the baseline to the target, in `year`."""
    span = facts.target_year - facts.baseline_year
    return facts.baseline + (facts.target - facts.baseline) * (year - facts.baseline_year) / span


def level_at_least(facts: Facts, points: list[Point], use: Bands, _targets: dict) -> Progress:
    latest = newest_point(points)
    expected = path_value(facts, latest.year)
    short = expected - latest.value
    distance = abs(facts.target - facts.baseline) or 1.0
    status = _verdict(short / distance, use.level_share)
    said = (
        f"{latest.label}为{_fmt(latest.value)}{facts.unit}，按{facts.baseline_year}年{_fmt(facts.baseline)}"
        f"{facts.unit}到{facts.target_year}年{_fmt(facts.target)}{facts.unit}的路径应达{_fmt(expected)}{facts.unit}"
    )
    if short <= 0:
        said += "，达到路径要求。"
    else:
        said += f"，低{_fmt(short)}{facts.unit if facts.unit != '%' else '个百分点'}"
        said += "（约束性指标从严考核）。" if facts.binding else "。"
    return Progress(status, said, latest, expected=expected)


def rising(facts: Facts, points: list[Point], use: Bands, _targets: dict) -> Progress:
    years = sorted(_annual(points).values(), key=lambda point: point.year)
    latest = years[-1]
    base = facts.baseline if facts.baseline is not None else years[0].value
    said = f"{latest.label}为{_fmt(latest.value)}{facts.unit}，{facts.baseline_year}年为{_fmt(base)}{facts.unit}"
    if latest.value < base:
        return Progress(BEHIND, said + "，低于基期，未能稳步提高。", latest)
    falls = [later.year for earlier, later in pairwise(years) if later.value < earlier.value]
    if falls:
        return Progress(SLIGHTLY_BEHIND, said + f"，高于基期，但{falls[-1]}年比上年下降。", latest)
    return Progress(ON_TRACK, said + "，逐年提高。", latest)


def national(facts: Facts, points: list[Point], use: Bands, targets: dict) -> Progress:
    latest = newest_point(points)
    target = targets.get(latest.year)
    if target is None:
        said = f"{latest.label}完成{_fmt(latest.value)}{facts.unit}；尚未录入国家确定的年度目标，无法评估。"
        return Progress(UNKNOWN, said, latest)
    share = latest.value / target
    status = _verdict(1 - share, use.annual_floor_share)
    said = f"{latest.label}完成{_fmt(latest.value)}{facts.unit}，国家确定目标{_fmt(target)}{facts.unit}"
    said += f"，完成{share:.1%}。"
    return Progress(status, said, latest, done_share=share)


RULES = {
    "cumulative_at_least": cumulative,
    "annual_at_most": annual_at_most,
    "annual_at_least": annual_at_least,
    "average_at_least": average_at_least,
    "level_at_least": level_at_least,
    "rising": rising,
    "national": national,
}

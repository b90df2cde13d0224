"""The dashboard's indicator cards: what the card of each indicator of 专栏1 shows for a region, worded once here for
the page, the printable view and the Excel export, and the figures of its trend chart.

A card says the verdict and why (`jiuye.plans.progress`), the latest reported figure with its year, source and, on a
city's or county's page, whether it is the province's; jiuye's own figure beside it; the target (the region's own
share where the target was broken down); 时序进度 for the five-year total; and where the trend is heading.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.plans import progress
from jiuye.plans.enums import ProgressStatus, TargetRule
from jiuye.plans.models import Actual
from jiuye.plans.selectors import PROVINCE, YEARS, IndicatorView
from jiuye.reference.models import Region

CUMULATIVE = "cumulative_at_least"
TEN_THOUSAND_PEOPLE = "万人"


def figure(value: float | Decimal | None, places: int = 2, *, trim: bool = True) -> str:
    """A figure as the plan's tables print it: thousands grouped, up to `places` decimals, no trailing zeros
    (200, 5.5, 93.19, 1,471); all `places` decimals when not `trim` (a column of rates: 6.0, 5.4)."""
    if value is None:
        return "—"
    text = f"{float(value):,.{places}f}"
    return text.rstrip("0").rstrip(".") if places and trim else text


@dataclass
class Card:
    view: IndicatorView
    status: str
    status_label: str
    reason: str
    latest: Actual | None  # the figure the verdict speaks of (the full year's, else the year's latest month)
    latest_label: str
    figures_region_name: str  # whose figures: the region's own, or the province's
    own_label: str = ""  # jiuye's own figure beside the reported one
    own_value: str = ""
    own_basis: str = ""
    target_text: str = ""
    target_note: str = ""
    projection_text: str = ""
    chart: dict = field(default_factory=dict)

    @property
    def indicator(self):
        return self.view.indicator

    @property
    def short_name(self) -> str:
        return self.indicator.name.split("（")[0]

    @property
    def latest_value(self) -> str:
        return figure(self.latest.value) if self.latest else "—"

    @property
    def done_percent(self) -> float | None:
        verdict = self.view.verdict
        return None if verdict is None or verdict.done_share is None else verdict.done_share * 100

    @property
    def time_percent(self) -> float | None:
        verdict = self.view.verdict
        return None if verdict is None or verdict.time_share is None else verdict.time_share * 100

    @property
    def bar_width(self) -> float | None:
        """The done share as a bar's width, at most the whole bar."""
        return None if self.done_percent is None else min(self.done_percent, 100.0)


def cards_for(views: list[IndicatorView], region: Region) -> list[Card]:
    return [_card(view, region) for view in views]


def _card(view: IndicatorView, region: Region) -> Card:
    verdict = view.verdict
    status = verdict.status if verdict else progress.UNKNOWN
    latest = _latest_actual(view)
    card = Card(
        view=view, status=status, status_label=str(ProgressStatus(status).label),
        reason=verdict.reason if verdict else "",
        latest=latest, latest_label=_period(latest) if latest else "",
        figures_region_name=_("全省") if view.from_province else region.name,
    )  # fmt: skip
    if view.own:
        own = view.own[-1]
        card.own_label, card.own_basis = own.label, own.basis
        card.own_value = _own_text(own.value, view.indicator.unit)
    card.target_text, card.target_note = _target(view, region)
    card.projection_text = _projection(view)
    card.chart = chart_data(view, region)
    return card


def _own_text(value: float, unit: str) -> str:
    """jiuye's own count in the indicator's unit, with the people it counts when the unit is 万人 (the registers
    of a county count hundreds, not tens of thousands): "0.95万人（9,451人）", "38人"."""
    if unit != TEN_THOUSAND_PEOPLE:
        return f"{figure(value)}{unit}"
    people = round(value * 10_000)
    if people < 100:
        return _("%(people)d人") % {"people": people}
    return _("%(value)s万人（%(people)s人）") % {"value": figure(value), "people": f"{people:,}"}


def _period(actual: Actual) -> str:
    return progress.Point(actual.year, actual.month, 0).label


def _latest_actual(view: IndicatorView) -> Actual | None:
    """The reported figure the verdict speaks of; the newest one when the verdict names none."""
    point = view.verdict.latest if view.verdict else None
    if point is not None:
        for actual in view.actuals:
            if (actual.year, actual.month) == (point.year, point.month):
                return actual
    return view.latest


def _target(view: IndicatorView, region: Region) -> tuple[str, str]:
    """What the target asks ("五年累计不低于200万人") and whose target it is."""
    indicator, rule = view.indicator, view.indicator.rule
    label = str(TargetRule(rule).label)
    if rule == TargetRule.RISING:
        base = f"{figure(indicator.baseline_value)}{indicator.unit}"
        return label, _("%(year)d年为%(value)s") % {"year": indicator.baseline_year, "value": base}
    if rule == TargetRule.NATIONAL:
        years = sorted(view.year_targets.items())
        if not years:
            return label, _("尚未录入年度目标")
        year, value = years[-1]
        said = _("%(year)d年目标%(value)s%(unit)s")
        return label, said % {"year": year, "value": figure(value), "unit": indicator.unit}
    if view.target is None:
        return _("未分解"), _("%(region)s尚未分解该指标的目标") % {"region": region.name}
    text = f"{label}{figure(view.target)}{indicator.unit}"
    if view.target_region == region.code and region.code != PROVINCE:
        return text, _("%(region)s的分解目标") % {"region": region.name}
    if rule == TargetRule.LEVEL_AT_LEAST and indicator.baseline_value is not None:
        base = f"{figure(indicator.baseline_value)}{indicator.unit}"
        return text, _("规划目标，%(year)d年为%(value)s") % {"year": indicator.baseline_year, "value": base}
    return text, _("规划目标")


def _projection(view: IndicatorView) -> str:
    projected = view.projected
    if projected is None:
        return ""
    unit = view.indicator.unit
    if view.indicator.rule == CUMULATIVE:
        said = _("按目前趋势，五年累计预计%(value)s%(unit)s") % {"value": figure(projected.value), "unit": unit}
    else:
        said = _("按目前趋势，%(year)d年预计%(value)s%(unit)s") % {
            "year": projected.year, "value": figure(projected.value), "unit": unit}  # fmt: skip
    if projected.low is None:
        return said + _("（数据点太少，没有预测区间）。")
    return said + _("（%(level)s预测区间%(low)s—%(high)s）。") % {
        "level": f"{projected.level:.0%}", "low": figure(projected.low), "high": figure(projected.high)}  # fmt: skip


# ------------------------------------------------------------------------------------------------------- charts

TARGET_SERIES = {
    "cumulative_at_least": gettext_lazy("时序进度要求"),
    "level_at_least": gettext_lazy("目标路径"),
    "annual_at_most": gettext_lazy("控制目标"),
    "annual_at_least": gettext_lazy("目标下限"),
    "average_at_least": gettext_lazy("年均目标"),
}


def chart_data(view: IndicatorView, region: Region) -> dict:
    """The trend chart of one indicator: each year's figure (a running total for the five-year one), the line the
    target asks for, and the projection to the target year with its interval."""
    indicator = view.indicator
    annual = _annual(view)
    cumulative = indicator.rule == CUMULATIVE
    actual, labels = _actual_series(indicator, annual, cumulative)
    path = dict(view.path())
    target_name = str(TARGET_SERIES.get(indicator.rule, ""))
    if indicator.rule == TargetRule.NATIONAL:
        path, target_name = view.year_targets, _("国家确定的年度目标")
    projected = view.projected
    return {
        "id": f"chart-{indicator.code}",
        "title": indicator.name,
        "unit": indicator.unit,
        "file": f"{region.name}_{indicator.name.split('（')[0]}",
        "years": [str(year) for year in YEARS],
        "actual": actual,
        "labels": labels,
        "actualName": _("累计完成") if cumulative else _("实际值"),
        "target": [path.get(year) for year in YEARS] if path else [],
        "targetName": target_name,
        "projection": (
            {"value": projected.value, "low": projected.low, "high": projected.high, "year": str(projected.year),
             "name": _("趋势预测")}
            if projected else None
        ),
    }  # fmt: skip


def _annual(view: IndicatorView) -> dict[int, progress.Point]:
    """Each year's figure as the verdict reads it: the full year's, else the year's latest month."""
    points = [progress.Point(actual.year, actual.month, float(actual.value)) for actual in view.actuals]
    years = sorted({point.year for point in points})
    return {year: progress.newest_point([point for point in points if point.year == year]) for year in years}


def _actual_series(indicator, annual: dict[int, progress.Point], cumulative: bool) -> tuple[list, list]:
    values: list[float | None] = []
    labels: list[str] = []
    total = 0.0
    for year in YEARS:
        point = annual.get(year)
        if cumulative:
            if year < progress.PERIOD_START:
                values.append(0.0 if annual else None)
                labels.append(_("规划期起点"))
                continue
            total += point.value if point else 0.0
            values.append(total if point else None)
        elif point is None and year == indicator.baseline_year and indicator.baseline_value is not None:
            values.append(float(indicator.baseline_value))
            labels.append(_("%(year)d年（基期）") % {"year": year})
            continue
        else:
            values.append(point.value if point else None)
        labels.append(point.label if point else "")
    return values, labels

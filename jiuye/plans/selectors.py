"""Reads of the plan's indicators for a region: the reported figures, jiuye's own beside them, the target, the
progress verdict and the projection; for the dashboard, the API and the exports.

A city's or county's page shows its own figures where they have been entered (and its share of a target where the
target was broken down); where it has none, the province's figures, marked as such: most of 专栏1 is published for
the province only. A fixed number of queries whatever the number of indicators and years.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.plans import computed, progress, projection
from jiuye.plans.models import Actual, Indicator, Target
from jiuye.plans.perms import can_read_plan
from jiuye.reference.models import Region

PROVINCE = "14"
# A rate, a share or a growth rate holds for a city as for the province (调查失业率 below 5.5% in Taiyuan too); a count
# or a five-year total does not: a city's part of it must be set (`Target`).
RATE_RULES = {"annual_at_most", "level_at_least", "average_at_least"}
YEARS = range(2020, 2026)


@dataclass(frozen=True)
class OwnFigure:
    """jiuye's own figure beside the reported one: its year or month, value and what it counts."""

    label: str
    value: float
    basis: str


@dataclass
class IndicatorView:
    indicator: Indicator
    region: Region
    figures_region: str  # the region the reported figures are of: this one, or the province's
    actuals: list[Actual]
    target: float | None  # this region's target (its share of the plan's), or the plan's
    target_region: str
    year_targets: dict[int, float]
    own: list[OwnFigure] = field(default_factory=list)
    verdict: progress.Progress | None = None
    projected: projection.Projection | None = None

    @property
    def latest(self) -> Actual | None:
        return self.actuals[-1] if self.actuals else None

    @property
    def from_province(self) -> bool:
        return self.figures_region != self.region.code

    def path(self) -> list[tuple[int, float]]:
        """What the target asks, year by year, for a chart: the straight path of a level, the even pace of a
        five-year total (cumulative), a ceiling's or floor's line."""
        indicator, target = self.indicator, self.target
        if target is None:
            return []
        if indicator.rule == "level_at_least" and indicator.baseline_value is not None:
            facts = facts_of(indicator, target)
            return [(year, progress.path_value(facts, year)) for year in YEARS]
        if indicator.rule == "cumulative_at_least":
            return [(year, target * (year - 2020) / 5) for year in YEARS]
        if indicator.rule in ("annual_at_most", "annual_at_least", "average_at_least"):
            return [(year, target) for year in YEARS]
        return []


def facts_of(indicator: Indicator, target: float | None) -> progress.Facts:
    return progress.Facts(
        rule=indicator.rule, name=indicator.name, unit=indicator.unit, binding=indicator.kind == "binding",
        baseline_year=indicator.baseline_year,
        baseline=float(indicator.baseline_value) if indicator.baseline_value is not None else None,
        target_year=indicator.target_year, target=target,
    )  # fmt: skip


def region_for(*, user: User, code: str) -> Region:
    """A province, city or county the user may read; Http404 (with the reason) otherwise."""
    region = Region.objects.filter(code=code, level__in=("province", "city", "county")).first()
    if region is None or not can_read_plan(user, code):
        raise Http404(_("该区划不存在或不在您的管辖范围内。"))
    return region


def plan_indicators(*, user: User, region: Region) -> list[IndicatorView]:
    """Every indicator of 专栏1 for `region`, with its verdict and projection, in a fixed number of queries (the
    figures of a region and the province are a few hundred rows at most: ten indicators, six years, their months)."""
    indicators = list(Indicator.objects.order_by("order"))
    codes = {region.code, PROVINCE}
    by_indicator: dict[tuple[str, str], list[Actual]] = defaultdict(list)
    for actual in Actual.objects.filter(region_id__in=codes).order_by("year", "month"):
        by_indicator[(actual.indicator_id, actual.region_id)].append(actual)
    targets = _targets(codes)
    views = [_view(indicator, region, by_indicator, targets) for indicator in indicators]
    _add_own_figures(user, region, views)
    for view in views:
        _judge(view)
    return views


def _targets(codes: set[str]) -> dict[tuple[str, str], dict[int, float]]:
    targets: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for target in Target.objects.filter(region_id__in=codes):
        targets[(target.indicator_id, target.region_id)][target.year] = float(target.value)
    return targets


def _view(indicator: Indicator, region: Region, actuals: dict, targets: dict) -> IndicatorView:
    own = actuals.get((indicator.code, region.code), [])
    figures_region = region.code if own or region.code == PROVINCE else PROVINCE
    shares = targets.get((indicator.code, region.code), {})
    plan_target = float(indicator.target_value) if indicator.target_value is not None else None
    if 0 in shares:
        target, target_region = shares[0], region.code
    elif figures_region == PROVINCE or indicator.rule in RATE_RULES:
        target, target_region = plan_target, PROVINCE
    else:
        target, target_region = None, region.code
    year_targets = {year: value for year, value in targets.get((indicator.code, figures_region), {}).items() if year}
    return IndicatorView(
        indicator=indicator, region=region, figures_region=figures_region,
        actuals=actuals.get((indicator.code, figures_region), []), target=target, target_region=target_region,
        year_targets=year_targets,
    )  # fmt: skip


def _points(view: IndicatorView) -> list[progress.Point]:
    return [progress.Point(actual.year, actual.month, float(actual.value)) for actual in view.actuals]


def _judge(view: IndicatorView) -> None:
    """The verdict and the projection of one indicator."""
    points = _points(view)
    if view.target is None and view.indicator.rule not in ("rising", "national"):
        reason = _("%(region)s尚未分解该指标的目标，无法评估进度。") % {"region": view.region.name}
        view.verdict = progress.Progress(progress.UNKNOWN, reason, None)
    else:
        view.verdict = progress.evaluate(facts_of(view.indicator, view.target), points, year_targets=view.year_targets)
    view.projected = _projection(view, points)


def _projection(view: IndicatorView, points: list[progress.Point]) -> projection.Projection | None:
    """The trend of the yearly figures to 2025, when 2025 has no full-year figure yet."""
    years = {point.year: point.value for point in points if not point.month}
    if 2025 in years or len(years) < 2:
        return None
    level = progress.projection_level()
    ordered = sorted(years)
    if view.indicator.rule == "cumulative_at_least":
        done = sum(value for year, value in years.items() if year >= progress.PERIOD_START)
        values = [years[year] for year in ordered]
        return projection.cumulative_projection(ordered, values, done, ordered[-1], 2025, level=level)
    baseline = view.indicator.baseline_value
    if baseline is not None and view.indicator.baseline_year not in years:
        years[view.indicator.baseline_year] = float(baseline)
        ordered = sorted(years)
    return projection.linear_projection(ordered, [years[year] for year in ordered], 2025, level=level)


def _add_own_figures(user: User, region: Region, views: list[IndicatorView]) -> None:
    """jiuye's own figures for the indicators it can compute, for this region, in three queries."""
    by_code = {view.indicator.code: view for view in views}
    if "urban_new_jobs" in by_code:
        jobs = computed.new_urban_jobs_by_year(user=user, region_code=region.code, years=YEARS)
        by_code["urban_new_jobs"].own = [
            OwnFigure(f"{year}年", value, by_code["urban_new_jobs"].indicator.computed_by)
            for year, value in sorted(jobs.items())
        ]
    if "surveyed_unemployment_rate" in by_code:
        rates = computed.surveyed_unemployment_rates(region_code=region.code).get(region.code, {})
        view = by_code["surveyed_unemployment_rate"]
        view.own = [OwnFigure(f"{year}年平均", value, view.indicator.computed_by)
                    for year, value in sorted(computed.yearly_average(rates).items())]  # fmt: skip
    if "poverty_alleviated_employed" in by_code:
        employed = computed.poverty_alleviated_employed(user=user, region_code=region.code).get(region.code, 0.0)
        view = by_code["poverty_alleviated_employed"]
        view.own = [OwnFigure(_("目前"), employed, view.indicator.computed_by)]


def indicator_get(*, code: str) -> Indicator:
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise Http404(_("没有这个规划指标。"))
    return indicator


def indicator_detail(*, user: User, region: Region, code: str) -> IndicatorView:
    """One indicator for `region`, with its yearly and monthly figures."""
    indicator_get(code=code)
    return next(view for view in plan_indicators(user=user, region=region) if view.indicator.code == code)

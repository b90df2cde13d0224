"""The dashboard map's figures: one figure for each child region of a province (its cities) or of a city (its
counties), for each of the map's five measures. A county's page has no map (its streets have no shapes), so a county
gets no figures.

- 城镇调查失业率: the survey's estimates of the latest month (`jiuye.plans.computed`); the survey is estimated for
  the province and its cities, not for counties.
- 失业风险预警: monitoring warnings not yet closed, by the region they are routed to (`warning_search`); those routed
  to the region itself (a province's or a city's own) are counted apart.
- 城镇新增就业: the registers' new jobs of the latest year of the plan (登记口径), against the child's target of
  that year where one was set, else a fifth of its five-year target, else alone.
- 零就业家庭: households not yet cleared (动态清零), the caseworkers' worklist (`jiuye.people.worklists`).
- 求人倍率: the vacancy-seeker ratio of the last quarter that has ended (`jiuye.market`).

Each selector counts within the user's scope (`visible_to(user)`, through the selector it reuses) in one query (new
urban jobs: two, the count and the targets), whatever the number of regions.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, Sum, Value
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.employers.models import Vacancy
from jiuye.market import statistics as market
from jiuye.monitoring.selectors import ACTIVE, warning_search
from jiuye.people.worklists import worklist
from jiuye.plans import computed
from jiuye.plans.models import Target
from jiuye.plans.progress import PERIOD_END, PERIOD_START
from jiuye.reference.models import Region
from jiuye.seekers.models import SeekerRegistration

CHILD_LENGTH = {2: 4, 4: 6}  # a province's cities, a city's counties
URBAN_NEW_JOBS = "urban_new_jobs"
YEARS_IN_PERIOD = PERIOD_END - PERIOD_START + 1


@dataclass(frozen=True)
class ChildFigure:
    value: float | None
    target: float | None = None  # new urban jobs: the year's target, in people
    target_basis: str = ""  # which target: the year's own, or a fifth of the five-year one

    @property
    def share(self) -> float | None:
        """The share of the target done (new urban jobs), when there is a target."""
        return None if self.value is None or not self.target else self.value / self.target


@dataclass(frozen=True)
class RegionalFigures:
    """One measure of the map: its figure for each child region (by code; a child without a figure is absent)."""

    key: str
    label: str
    unit: str
    period: str  # what the figures are of: "2026年10月", "2025年", "2026年第3季度", "目前"
    note: str  # what is counted, and what is missing
    figures: dict[str, ChildFigure] = field(default_factory=dict)
    own: float | None = None  # warnings routed to the region itself, not to a child
    counts: bool = False  # a count: a child region without a figure has none (0), not an unknown figure

    @property
    def compared(self) -> bool:
        """Some child has a target to be measured against (new urban jobs)."""
        return any(figure.target for figure in self.figures.values())


def child_length(region: Region) -> int | None:
    return CHILD_LENGTH.get(len(region.code))


def _by_child(queryset, field_name: str, length: int, **aggregates) -> dict[str, dict]:
    rows = queryset.order_by().annotate(child=Substr(field_name, 1, length)).values("child").annotate(**aggregates)
    return {row["child"]: row for row in rows}


def surveyed_unemployment(*, region: Region) -> RegionalFigures:
    """The survey's rate of each child region in the latest month any of them has (aggregate statistics of the
    survey's sample, not scoped records)."""
    rates = {}
    if child_length(region):
        rates = computed.surveyed_unemployment_rates(region_code=region.code, by_child=True)
    months = {month for monthly in rates.values() for month in monthly}
    latest = max(months, default="")
    figures = {code: ChildFigure(monthly[latest]) for code, monthly in rates.items() if latest in monthly}
    if figures:
        note = _("劳动力调查的加权估计（国家统计局口径），%(month)s。") % {"month": _month(latest)}
    elif child_length(region) == CHILD_LENGTH[4]:
        note = _("劳动力调查的样本只推算到设区市，各县（市、区）没有调查失业率。")
    else:
        note = _("尚无劳动力调查的估计。")
    label = _("城镇调查失业率")
    return RegionalFigures("unemployment", label, "%", _month(latest) if latest else "", note, figures)


def _month(month: str) -> str:
    """ "2026-10" -> "2026年10月"."""
    return _("%(year)s年%(month)d月") % {"year": month[:4], "month": int(month[5:7])}


def open_warnings(*, user: User, region: Region) -> RegionalFigures:
    """Warnings not yet closed (待处理 and 已签收) routed to each child region; the region's own apart (all of a
    county's)."""
    length = child_length(region)
    warnings = warning_search(user=user, status=ACTIVE).in_region(region.code)
    rows = _by_child(warnings, "region_code", length or len(region.code), count=Count("pk"))
    figures = {code: ChildFigure(row["count"]) for code, row in rows.items() if length and len(code) == length}
    own = sum(row["count"] for code, row in rows.items() if not length or len(code) < length)
    note = _("失业动态监测中尚未关闭（待处理、已签收）的预警，按预警所属地区统计。")
    if own:
        note += _("另有%(count)d条预警属%(region)s本级。") % {"count": own, "region": region.name}
    return RegionalFigures("warnings", _("失业风险预警"), _("条"), _("目前"), note, figures, own=own, counts=True)


def new_urban_jobs(*, user: User, region: Region, today: datetime.date | None = None) -> RegionalFigures:
    """The registers' new urban jobs of each child region in the plan's latest year so far, in people, with the
    child's target for the year where the region's target was broken down."""
    year = min((today or timezone.localdate()).year, PERIOD_END)
    length = child_length(region)
    counts = computed.new_urban_jobs(user=user, region_code=region.code, year=year, by_child=True) if length else {}
    targets = _year_targets(region, year) if length else {}
    figures = {
        code: ChildFigure(round(counts.get(code, 0.0) * computed.TEN_THOUSAND), *targets.get(code, (None, "")))
        for code in counts.keys() | targets.keys()
    }
    if targets:
        note = _("平台实名制台账中%(year)d年转为就业的人数（登记口径），对照各地分解到%(year)d年的目标完成比例。")
    else:
        note = _("平台实名制台账中%(year)d年转为就业的人数（登记口径）；尚未向下级分解目标，只显示人数。")
    return RegionalFigures("new_jobs", _("城镇新增就业"), _("人"), _("%(year)d年") % {"year": year},
                           note % {"year": year}, figures, counts=True)  # fmt: skip


def _year_targets(region: Region, year: int) -> dict[str, tuple[float, str]]:
    """Each child's target for `year` in people: its own target of the year, else a fifth of its five-year one."""
    rows = Target.objects.filter(indicator_id=URBAN_NEW_JOBS, region__parent_id=region.code, year__in=(0, year))
    targets: dict[str, tuple[float, str]] = {}
    for target in rows.order_by("year"):  # the five-year target first, the year's own replaces it
        people = float(target.value) * computed.TEN_THOUSAND
        if target.year:
            targets[target.region_id] = (people, _("%(year)d年目标") % {"year": year})
        else:
            targets[target.region_id] = (people / YEARS_IN_PERIOD, _("五年目标的年均数"))
    return targets


def zero_employment_households(*, user: User, region: Region) -> RegionalFigures:
    """Zero-employment households not yet cleared in each child region (the worklist 未清零的零就业家庭)."""
    length = child_length(region)
    figures = {}
    if length:
        households = worklist(user=user, name="zero_employment_households", region_code=region.code)
        rows = _by_child(households, "household__region_id", length, count=Count("pk"))
        figures = {code: ChildFigure(row["count"]) for code, row in rows.items()}
    note = _("实名制台账中尚未实现至少一人就业（未清零）的零就业家庭户数。")
    label = _("零就业家庭（未清零）")
    return RegionalFigures("zero_employment", label, _("户"), _("目前"), note, figures, counts=True)


def vacancies_per_seeker(*, user: User, region: Region, today: datetime.date | None = None) -> RegionalFigures:
    """求人倍率 of each child region in the last quarter that has ended: the vacancies' headcount where the work is
    over the seekers registered where they live (one query: the two counts as a union)."""
    quarter = market.quarters_ending(market.quarter_of(today or timezone.localdate()), 2)[0]
    start, end = market.quarter_bounds(quarter)
    length = child_length(region)
    demand_supply: dict[str, list[int]] = {}
    if length:
        zero = Value(0, output_field=IntegerField())
        vacancies = Vacancy.objects.visible_to(user).in_region(region.code).filter(valid_from__range=(start, end))
        seekers = SeekerRegistration.objects.visible_to(user).in_region(region.code)
        seekers = seekers.filter(registered_on__range=(start, end))
        demand = vacancies.order_by().annotate(child=Substr("region_id", 1, length)).values("child")
        supply = seekers.order_by().annotate(child=Substr("person__residence_region_id", 1, length)).values("child")
        rows = (
            demand.annotate(demand=Sum("headcount"), supply=zero)
            .union(supply.annotate(demand=zero, supply=Count("pk")), all=True)
            .order_by()
        )
        for row in rows:
            counts = demand_supply.setdefault(row["child"], [0, 0])
            counts[0] += row["demand"] or 0
            counts[1] += row["supply"] or 0
    figures = {
        code: ChildFigure(float(ratio) if (ratio := market.vacancy_seeker_ratio(*counts)) is not None else None)
        for code, counts in demand_supply.items()
    }
    note = _("%(quarter)s登记岗位的需求人数与登记求职人数之比（求人倍率）；大于1表示岗位多于求职者。")
    period = _("%(year)s年第%(number)s季度") % {"year": quarter[:4], "number": quarter[-1]}
    return RegionalFigures("vacancy_ratio", _("求人倍率"), "", period, note % {"quarter": period}, figures)


def map_figures(*, user: User, region: Region, today: datetime.date | None = None) -> list[RegionalFigures]:
    """The map's five measures, in the order of its switch."""
    return [
        surveyed_unemployment(region=region),
        open_warnings(user=user, region=region),
        new_urban_jobs(user=user, region=region, today=today),
        zero_employment_households(user=user, region=region),
        vacancies_per_seeker(user=user, region=region, today=today),
    ]

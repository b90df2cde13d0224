"""Reads behind the market statistics (`jiuye.market.statistics`): vacancies and seeker registrations of a quarter in
a region, through the region scope, as plain rows, and the report the page, the export and the API show.

The region must be inside the user's scope (`market_region` resolves the parameter against it; callers answer 404
otherwise), and every read still starts from `visible_to(user)`.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from jiuye.accounts.models import User
from jiuye.accounts.scope import user_region_prefix
from jiuye.employers.models import Vacancy
from jiuye.market import statistics as market
from jiuye.reference.models import Occupation, Region
from jiuye.seekers.models import SeekerRegistration

PROVINCE = "14"
CHILD_LENGTH = {2: 4, 4: 6}  # province -> cities, city -> counties; a county has no children here
TREND_QUARTERS = 8
LEVELS = ("major", "medium")


@dataclass
class MarketReport:
    region: Region
    quarter: str
    level: str
    total: market.RatioRow
    by_occupation: list[market.RatioRow]
    by_region: list[market.RatioRow]
    shortage: list[market.RatioRow]
    surplus: list[market.RatioRow]
    wages_by_occupation: list[market.WageRow]
    wages_by_region: list[market.WageRow]
    trend: list[market.RatioRow]
    names: dict[str, str] = field(default_factory=dict)  # occupation and region codes -> names

    def name(self, code: str) -> str:
        return self.names.get(code, code) if code else "未填求职意向"


def market_region(*, user: User, code: str = "") -> Region | None:
    """The region of the page's or the API's `region` parameter (`code`; the user's own region when blank, the
    province for a superuser) when it exists inside the user's scope, else None (the caller answers 404). The
    user's region is resolved once, for the default and the scope alike (the rule of `can_view_region`)."""
    prefix = user_region_prefix(user)
    if prefix is None:
        return None
    code = code.strip() or prefix or PROVINCE
    return Region.objects.filter(code=code).first() if code.startswith(prefix) else None


def market_rows(
    *, user: User, region_code: str, start: datetime.date, end: datetime.date
) -> tuple[list[market.VacancyRow], list[market.SeekerRow]]:
    """Vacancies registered (starting) between `start` and `end` where the work is in the region, and the
    registrations of seekers living in it, each with the first occupation asked for (the lowest link id)."""
    vacancies = [
        market.VacancyRow(*row)
        for row in Vacancy.objects.visible_to(user)
        .in_region(region_code)
        .filter(valid_from__range=(start, end))
        .values_list("occupation_id", "region_id", "headcount", "wage_min", "wage_max")
    ]
    registrations = (
        SeekerRegistration.objects.visible_to(user).in_region(region_code).filter(registered_on__range=(start, end))
    )
    first: dict[int, str] = {}
    links = SeekerRegistration.desired_occupations.through.objects.filter(seekerregistration__in=registrations)
    for registration, occupation in links.order_by("-pk").values_list("seekerregistration_id", "occupation_id"):
        first[registration] = occupation  # descending, so the lowest link id is written last
    seekers = [
        market.SeekerRow(first.get(pk, ""), region)
        for pk, region in registrations.values_list("pk", "person__residence_region_id")
    ]
    return vacancies, seekers


def market_trend(*, user: User, region_code: str, quarters: list[str]) -> list[market.RatioRow]:
    """Demand and supply of the region in each quarter, counted in the database (two grouped queries)."""
    start, end = market.quarter_bounds(quarters[0])[0], market.quarter_bounds(quarters[-1])[1]
    demand = _by_quarter(
        Vacancy.objects.visible_to(user).in_region(region_code).filter(valid_from__range=(start, end)),
        "valid_from",
        Sum("headcount"),
    )
    supply = _by_quarter(
        SeekerRegistration.objects.visible_to(user).in_region(region_code).filter(registered_on__range=(start, end)),
        "registered_on",
        Count("pk"),
    )
    return [market.RatioRow(q, demand.get(q, 0), supply.get(q, 0)) for q in quarters]


def _by_quarter(queryset, date_field: str, aggregate) -> dict[str, int]:
    rows = (
        queryset.annotate(year=ExtractYear(date_field), quarter=ExtractQuarter(date_field))
        .values("year", "quarter")
        .annotate(value=aggregate)
        .order_by()
    )
    return {f"{row['year']}Q{row['quarter']}": row["value"] or 0 for row in rows}


def market_quarters(*, user: User, region_code: str, today: datetime.date | None = None) -> list[str]:
    """The quarters from the first vacancy or registration of the region to today's, newest first."""
    today = today or timezone.localdate()
    firsts = [
        day
        for day in (
            Vacancy.objects.visible_to(user).in_region(region_code).order_by("valid_from").values_list(
                "valid_from", flat=True
            ).first(),
            SeekerRegistration.objects.visible_to(user).in_region(region_code).order_by("registered_on").values_list(
                "registered_on", flat=True
            ).first(),
        )
        if day is not None and day <= today
    ]  # fmt: skip
    if not firsts:
        return [market.quarter_of(today)]
    first, last = market.quarter_of(min(firsts)), market.quarter_of(today)
    count = _quarter_index(last) - _quarter_index(first) + 1
    return list(reversed(market.quarters_ending(last, count)))


def default_quarter(quarters: list[str], today: datetime.date | None = None) -> str:
    """The last quarter that has ended, when there is one; else the current one."""
    current = market.quarter_of(today or timezone.localdate())
    finished = [quarter for quarter in quarters if quarter != current]
    return finished[0] if finished else quarters[0]


def _quarter_index(quarter: str) -> int:
    start, _end = market.quarter_bounds(quarter)
    return start.year * 4 + (start.month - 1) // 3


def market_report(*, user: User, region: Region, quarter: str, level: str = "major") -> MarketReport:
    """Everything the page shows for a region and quarter: about six queries whatever the size of the region."""
    start, end = market.quarter_bounds(quarter)
    vacancies, seekers = market_rows(user=user, region_code=region.code, start=start, end=end)
    occupation_key = market.by_occupation(level)
    region_key = market.by_region(CHILD_LENGTH.get(len(region.code), len(region.code)))
    detailed = market.ratios(vacancies, seekers, market.by_occupation("detailed"))
    overall = market.total(vacancies, seekers)
    volume = market.minimum_volume(overall)
    trend = market_trend(user=user, region_code=region.code, quarters=market.quarters_ending(quarter, TREND_QUARTERS))
    report = MarketReport(
        region=region, quarter=quarter, level=level, total=overall,
        by_occupation=market.ratios(vacancies, seekers, occupation_key),
        by_region=market.ratios(vacancies, seekers, region_key),
        shortage=market.shortage(detailed, min_volume=volume), surplus=market.surplus(detailed, min_volume=volume),
        wages_by_occupation=market.wages(vacancies, occupation_key),
        wages_by_region=market.wages(vacancies, region_key), trend=trend,
    )  # fmt: skip
    report.names = _names(report)
    return report


def _names(report: MarketReport) -> dict[str, str]:
    occupations = {row.key for rows in (report.by_occupation, report.shortage, report.surplus) for row in rows}
    occupations |= {row.key for row in report.wages_by_occupation}
    regions = {row.key for row in report.by_region} | {row.key for row in report.wages_by_region}
    names = dict(Occupation.objects.filter(code__in=occupations - {""}).values_list("code", "name"))
    names.update(Region.objects.filter(code__in=regions).values_list("code", "name"))
    return names

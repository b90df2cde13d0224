"""The indicators jiuye can compute from its own data, shown beside the reported figures (never in their place: the
registers count the people an office knows of, not the province's whole labour market).

- 城镇新增就业: people of the registers who became employed in the year (their status changes to 就业), in 万人.
- 城镇调查失业率: the labour force survey's weighted estimates (`jiuye.lfs`), the year's average of its months, or a
  month's own, in %.
- 脱贫人口务工规模: people with an open entry in the 脱贫人口 register who are employed now, in 万人.

Each function counts within the user's scope and returns figures by region code for the region asked or for each of
its children (`by_child`), in one query.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import CharField, Count, QuerySet
from django.db.models.functions import Cast, Substr

from jiuye.accounts.models import User
from jiuye.lfs.models import DomainKind, MonthlyEstimate, Profile
from jiuye.people.enums import EmploymentStatus
from jiuye.people.models import EmploymentStatusChange, Person
from jiuye.reference.enums import KeyGroup

TEN_THOUSAND = 10_000
CHILD_LENGTH = {2: 4, 4: 6, 6: 9}
SURVEY_KINDS = {2: DomainKind.PROVINCE, 4: DomainKind.CITY, 6: DomainKind.COUNTY}


@dataclass(frozen=True)
class Computed:
    """A figure of jiuye's own, with what it counts (口径) and its date."""

    value: float
    basis: str
    as_of: str


def _by_prefix(queryset: QuerySet, field: str, region_code: str, by_child: bool, **aggregate) -> dict[str, dict]:
    length = CHILD_LENGTH.get(len(region_code), len(region_code)) if by_child else len(region_code)
    rows = (
        queryset.in_region(region_code)
        .annotate(code=Substr(field, 1, length))
        .values("code")
        .annotate(**aggregate)
        .order_by()
    )
    return {row["code"]: row for row in rows}


def new_urban_jobs(*, user: User, region_code: str, year: int, by_child: bool = False) -> dict[str, float]:
    """People who became employed in `year`, in 万人, by region code."""
    changes = EmploymentStatusChange.objects.visible_to(user).filter(
        status=EmploymentStatus.EMPLOYED, effective_on__year=year
    )
    rows = _by_prefix(
        changes, "person__residence_region_id", region_code, by_child, people=Count("person", distinct=True)
    )
    return {code: row["people"] / TEN_THOUSAND for code, row in rows.items()}


def new_urban_jobs_by_year(*, user: User, region_code: str, years: range) -> dict[int, float]:
    """The same, for each year of `years` that has any, in one query. The changes are kept to the region by their
    people (`person__in` the region's people: an index-only list of ids, rather than joining every change to its
    person's row) over the years' date range (the index on status and effective_on), and grouped by the date's first
    four characters (`effective_on__year` calls a Python function on every row on SQLite). 0.1 s instead of 0.3 s
    for the demo province at scale 10; the same scope: a person's changes are visible with the person."""
    people = Person.objects.visible_to(user).in_region(region_code)
    rows = (
        EmploymentStatusChange.objects.filter(
            person__in=people,
            status=EmploymentStatus.EMPLOYED,
            effective_on__range=(datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31)),
        )
        .annotate(year=Substr(Cast("effective_on", CharField()), 1, 4))
        .values("year")
        .annotate(people=Count("person", distinct=True))
        .order_by()
    )
    return {int(row["year"]): row["people"] / TEN_THOUSAND for row in rows}


def poverty_alleviated_employed(*, user: User, region_code: str, by_child: bool = False) -> dict[str, float]:
    """People in the 脱贫人口 register (an open entry) who are employed now, in 万人, by region code."""
    people = Person.objects.visible_to(user).filter(
        employment_status=EmploymentStatus.EMPLOYED,
        register_entries__group=KeyGroup.POVERTY_ALLEVIATED,
        register_entries__exited_on__isnull=True,
    )
    rows = _by_prefix(people, "residence_region_id", region_code, by_child, people=Count("pk", distinct=True))
    return {code: row["people"] / TEN_THOUSAND for code, row in rows.items()}


def surveyed_unemployment_rates(*, region_code: str, by_child: bool = False) -> dict[str, dict[str, float]]:
    """The survey's monthly rates (NBS definition, in %) of the region or of each child region: {code: {"2025-10":
    5.1, ...}}. Only the province, cities and counties the survey estimates; aggregate statistics, not scoped."""
    length = CHILD_LENGTH.get(len(region_code), len(region_code)) if by_child else len(region_code)
    kind = SURVEY_KINDS.get(length)
    if kind is None:
        return {}
    rows = MonthlyEstimate.objects.filter(
        domain_kind=kind, domain_code__startswith=region_code, profile=Profile.NBS, rate__isnull=False
    ).values_list("domain_code", "period__month", "rate")
    rates: dict[str, dict[str, float]] = defaultdict(dict)
    for code, month, rate in rows:
        rates[code][month] = rate * 100
    return dict(rates)


def yearly_average(monthly: dict[str, float]) -> dict[int, float]:
    """{"2025-01": 5.2, ...} -> {2025: mean of its months}."""
    years: dict[int, list[float]] = defaultdict(list)
    for month, value in monthly.items():
        years[int(month[:4])].append(value)
    return {year: sum(values) / len(values) for year, values in years.items()}

"""The people list (实名制人员): the search of `selectors.person_search` narrowed by region, key group, employment
status, age band and the graduates' "1131" progress, with each person's last service date, in the orders its
columns sort by.

Everything is computed in SQL (EXISTS and correlated subqueries), so a page of fifty people costs the same few
queries as a page of five, and the count and the page come from the same filtered query.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    IntegerField,
    Max,
    OrderBy,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.models import User
from jiuye.people.enums import EmploymentStatus
from jiuye.people.models import Person, RegisterEntry, Service
from jiuye.people.selectors import person_search
from jiuye.people.standard import standard_not_met, with_graduate_standard
from jiuye.reference.enums import KeyGroup


@dataclass(frozen=True)
class AgeBand:
    """Ages `low` to `high` inclusive, in whole years on the day of the search (`high` None: no upper bound)."""

    key: str
    label: str
    low: int
    high: int | None


AGE_BANDS: dict[str, AgeBand] = {
    band.key: band
    for band in [
        AgeBand("16-24", _("16–24岁"), 16, 24),
        AgeBand("25-34", _("25–34岁"), 25, 34),
        AgeBand("35-44", _("35–44岁"), 35, 44),
        AgeBand("45-54", _("45–54岁"), 45, 54),
        AgeBand("55-", _("55岁及以上"), 55, None),
    ]
}

GRADUATE_SERVICE = {"met": _("“1131”服务已达标"), "not_met": _("“1131”服务未达标")}


@dataclass(frozen=True)
class PersonFilters:
    """What the list is narrowed to; blank means not narrowed. `region_code` narrows the user's scope, never widens
    it; `group` keeps people with an open entry in that register; `graduate_service` ("met" / "not_met") keeps
    unplaced graduates (open entry) whose "1131" services are all done / not all done."""

    query: str = ""
    region_code: str = ""
    group: str = ""
    status: str = ""
    age_band: str = ""
    graduate_service: str = ""


def person_list(*, user: User, filters: PersonFilters, today: datetime.date | None = None) -> QuerySet[Person]:
    """The people of the list, each with `last_service_on`, unordered (`person_order` orders them)."""
    people = person_search(user=user, query=filters.query)
    if filters.region_code:
        people = people.in_region(filters.region_code)
    if filters.group in KeyGroup.values:
        people = people.filter(Exists(_open_entries(filters.group)))
    if filters.status in EmploymentStatus.values:
        people = people.filter(employment_status=filters.status)
    if filters.age_band in AGE_BANDS:
        people = people.filter(born_within(AGE_BANDS[filters.age_band], today or timezone.localdate()))
    if filters.graduate_service in GRADUATE_SERVICE:
        people = people.filter(_graduate_service(filters.graduate_service == "met"))
    return people.annotate(last_service_on=last_service_on())


def _open_entries(group: str) -> QuerySet[RegisterEntry]:
    return RegisterEntry.objects.filter(person=OuterRef("pk"), group=group, exited_on__isnull=True)


def _graduate_service(met: bool) -> Exists:
    entries = with_graduate_standard(_open_entries(KeyGroup.UNPLACED_GRADUATE))
    return Exists(entries.exclude(standard_not_met()) if met else entries.filter(standard_not_met()))


def last_service_on() -> Subquery:
    """The date of the person's latest service of any kind (None when never served), for a queryset of people or
    of their register entries (`OuterRef("person")` there)."""
    return _latest_service("pk")


def entry_last_service_on() -> Subquery:
    return _latest_service("person")


def _latest_service(person: str) -> Subquery:
    services = Service.objects.filter(person=OuterRef(person)).order_by().values("person")
    return Subquery(services.annotate(on=Max("provided_on")).values("on")[:1], output_field=DateField())


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` earlier; 29 February becomes the 28th in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def born_within(band: AgeBand, today: datetime.date) -> Q:
    """Aged `band.low` or more and at most `band.high` on `today`: born on or before the day `low` years ago and
    after the day `high + 1` years ago."""
    condition = Q(birth_date__lte=years_before(today, band.low))
    if band.high is not None:
        condition &= Q(birth_date__gt=years_before(today, band.high + 1))
    return condition


def age_on(birth_date: datetime.date, today: datetime.date) -> int:
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


# The orders of the sortable columns, ascending; descending reverses each part. Ties fall back to the primary key,
# so the order is the same on every page and every reload (a stable page 2).
_status_rank = Case(
    *[When(employment_status=value, then=Value(rank)) for rank, value in enumerate(EmploymentStatus.values)],
    default=Value(len(EmploymentStatus.values)),
    output_field=IntegerField(),
)
PERSON_ORDERS: dict[str, tuple] = {
    "name": (F("name_search"),),
    "age": (F("birth_date").desc(),),  # youngest first: age ascending
    "region": (F("residence_region_id"), F("name_search")),
    "status": (_status_rank, F("name_search")),
    "last_service": (F("last_service_on").asc(nulls_first=True),),  # never served first: longest waiting
}


def person_order(people: QuerySet[Person], key: str, descending: bool = False) -> QuerySet[Person]:
    """`people` in the order of column `key` (a key of `PERSON_ORDERS`), then by primary key."""
    parts = [part if isinstance(part, OrderBy) else part.asc() for part in PERSON_ORDERS[key]]
    if descending:
        parts = [_reversed(part) for part in parts]
    return people.order_by(*parts, "pk")


def _reversed(part: OrderBy) -> OrderBy:
    """The opposite order, nulls on the opposite end too (never served last when the most recent come first)."""
    return OrderBy(
        part.expression, descending=not part.descending, nulls_first=part.nulls_last, nulls_last=part.nulls_first
    )

"""The graduate "1131" service standard (1 policy briefing, 1 career guidance, 3 job referrals, 1 training or
internship offer), read from rules.json: how far each graduate's entry is served, in memory or annotated in SQL."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Count,
    DateField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from jiuye.people.models import (
    RegisterEntry,
    Service,
)
from jiuye.people.rules import StandardItem, graduate_standard


@dataclass(frozen=True)
class StandardProgress:
    """One item of the standard: e.g. 岗位推荐 2 of 3."""

    item: StandardItem
    count: int

    @property
    def required(self) -> int:
        return self.item.required

    @property
    def met(self) -> bool:
        return self.count >= self.item.required

    @property
    def percent(self) -> int:
        return min(100, 100 * self.count // self.item.required) if self.item.required else 100


@dataclass(frozen=True)
class GraduateProgress:
    """How far an unplaced graduate has been served by the "1131" standard since entering the register."""

    items: list[StandardProgress]

    @property
    def met(self) -> bool:
        return all(item.met for item in self.items)

    @property
    def done(self) -> int:
        return sum(min(item.count, item.required) for item in self.items)

    @property
    def required(self) -> int:
        return sum(item.required for item in self.items)


def standard_annotation(item: StandardItem) -> str:
    return f"standard_{item.code}"


def with_graduate_standard(entries: QuerySet[RegisterEntry]) -> QuerySet[RegisterEntry]:
    """Annotate each entry with `standard_<code>`: the number of services of the item's kinds given to the person
    from the entry date (until the exit date, for an exited entry), one correlated subquery per item."""
    annotations = {}
    for item in graduate_standard():
        services = Service.objects.filter(
            person=OuterRef("person"),
            kind__in=item.kinds,
            provided_on__gte=OuterRef("entered_on"),
            provided_on__lte=Coalesce(OuterRef("exited_on"), Value(datetime.date.max, output_field=DateField())),
        )
        count = services.order_by().values("person").annotate(n=Count("pk")).values("n")[:1]
        annotations[standard_annotation(item)] = Coalesce(Subquery(count, output_field=IntegerField()), 0)
    return entries.annotate(**annotations)


def graduate_progress(*, entry: RegisterEntry, services: Iterable[Service] | None = None) -> GraduateProgress:
    """The "1131" progress of one entry: from its annotations when it came through `with_graduate_standard`, from
    the person's services when given (the person card has them loaded), else with one aggregate query."""
    standard = graduate_standard()
    if all(hasattr(entry, standard_annotation(item)) for item in standard):
        counts = {item.code: getattr(entry, standard_annotation(item)) for item in standard}
    elif services is not None:
        counted = [service for service in services if _within_entry(entry, service.provided_on)]
        counts = {item.code: sum(service.kind in item.kinds for service in counted) for item in standard}
    else:
        window = Q(provided_on__gte=entry.entered_on)
        if entry.exited_on:
            window &= Q(provided_on__lte=entry.exited_on)
        counts = Service.objects.filter(window, person_id=entry.person_id).aggregate(
            **{item.code: Count("pk", filter=Q(kind__in=item.kinds)) for item in standard}
        )
    return GraduateProgress(items=[StandardProgress(item=item, count=counts[item.code]) for item in standard])


def _within_entry(entry: RegisterEntry, on: datetime.date) -> bool:
    return on >= entry.entered_on and (entry.exited_on is None or on <= entry.exited_on)


def standard_not_met() -> Q:
    condition = Q()
    for item in graduate_standard():
        condition |= Q(**{f"{standard_annotation(item)}__lt": item.required})
    return condition

"""Reads behind the web pages. Every query of personal or enterprise data starts from `visible_to(user)`."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from jiuye.accounts.models import User
from jiuye.employers.models import Employer
from jiuye.people.enums import EmploymentStatus
from jiuye.people.models import Person
from jiuye.reference.models import Region


@dataclass
class ChildRow:
    region: Region
    people: int
    unemployed: int
    employers: int


@dataclass
class RegionOverview:
    people: int
    unemployed: int
    employers: int
    children: list[ChildRow]


def region_ancestors(region: Region) -> list[Region]:
    codes = [region.code[:length] for length in (2, 4, 6, 9) if length < len(region.code)]
    return list(Region.objects.filter(code__in=codes).order_by("code"))


def region_overview(*, user: User, region: Region) -> RegionOverview:
    """Counts for a region and each of its children, in three queries whatever the number of children."""
    children = list(Region.objects.children_of(region.code))
    child_length = len(children[0].code) if children else len(region.code)
    people = _counts_by_prefix(
        Person.objects.visible_to(user).in_region(region.code),
        "residence_region_id",
        child_length,
        unemployed=Count("pk", filter=Q(employment_status=EmploymentStatus.UNEMPLOYED)),
    )
    employers = _counts_by_prefix(Employer.objects.visible_to(user).in_region(region.code), "region_id", child_length)
    rows = [
        ChildRow(
            region=child,
            people=people.get(child.code, {}).get("total", 0),
            unemployed=people.get(child.code, {}).get("unemployed", 0),
            employers=employers.get(child.code, {}).get("total", 0),
        )
        for child in children
    ]
    return RegionOverview(
        people=sum(row["total"] for row in people.values()),
        unemployed=sum(row["unemployed"] for row in people.values()),
        employers=sum(row["total"] for row in employers.values()),
        children=rows,
    )


def _counts_by_prefix(queryset: QuerySet, field: str, length: int, **extra) -> dict[str, dict]:
    rows = (
        queryset.annotate(child_code=Substr(field, 1, length))
        .values("child_code")
        .annotate(total=Count("pk"), **extra)
        .order_by()
    )
    return {row["child_code"]: row for row in rows}

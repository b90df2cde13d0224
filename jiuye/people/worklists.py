"""The caseworkers' worklists (待办工作) of a region: who is still waiting for a service or a contact.

Thresholds come from rules.json; `today` can be given, so tests and reports can fix the day."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy

from jiuye.accounts.models import User
from jiuye.people.enums import HouseholdRelationship
from jiuye.people.listing import entry_last_service_on
from jiuye.people.models import (
    Person,
    RegisterEntry,
    Service,
    ZeroEmploymentEpisode,
)
from jiuye.people.rules import worklist_days
from jiuye.people.standard import standard_not_met, with_graduate_standard
from jiuye.reference.enums import KeyGroup


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _open_entries(user: User, group: KeyGroup, region_code: str) -> QuerySet[RegisterEntry]:
    entries = RegisterEntry.objects.visible_to(user).filter(group=group, exited_on__isnull=True)
    if region_code:
        entries = entries.in_region(region_code)
    return entries.select_related("person__residence_region")


def graduates_not_served(
    *, user: User, today: datetime.date | None = None, region_code: str = ""
) -> QuerySet[RegisterEntry]:
    """Open unplaced-graduate entries where any "1131" item has fewer services than required, oldest entry first."""
    entries = with_graduate_standard(_open_entries(user, KeyGroup.UNPLACED_GRADUATE, region_code))
    return entries.filter(standard_not_met()).order_by("entered_on", "pk")


_head_first = Case(When(household_relationship=HouseholdRelationship.HEAD, then=Value(0)), default=Value(1))


def zero_employment_households(
    *, user: User, today: datetime.date | None = None, region_code: str = ""
) -> QuerySet[ZeroEmploymentEpisode]:
    """Households with an open zero-employment episode (not yet cleared, 动态清零), the longest waiting first, with
    the number of members and a member to open (the head when known)."""
    episodes = ZeroEmploymentEpisode.objects.visible_to(user).filter(cleared_on__isnull=True)
    if region_code:
        episodes = episodes.in_region(region_code)
    members = Person.objects.filter(household=OuterRef("household")).order_by().values("household")
    return (
        episodes.select_related("household__region")
        .annotate(
            member_count=Coalesce(Subquery(members.annotate(n=Count("pk")).values("n")[:1]), 0),
            first_member_id=Subquery(members.order_by(_head_first, "pk").values("pk")[:1]),
        )
        .order_by("started_on", "pk")
    )


def _without_service_since(
    user: User, group: KeyGroup, days: int, today: datetime.date | None, region_code: str
) -> QuerySet[RegisterEntry]:
    """Open entries with no service on or after `today - days`, entered before that day (a person registered
    last week was seen then, so is not yet overdue), the longest without service first."""
    cutoff = _today(today) - datetime.timedelta(days=days)
    recent = Service.objects.filter(person=OuterRef("person"), provided_on__gte=cutoff)
    return (
        _open_entries(user, group, region_code)
        .filter(entered_on__lt=cutoff)
        .filter(~Exists(recent))
        .annotate(last_service_on=entry_last_service_on())
        .order_by(Coalesce("last_service_on", "entered_on").asc(), "pk")
    )


def hard_to_employ_without_service(
    *, user: User, today: datetime.date | None = None, region_code: str = ""
) -> QuerySet[RegisterEntry]:
    """Hard-to-employ people (open entry) with no service in the last N days (rules: 30)."""
    days = worklist_days("hard_to_employ_days_without_service")
    return _without_service_since(user, KeyGroup.HARD_TO_EMPLOY, days, today, region_code)


def unemployed_without_contact(
    *, user: User, today: datetime.date | None = None, region_code: str = ""
) -> QuerySet[RegisterEntry]:
    """Registered unemployed (open entry) with no contact, i.e. no service of any kind, in the last N days (60)."""
    days = worklist_days("unemployed_days_without_contact")
    return _without_service_since(user, KeyGroup.UNEMPLOYMENT_REGISTRATION, days, today, region_code)


@dataclass(frozen=True)
class Worklist:
    """A worklist of the caseworkers: its rows come from `build`; `days_rule` names its threshold in the rules."""

    name: str
    title_template: str
    description_template: str
    build: Callable[..., QuerySet]
    days_rule: str = ""

    @property
    def days(self) -> int | None:
        return worklist_days(self.days_rule) if self.days_rule else None

    @property
    def title(self) -> str:
        return str(self.title_template) % {"days": self.days}

    @property
    def description(self) -> str:
        return str(self.description_template) % {"days": self.days}


WORKLISTS: dict[str, Worklist] = {
    worklist.name: worklist
    for worklist in [
        Worklist(
            "graduates_not_served",
            gettext_lazy("“1131”服务未完成的离校未就业高校毕业生"),
            gettext_lazy(
                "在册的离校未就业高校毕业生中，政策宣讲、职业指导、岗位推荐、培训或见习机会任一项未达标准的人员。"
            ),
            graduates_not_served,
        ),
        Worklist(
            "zero_employment_households",
            gettext_lazy("未清零的零就业家庭"),
            gettext_lazy("尚未实现至少一人就业的零就业家庭，认定时间最早的排在前面。"),
            zero_employment_households,
        ),
        Worklist(
            "hard_to_employ_without_service",
            gettext_lazy("%(days)d天内未获服务的就业困难人员"),
            gettext_lazy("在册就业困难人员中，登记已满%(days)d天且近%(days)d天没有任何服务记录的人员。"),
            hard_to_employ_without_service,
            "hard_to_employ_days_without_service",
        ),
        Worklist(
            "unemployed_without_contact",
            gettext_lazy("%(days)d天内未联系的登记失业人员"),
            gettext_lazy("登记失业人员中，登记已满%(days)d天且近%(days)d天没有任何服务或回访记录的人员。"),
            unemployed_without_contact,
            "unemployed_days_without_contact",
        ),
    ]
}


def worklist(*, user: User, name: str, today: datetime.date | None = None, region_code: str = "") -> QuerySet:
    """The rows of a worklist by name (KeyError for an unknown name); `region_code` narrows, never widens."""
    return WORKLISTS[name].build(user=user, today=today, region_code=region_code)


def worklist_count(*, user: User, name: str, today: datetime.date | None = None, region_code: str = "") -> int:
    return worklist(user=user, name=name, today=today, region_code=region_code).order_by().count()


def worklist_counts(*, user: User, today: datetime.date | None = None, region_code: str = "") -> dict[str, int]:
    """The count of each worklist, one query each, for the home page."""
    return {name: worklist_count(user=user, name=name, today=today, region_code=region_code) for name in WORKLISTS}

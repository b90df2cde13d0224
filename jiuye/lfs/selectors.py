"""Reads of the labour force survey for the statistics pages.

Estimates are published figures and are read unscoped; microdata are read only through
`SurveyRecord.objects.visible_to(user)`, even as counts (`jiuye.lfs.perms`).
"""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from jiuye.accounts.models import User
from jiuye.imports.models import ImportRecord
from jiuye.imports.selectors import import_record_list
from jiuye.lfs.imports import KIND
from jiuye.lfs.models import DomainKind, MonthlyEstimate, PeriodStatus, SurveyPeriod, SurveyRecord
from jiuye.lfs.rates import AGE_GROUPS, PROVINCE_CODE, change_se
from jiuye.reference.enums import RegionLevel
from jiuye.reference.models import Region

SEX_NAMES = {"1": "男", "2": "女"}


@dataclass
class EstimateRow:
    """A domain's estimate for the chosen month, with last month's and the change between them."""

    kind: str
    code: str
    name: str
    estimate: MonthlyEstimate | None
    previous: MonthlyEstimate | None

    @property
    def change(self) -> float | None:
        if self.estimate is None or self.previous is None or None in (self.estimate.rate, self.previous.rate):
            return None
        return self.estimate.rate - self.previous.rate

    @property
    def change_se(self) -> float | None:
        if self.change is None:
            return None
        return change_se(self.estimate.se, self.previous.se)

    @property
    def change_significant(self) -> bool:
        """The change exceeds 1.96 of its (overstated, see `rates.change_se`) standard error."""
        return self.change is not None and bool(self.change_se) and abs(self.change) > 1.96 * self.change_se


def estimated_months() -> list[str]:
    return list(SurveyPeriod.objects.filter(status=PeriodStatus.ESTIMATED).values_list("month", flat=True))


def previous_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def region_names() -> dict[str, str]:
    levels = (RegionLevel.PROVINCE, RegionLevel.CITY)
    return dict(Region.objects.filter(level__in=levels).values_list("code", "name"))


def domain_name(kind: str, code: str, names: dict[str, str] | None = None) -> str:
    if kind in (DomainKind.PROVINCE, DomainKind.CITY, DomainKind.COUNTY):
        return (names if names is not None else region_names()).get(code, code)
    if kind == DomainKind.SEX:
        return SEX_NAMES.get(code, code)
    return f"{code}岁" + ("（不含在校生）" if code == AGE_GROUPS[0].name else "")


def estimate_rows(*, month: str, profile: str, kinds: tuple[str, ...]) -> list[EstimateRow]:
    """The month's estimates of the given domain kinds with last month's, in one query; cities in code order, age
    groups in their order."""
    months = (month, previous_month(month))
    estimates = MonthlyEstimate.objects.filter(
        period__month__in=months, profile=profile, domain_kind__in=kinds
    ).select_related("period")
    by_key = {(e.period.month, e.domain_kind, e.domain_code): e for e in estimates}
    names = region_names()
    order = {group.name: index for index, group in enumerate(AGE_GROUPS)}
    keys = sorted(
        {(kind, code) for (m, kind, code) in by_key if m == month},
        key=lambda key: (kinds.index(key[0]), order.get(key[1], 0), key[1]),
    )
    return [
        EstimateRow(
            kind,
            code,
            domain_name(kind, code, names),
            by_key.get((month, kind, code)),
            by_key.get((months[1], kind, code)),
        )
        for kind, code in keys
    ]


def domain_series(*, kind: str, code: str, profile: str) -> list[MonthlyEstimate]:
    """A domain's estimates month by month, oldest first."""
    return list(
        MonthlyEstimate.objects.filter(domain_kind=kind, domain_code=code, profile=profile)
        .select_related("period")
        .order_by("period__month")
    )


def series_domain_kind(code: str) -> str:
    return DomainKind.PROVINCE if code == PROVINCE_CODE else DomainKind.CITY


@dataclass
class SampleCount:
    region: Region
    persons: int
    households: int
    psus: int


def sample_counts(*, user: User, month: str) -> list[SampleCount]:
    """The month's sample by county, of the counties in the user's region only."""
    rows = (
        SurveyRecord.objects.visible_to(user)
        .filter(period__month=month)
        .values("region_id")
        .annotate(
            persons=Count("pk"), households=Count("household_id", distinct=True), psus=Count("psu", distinct=True)
        )
        .order_by("region_id")
    )
    regions = Region.objects.in_bulk([row["region_id"] for row in rows])
    return [SampleCount(regions[row["region_id"]], row["persons"], row["households"], row["psus"]) for row in rows]


def survey_periods() -> QuerySet[SurveyPeriod]:
    return SurveyPeriod.objects.select_related("imported_by").order_by("-month")


def microdata_imports(*, user: User) -> QuerySet[ImportRecord]:
    return import_record_list(user=user).filter(kind=KIND)

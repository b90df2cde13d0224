"""Figures for the plan's tests and the dashboard's: actual values and targets through the services, the survey's
estimates of a month, people who found work in a year."""

import datetime
from decimal import Decimal

from django.utils import timezone

from jiuye.lfs.models import MonthlyEstimate, PeriodStatus, SurveyPeriod
from jiuye.people.enums import EmploymentStatus
from jiuye.people.services import person_set_employment_status
from jiuye.plans.enums import ActualSource
from jiuye.plans.models import Actual, Indicator, Target
from jiuye.plans.services import actual_record, target_set
from jiuye.reference.models import Region
from tests.accounts.factories import SETUP
from tests.people.factories import resident

CITIES = ["1401", "1402", "1403", "1404", "1405", "1406", "1407", "1408", "1409", "1410", "1411"]


def actual(code: str, region: str, year: int, value: str | float, *, month: int = 0, source=ActualSource.BULLETIN,
           note: str = "") -> Actual:  # fmt: skip
    recorded, _outcome = actual_record(
        actor=SETUP, indicator=Indicator.objects.get(code=code), region=Region.objects.get(code=region), year=year,
        month=month, value=Decimal(str(value)), source=source, source_note=note,
        as_of=datetime.date(year + 1, 3, 1) if not month else datetime.date(year, month, 28),
    )  # fmt: skip
    return recorded


def target(code: str, region: str, value: str | float, *, year: int = 0) -> Target:
    return target_set(
        actor=SETUP, indicator=Indicator.objects.get(code=code), region=Region.objects.get(code=region),
        value=Decimal(str(value)), year=year,
    )  # fmt: skip


def survey_rate(month: str, kind: str, code: str, rate: float) -> MonthlyEstimate:
    """The survey's estimate of a domain for a month (`rate` as a share: 0.052)."""
    period, _created = SurveyPeriod.objects.get_or_create(
        month=month, defaults={"imported_at": timezone.now(), "sha256": "", "status": PeriodStatus.ESTIMATED}
    )
    return MonthlyEstimate.objects.create(
        period=period, domain_kind=kind, domain_code=code, profile="nbs", rate=rate, se=0.004,
        ci_low=rate - 0.008, ci_high=rate + 0.008, cv=0.004 / rate, n=1000, reliable=True, computed_at=timezone.now(),
    )  # fmt: skip


def found_work(region: str, on: datetime.date, count: int = 1) -> None:
    """`count` unemployed residents of `region` who became employed on `on` (城镇新增就业 in the registers)."""
    for _person in range(count):
        person_set_employment_status(
            actor=SETUP, person=resident(region, unemployed=True), status=EmploymentStatus.EMPLOYED, effective_on=on
        )

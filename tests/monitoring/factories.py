import datetime

import factory
from django.utils import timezone

from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport, Warning
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory
from tests.employers.factories import reporter_of as employer_reporter_of


class MonitoredEnterpriseFactory(factory.django.DjangoModelFactory):
    """A Xiaodian coal company in the panel since 2026-01 with 100 jobs, unless told otherwise."""

    class Meta:
        model = MonitoredEnterprise

    class Params:
        region = "140105"

    employer = factory.LazyAttribute(lambda enterprise: EmployerFactory(region_id=enterprise.region))
    baseline_period = "2026-01"
    baseline_headcount = 100
    entered_on = datetime.date(2026, 1, 5)


class MonthlyReportFactory(factory.django.DjangoModelFactory):
    """A report with no change: 100 jobs last period and now."""

    class Meta:
        model = MonthlyReport

    class Params:
        region = "140105"

    enterprise = factory.LazyAttribute(lambda report: MonitoredEnterpriseFactory(region=report.region))
    period = "2026-02"
    previous_headcount = 100
    current_headcount = 100
    submitted_by = factory.LazyAttribute(lambda report: UserFactory(region=report.region))
    submitted_at = factory.LazyFunction(timezone.now)


class WarningFactory(factory.django.DjangoModelFactory):
    """An open region-level warning for Xiaodian, of a period of its own unless told `period=`."""

    class Meta:
        model = Warning

    period = factory.Sequence(lambda n: f"{2000 + n // 12}-{n % 12 + 1:02d}")
    scope = "region"
    region_code = "140105"
    subject = factory.LazyAttribute(lambda warning: warning.region_code)
    rule = "region_level"
    level = "yellow"
    explanation = "小店区本月岗位流失率1.5%，预警企业0家，达到III级（黄色）预警标准"
    figures = factory.LazyFunction(dict)
    created_at = factory.LazyFunction(timezone.now)


def reporter_of(*enterprises: MonitoredEnterprise, region: str = "140105"):
    """An enterprise reporter account (企业填报员) listed as a reporter of each enterprise's employer."""
    return employer_reporter_of(*(enterprise.employer for enterprise in enterprises), region=region)

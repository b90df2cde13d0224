"""Reads of the monitoring panel: an officer's late and missing reports, and the rows the aggregates are built
from. Everything goes through `visible_to`, so a county officer sees their county only."""

from django.db.models import Q, QuerySet

from jiuye.accounts.models import User
from jiuye.monitoring import qc
from jiuye.monitoring.aggregates import ReportRow
from jiuye.monitoring.enums import REDUCTION_FIELDS, ReductionReason, ReportStatus
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport


def panel_in_period(*, user: User, period: str) -> QuerySet[MonitoredEnterprise]:
    """Enterprises that owed a report for `period`: enrolled by its baseline, not left before the period ended."""
    return MonitoredEnterprise.objects.visible_to(user).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=qc.period_end(period)), baseline_period__lte=period
    )


def late_reports(*, user: User, period: str) -> QuerySet[MonthlyReport]:
    """Reports of `period` first submitted after its deadline (MONITORING_REPORT_DEADLINE_DAY)."""
    return (
        MonthlyReport.objects.visible_to(user)
        .filter(period=period, late=True)
        .select_related("enterprise__employer__region", "submitted_by")
        .order_by("enterprise__employer__region_id", "enterprise__employer__name")
    )


def missing_reports(*, user: User, period: str) -> QuerySet[MonitoredEnterprise]:
    """Enterprises of the panel with no report for `period` (returned reports count as reported, being corrected)."""
    reported = MonthlyReport.objects.filter(period=period).values("enterprise_id")
    return (
        panel_in_period(user=user, period=period)
        .exclude(pk__in=reported)
        .select_related("employer__region")
        .order_by("employer__region_id", "employer__name")
    )


def report_rows(*, user: User, period: str, region: str = "") -> list[ReportRow]:
    """The period's reports as aggregate rows, for the user's scope (and inside `region` if given). Returned reports
    are out until corrected: their figures are in question."""
    reports = MonthlyReport.objects.visible_to(user).filter(period=period).exclude(status=ReportStatus.RETURNED)
    if region:
        reports = reports.in_region(region)
    values = reports.values_list(
        "enterprise__employer__region_id",
        "enterprise__employer__industry__parent_id",
        "enterprise__employer__ownership",
        "enterprise__employer__size_class",
        "enterprise__baseline_headcount",
        "previous_headcount",
        "current_headcount",
        "added",
        *REDUCTION_FIELDS,
        "standby",
        "long_leave",
    )
    return [_row(value) for value in values.iterator()]


def _row(value: tuple) -> ReportRow:
    region, section, ownership, size_class, baseline, previous, current, added = value[:8]
    reductions = dict(zip(ReductionReason.values, value[8:15], strict=True))
    return ReportRow(
        region_code=region,
        industry_section=section or "",
        ownership=ownership,
        size_class=size_class,
        baseline_headcount=baseline,
        previous_headcount=previous,
        current_headcount=current,
        added=added,
        reductions=reductions,
        standby=value[15],
        long_leave=value[16],
    )

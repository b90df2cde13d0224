"""Reads of the monitoring panel: the panel itself, an officer's late and missing reports, a reporter's periods,
the warnings, and the rows the aggregates are built from. Everything goes through `visible_to`, so a county officer
sees their county only and an enterprise's reporter account its own enterprises (perms.py)."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.monitoring import qc
from jiuye.monitoring.aggregates import ReportRow
from jiuye.monitoring.enums import REDUCTION_FIELDS, ReductionReason, ReportStatus, WarningStatus
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport, Warning

REPORTER_PERIODS = 12  # how many of the latest periods a reporter's page lists
ACTIVE = "active"  # the warnings' status filter for "not closed"
UNGRADED = "none"  # the warnings' level filter for "no graded level"


def panel_in_period(*, user: User, period: str) -> QuerySet[MonitoredEnterprise]:
    """Enterprises that owed a report for `period`: enrolled by its baseline, not left before the period ended."""
    return MonitoredEnterprise.objects.visible_to(user).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=qc.period_end(period)), baseline_period__lte=period
    )


def latest_reported_period(*, user: User, before: str) -> str | None:
    """The latest period up to `before` (the month being reported) for which the user's region has any report; None
    when it has none."""
    reports = MonthlyReport.objects.visible_to(user).filter(period__lte=before)
    return reports.order_by("-period").values_list("period", flat=True).first()


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


def panel_search(*, user: User, query: str = "", include_left: bool = False) -> QuerySet[MonitoredEnterprise]:
    """The panel (enrolments still open unless `include_left`), by name fragment or exact USCC."""
    enterprises = MonitoredEnterprise.objects.visible_to(user).select_related("employer__region", "employer__industry")
    if not include_left:
        enterprises = enterprises.filter(left_on__isnull=True)
    query = query.strip()
    if query:
        enterprises = enterprises.filter(Q(employer__name__contains=query) | Q(employer__uscc=query.upper()))
    return enterprises


def warning_search(
    *, user: User, period: str = "", status: str = "", scope: str = "", level: str = ""
) -> QuerySet[Warning]:
    """Warnings routed to the user's region, newest period first, narrowed by whichever filters are given. `status`
    "active" is every warning not yet closed (待处理 and 已签收); `level` "none" the warnings without a graded level
    (the enterprise rules and the EWMA signal)."""
    warnings = Warning.objects.visible_to(user)
    if status == ACTIVE:
        warnings, status = warnings.exclude(status=WarningStatus.CLOSED), ""
    if level == UNGRADED:
        warnings, level = warnings.filter(level=""), ""
    filters = {"period": period, "status": status, "scope": scope, "level": level}
    return warnings.filter(**{name: value for name, value in filters.items() if value})


def warning_get(*, user: User, pk: int) -> Warning:
    """One warning; Http404 when the user may not see it (another region's, or any for a reporter account), as if
    it did not exist."""
    warning = Warning.objects.visible_to(user).filter(pk=pk).first()
    if warning is None:
        raise Http404(_("该预警不存在或不在您的管辖范围内。"))
    return warning


def report_get(*, user: User, pk: int) -> MonthlyReport:
    """One monthly report, with its enterprise and who submitted it; Http404 outside the user's scope."""
    reports = MonthlyReport.objects.visible_to(user).select_related("enterprise__employer", "submitted_by")
    report = reports.filter(pk=pk).first()
    if report is None:
        raise Http404(_("该月报不存在或不在您的管辖范围内。"))
    return report


def enterprise_get(*, user: User, pk: int) -> MonitoredEnterprise:
    """One monitored enterprise, with its employer's region and industry; Http404 outside the user's scope (for a
    reporter account: any enterprise but its own)."""
    enterprises = MonitoredEnterprise.objects.visible_to(user).select_related("employer__region", "employer__industry")
    enterprise = enterprises.filter(pk=pk).first()
    if enterprise is None:
        raise Http404(_("该监测企业不存在或不在您的管辖范围内。"))
    return enterprise


def enterprise_warnings(*, user: User, enterprise: MonitoredEnterprise) -> QuerySet[Warning]:
    return Warning.objects.visible_to(user).filter(scope="enterprise", subject=enterprise.employer.uscc)


@dataclass(frozen=True)
class PeriodDue:
    """One period an enterprise owes a report for, and the report if there is one."""

    period: str
    report: MonthlyReport | None

    @property
    def status(self) -> str:
        return self.report.status if self.report is not None else "owed"


def periods_owed(enterprise: MonitoredEnterprise, *, latest: str, count: int = REPORTER_PERIODS) -> list[str]:
    """The last `count` periods from the baseline up to `latest` (the month just ended) that the enterprise must
    report: not those after it left the panel (a period is owed only when it ended on or before `left_on`)."""
    last = latest
    if enterprise.left_on is not None:
        last = min(last, _last_full_period(enterprise.left_on))
    periods = []
    period = last
    while period >= enterprise.baseline_period and len(periods) < count:
        periods.append(period)
        period = qc.previous_period(period)
    return periods


def _last_full_period(day: datetime.date) -> str:
    period = f"{day:%Y-%m}"
    return period if day >= qc.period_end(period) else qc.previous_period(period)


def reporter_home(*, user: User, latest: str) -> list[tuple[MonitoredEnterprise, list[PeriodDue]]]:
    """The enterprises whose employer lists `user` as a reporter account, each with its latest owed periods (newest
    first) and their reports. Two queries, however many enterprises."""
    enterprises = list(
        MonitoredEnterprise.objects.visible_to(user)
        .filter(employer__reporters=user)
        .select_related("employer")
        .order_by("employer__name", "-entered_on")
    )
    periods_of = {enterprise.pk: periods_owed(enterprise, latest=latest) for enterprise in enterprises}
    wanted = {period for periods in periods_of.values() for period in periods}
    reports = MonthlyReport.objects.filter(enterprise__in=enterprises, period__in=wanted)
    by_key = {(report.enterprise_id, report.period): report for report in reports}
    return [
        (enterprise, [PeriodDue(period, by_key.get((enterprise.pk, period))) for period in periods_of[enterprise.pk]])
        for enterprise in enterprises
    ]


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

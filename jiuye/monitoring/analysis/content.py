"""The figures of a monthly analysis, read from the database within the user's scope (`analysis_build`).

About ten queries whatever the size of the panel: the period's report rows (aggregated in Python by
`jiuye.monitoring.aggregates`), four counts of who reported, one grouped query for the 13-month trend, the warnings
with their notes, and the names of regions, industries and flagged enterprises.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.monitoring import qc
from jiuye.monitoring.aggregates import REGION_DIGITS, aggregate, total
from jiuye.monitoring.analysis.data import Analysis, GroupRow, NoteItem, Reporting, TrendPoint, WarningItem
from jiuye.monitoring.analysis.perms import can_view_analysis
from jiuye.monitoring.enums import REDUCTION_FIELDS, ReductionReason, ReportStatus, WarningScope
from jiuye.monitoring.models import PERIOD_VALIDATOR, MonthlyReport, Warning, WarningNote
from jiuye.monitoring.selectors import late_reports, missing_reports, panel_in_period, report_rows
from jiuye.monitoring.warning_labels import warnings_named
from jiuye.reference.enums import RegionLevel
from jiuye.reference.models import Industry, Region

TREND_MONTHS = 13
CHILD_LEVEL = {RegionLevel.PROVINCE: "city", RegionLevel.CITY: "county"}
SCOPE_ORDER = (WarningScope.ENTERPRISE, WarningScope.REGION, WarningScope.INDUSTRY)  # enterprises first


def system_user() -> User:
    """The unsaved full-scope user the command line reads as (like `monitoring_warnings`, which reads unscoped):
    the person running `manage.py` already has the whole database. Never saved, so it can sign nothing."""
    return User(username="system", is_superuser=True, is_active=True)


def analysis_build(*, user: User | AnonymousUser, period: str, region_code: str) -> Analysis:
    """The analysis of `period` (YYYY-MM) for a province, city or county, from what `user` may see.

    Raises PermissionDenied for a region outside the user's scope (`perms.can_view_analysis`) and ValidationError
    for a bad period or a region that is not a province, city or county."""
    PERIOD_VALIDATOR(period)
    if not can_view_analysis(user, region_code):
        raise PermissionDenied(_("该地区不在您的管辖范围内。"))
    region = Region.objects.filter(code=region_code).first()
    if region is None or region.level not in REGION_DIGITS:
        raise ValidationError(_("区划代码%(code)s不是省、市或县级区划") % {"code": region_code})
    rows = report_rows(user=user, period=period, region=region_code)
    child_level = CHILD_LEVEL.get(region.level)
    return Analysis(
        period=period,
        region_code=region.code,
        region_name=region.name,
        region_level=region.level,
        child_label=str(RegionLevel(child_level).label) if child_level else "",
        totals=total(rows),
        reporting=_reporting(user, period, region_code),
        deadline=qc.period_deadline(period),
        generated_at=timezone.localtime(),
        reason_labels={value: str(label) for value, label in ReductionReason.choices},
        by_region=_region_rows(aggregate(rows, child_level)) if child_level else [],
        by_industry=_industry_rows(aggregate(rows, "industry")),
        trend=_trend(user, period, region_code),
        warnings=_warnings(user, period, region_code),
    )


def _reporting(user: User, period: str, region_code: str) -> Reporting:
    reported = MonthlyReport.objects.visible_to(user).in_region(region_code).filter(period=period)
    return Reporting(
        owed=panel_in_period(user=user, period=period).in_region(region_code).count(),
        reported=reported.count(),
        late=late_reports(user=user, period=period).in_region(region_code).count(),
        missing=missing_reports(user=user, period=period).in_region(region_code).count(),
    )


def _region_rows(groups: dict) -> list[GroupRow]:
    names = dict(Region.objects.filter(code__in=list(groups)).values_list("code", "name"))
    return [GroupRow(code=code, name=names.get(code, code), totals=totals) for code, totals in groups.items()]


def _industry_rows(groups: dict) -> list[GroupRow]:
    names = dict(Industry.objects.filter(code__in=list(groups)).values_list("code", "name"))
    return [
        GroupRow(code=code, name=names.get(code) or code or _("未填"), totals=totals)
        for code, totals in groups.items()
    ]


def trend_periods(period: str, months: int = TREND_MONTHS) -> list[str]:
    """The `months` periods ending with `period`, oldest first."""
    periods = [period]
    while len(periods) < months:
        periods.append(qc.previous_period(periods[-1]))
    return periods[::-1]


def _trend(user: User, period: str, region_code: str) -> list[TrendPoint]:
    """One grouped query; a month without reports is a point of zeros (its rate is None)."""
    periods = trend_periods(period)
    reduced = sum((F(name) for name in REDUCTION_FIELDS[1:]), F(REDUCTION_FIELDS[0]))
    sums = (
        MonthlyReport.objects.visible_to(user)
        .in_region(region_code)
        .filter(period__in=periods)
        .exclude(status=ReportStatus.RETURNED)
        .values("period")
        .annotate(
            enterprises=Count("pk"),
            previous=Sum("previous_headcount"),
            current=Sum("current_headcount"),
            reduced=Sum(reduced),
            hidden=Sum(F("standby") + F("long_leave")),
        )
    )
    by_period = {row["period"]: row for row in sums}
    points = []
    for month in periods:
        row = by_period.get(month, {})
        points.append(
            TrendPoint(
                period=month,
                enterprises=row.get("enterprises", 0),
                previous_headcount=row.get("previous") or 0,
                current_headcount=row.get("current") or 0,
                reduced=row.get("reduced") or 0,
                hidden_unemployment=row.get("hidden") or 0,
            )
        )
    return points


def _warnings(user: User, period: str, region_code: str) -> list[WarningItem]:
    warnings = list(
        Warning.objects.visible_to(user)
        .in_region(region_code)
        .filter(period=period)
        .prefetch_related(_notes_prefetch())
    )
    warnings.sort(key=lambda warning: (SCOPE_ORDER.index(warning.scope), warning.region_code, warning.subject))
    return [
        WarningItem(
            scope=named.warning.scope,
            scope_label=named.warning.get_scope_display(),
            subject=named.warning.subject,
            subject_name=named.subject_name,
            rule=named.warning.rule,
            rule_label=named.rule_label,
            level_label=named.level_label,
            explanation=named.warning.explanation,
            status=named.warning.status,
            status_label=named.warning.get_status_display(),
            notes=tuple(
                NoteItem(
                    at=timezone.localtime(note.at),
                    user=note.user.get_username() if note.user else _("系统"),
                    action=note.get_action_display(),
                    text=note.text,
                )
                for note in named.warning.notes.all()
            ),
        )
        for named in warnings_named(user=user, warnings=warnings)
    ]


def _notes_prefetch() -> Prefetch:
    return Prefetch("notes", queryset=WarningNote.objects.select_related("user").order_by("at", "pk"))

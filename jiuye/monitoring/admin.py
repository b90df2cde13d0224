"""Read-only admin pages for the panel and its reports: every write goes through `jiuye.monitoring.services`, so
that it is checked, audited and kept as a revision; the admin only looks, within the region scope."""

from django.contrib import admin

from jiuye.accounts.admin import RegionScopedAdminMixin
from jiuye.core.admin import ReadOnlyAdminMixin
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport, ReportRevision, Warning, WarningNote


class ReadOnlyAdmin(ReadOnlyAdminMixin, RegionScopedAdminMixin, admin.ModelAdmin):
    """Reports, revisions and warnings change only through the services, which check and audit them."""


@admin.register(MonitoredEnterprise)
class MonitoredEnterpriseAdmin(ReadOnlyAdmin):
    list_display = ["employer", "baseline_period", "baseline_headcount", "entered_on", "left_on"]
    search_fields = ["employer__name", "employer__uscc"]
    list_select_related = ["employer"]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "period", "status", "previous_headcount", "current_headcount", "late"]
    list_filter = ["status", "late", "period"]
    search_fields = ["enterprise__employer__name", "enterprise__employer__uscc"]
    list_select_related = ["enterprise__employer"]


@admin.register(ReportRevision)
class ReportRevisionAdmin(ReadOnlyAdmin):
    list_display = ["report", "number", "action", "user", "created_at", "reason"]
    list_filter = ["action"]
    list_select_related = ["report__enterprise__employer", "user"]


@admin.register(Warning)
class WarningAdmin(ReadOnlyAdmin):
    list_display = ["period", "scope", "subject", "rule", "level", "status", "region_code", "created_at"]
    list_filter = ["status", "scope", "rule", "period"]
    search_fields = ["subject", "explanation"]


@admin.register(WarningNote)
class WarningNoteAdmin(ReadOnlyAdmin):
    list_display = ["warning", "action", "user", "at", "text"]
    list_filter = ["action"]
    list_select_related = ["warning", "user"]

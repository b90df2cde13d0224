"""The runs of the scheduled jobs in the admin site, read-only (the scheduler and the workers write them), for the
province's administrators only, as the page 计划任务 (`jiuye.schedule.perms`)."""

from django.contrib import admin

from jiuye.core.admin import ReadOnlyAdminMixin
from jiuye.schedule.models import ScheduledRun
from jiuye.schedule.perms import can_run_schedule


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["job", "planned_at", "trigger", "status", "started_at", "finished_at", "message"]
    list_filter = ["job", "status", "trigger"]
    date_hierarchy = "planned_at"

    def has_module_permission(self, request) -> bool:
        return request.user.is_staff and can_run_schedule(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_staff and can_run_schedule(request.user)

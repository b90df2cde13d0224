"""Jobs in the admin: read by administrators within their region; changed only by the tasks that run them (an
operator reruns a stopped one with `manage.py job_rerun`)."""

from django.contrib import admin

from jiuye.accounts.admin import RegionScopedAdminMixin
from jiuye.core.admin import ReadOnlyAdminMixin
from jiuye.jobs.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdminMixin, RegionScopedAdminMixin, admin.ModelAdmin):
    list_display = ["created_at", "user", "kind", "title", "status", "rows_checked", "rows_written", "error"]
    list_filter = ["kind", "status"]
    list_select_related = ["user"]
    raw_id_fields = ["user", "import_record"]
    date_hierarchy = "created_at"

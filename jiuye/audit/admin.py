"""The audit log in the admin: read by administrators within their region, changed by nobody, not even a superuser
(events are written by services only, `jiuye.audit.services.audit_record`)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.admin import RegionScopedAdminMixin
from jiuye.audit.models import AuditEvent
from jiuye.core.admin import ReadOnlyAdminMixin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, RegionScopedAdminMixin, admin.ModelAdmin):
    list_display = ["at", "user", "action", "object_type", "object_id", "person", "person_ric_masked", "summary"]
    # Only the users who appear in the administrator's own events, never the list of every account.
    list_filter = ["action", ("user", admin.RelatedOnlyFieldListFilter), "object_type"]
    search_fields = ["=person__ric_masked", "person__name", "object_type", "summary"]
    list_select_related = ["user", "person"]
    raw_id_fields = ["user", "person"]
    date_hierarchy = "at"

    @admin.display(description=_("公民身份号码"), ordering="person__ric_masked")
    def person_ric_masked(self, event: AuditEvent) -> str:
        return event.person.ric_masked if event.person_id else ""

from django.contrib import admin

from jiuye.accounts.admin import RegionScopedAdminMixin
from jiuye.employers.models import Employer, EmployerContact


class EmployerContactInline(admin.TabularInline):
    model = EmployerContact
    extra = 0


@admin.register(Employer)
class EmployerAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    inlines = [EmployerContactInline]
    filter_horizontal = ["reporters"]
    list_display = ["name", "uscc", "industry", "region", "ownership", "size_class", "headcount"]
    list_filter = ["ownership", "size_class", "industry__parent"]
    search_fields = ["name", "uscc"]
    list_select_related = ["industry", "region"]
    raw_id_fields = ["industry", "region"]

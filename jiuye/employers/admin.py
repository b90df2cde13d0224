"""The admin pages of employers and vacancies: a data-repair tool for administrators, within their region
(`RegionScopedAdminMixin`). A vacancy's status changes through the services (close, fill, the nightly expiry), so it
is read-only here, as are who registered it and through which channel."""

from django.contrib import admin

from jiuye.accounts.admin import RegionScopedAdminMixin
from jiuye.employers.models import Employer, EmployerContact, Vacancy


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


@admin.register(Vacancy)
class VacancyAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "employer", "occupation", "region", "headcount", "wage_min", "wage_max", "status"]
    list_filter = ["status", "channel", "contract_kind", "education"]
    search_fields = ["title", "employer__name", "=employer__uscc", "occupation__name"]
    list_select_related = ["employer", "occupation", "region"]
    raw_id_fields = ["employer", "occupation", "region"]
    date_hierarchy = "valid_from"
    readonly_fields = ["status", "channel", "created_by", "source", "created_at", "updated_at"]

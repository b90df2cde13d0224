"""Admin pages of the labour force survey, read-only: months and estimates are written by the import and the
estimation services, and a survey answer is never corrected by hand (a corrected file is imported instead).
Microdata are shown within the administrator's region (`RegionScopedAdminMixin`); months and estimates, which hold
no personal data, to every administrator."""

from django.contrib import admin

from jiuye.accounts.admin import RegionScopedAdminMixin
from jiuye.accounts.perms import can_administer
from jiuye.core.admin import ReadOnlyAdminMixin
from jiuye.lfs.models import MonthlyEstimate, SurveyPeriod, SurveyRecord


class AdministratorsOnly:
    def has_module_permission(self, request) -> bool:
        return can_administer(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return can_administer(request.user)


@admin.register(SurveyPeriod)
class SurveyPeriodAdmin(ReadOnlyAdminMixin, AdministratorsOnly, admin.ModelAdmin):
    list_display = ["month", "status", "source", "row_count", "file_name", "imported_by", "imported_at"]
    list_filter = ["status", "source"]
    list_select_related = ["imported_by"]


@admin.register(MonthlyEstimate)
class MonthlyEstimateAdmin(ReadOnlyAdminMixin, AdministratorsOnly, admin.ModelAdmin):
    list_display = ["period", "profile", "domain_kind", "domain_code", "rate", "se", "cv", "n", "reliable"]
    list_filter = ["profile", "domain_kind", "reliable"]
    list_select_related = ["period"]
    search_fields = ["=period__month", "=domain_code"]


@admin.register(SurveyRecord)
class SurveyRecordAdmin(ReadOnlyAdminMixin, RegionScopedAdminMixin, admin.ModelAdmin):
    list_display = ["period", "person_id", "household_id", "stratum", "psu", "region", "urban", "sex", "age"]
    list_filter = ["urban", "sex"]
    list_select_related = ["period", "region"]
    search_fields = ["=person_id", "=household_id", "=psu"]
    show_full_result_count = False

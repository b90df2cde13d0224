from django.contrib import admin

from jiuye.core.admin import ReadOnlyAdminMixin
from jiuye.reference.models import Industry, Occupation, OccupationAlias, Region


class ReadOnlyForStaffAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Reference data comes from the shipped files (`load_reference`); in the admin it is read-only, and visible to
    every staff user since it holds nothing personal."""

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)


@admin.register(Region)
class RegionAdmin(ReadOnlyForStaffAdmin):
    list_display = ["code", "name", "level", "parent", "population"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Industry)
class IndustryAdmin(ReadOnlyForStaffAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Occupation)
class OccupationAdmin(ReadOnlyForStaffAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(OccupationAlias)
class OccupationAliasAdmin(ReadOnlyForStaffAdmin):
    list_display = ["alias", "occupation"]
    search_fields = ["alias"]

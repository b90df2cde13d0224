from django.contrib import admin

from jiuye.accounts.admin import RegionScopedAdminMixin
from jiuye.people.models import Person


@admin.register(Person)
class PersonAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "sex", "birth_date", "education_level", "residence_region", "employment_status"]
    list_filter = ["employment_status", "sex", "education_level"]
    search_fields = ["name", "phone"]
    list_select_related = ["residence_region"]
    raw_id_fields = ["household_region", "residence_region"]

"""The admin pages of persons, households, registers and services: a data-repair tool for administrators, within
their region (`RegionScopedAdminMixin`).

What goes through services, and so is read-only here: the resident ID number and what is derived from it (sex, birth
date), because identity changes are audited (`jiuye.people.services.person_upsert`); the employment status, whose
changes are recorded as history (`person_set_employment_status`). People are created by the services and imports,
never here. The encrypted number and its keyed hash are never shown.
"""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.admin import RegionScopedAdminMixin
from jiuye.accounts.perms import can_administer
from jiuye.core.admin import ReadOnlyAdminMixin
from jiuye.people.models import (
    EmploymentStatusChange,
    Household,
    Person,
    RegisterEntry,
    Service,
    ZeroEmploymentEpisode,
)

HIDDEN_PERSON_FIELDS = ["ric_encrypted", "ric_hash"]


class PeopleAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    """Admin pages of the registers; links to scoped records are limited by `RegionScopedAdminMixin`."""


@admin.register(Person)
class PersonAdmin(PeopleAdmin):
    list_display = [
        "name", "ric_masked", "sex", "birth_date", "education_level", "residence_region", "employment_status",
    ]  # fmt: skip
    list_filter = ["employment_status", "sex", "education_level", "source"]
    search_fields = ["name", "phone", "=ric_masked"]
    list_select_related = ["residence_region"]
    raw_id_fields = ["household_region", "residence_region", "household"]
    exclude = HIDDEN_PERSON_FIELDS
    readonly_fields = [
        "ric_masked", "sex", "birth_date", "employment_status", "employment_status_since", "source", "created_at",
        "updated_at",
    ]  # fmt: skip

    def has_add_permission(self, request) -> bool:
        """A person is created from a resident ID number, by `person_upsert` or an import."""
        return False


class MemberInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The members of a household, read-only: membership changes through `household_add_member`, which keeps the
    zero-employment state in step. Members living outside the administrator's region are not listed."""

    model = Person
    fields = ["name", "ric_masked", "sex", "birth_date", "household_relationship", "employment_status", "able_to_work"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    verbose_name = _("家庭成员")
    verbose_name_plural = _("家庭成员")

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return can_administer(request.user)


@admin.register(Household)
class HouseholdAdmin(PeopleAdmin):
    list_display = ["head_name", "region", "address", "member_count", "created_at"]
    search_fields = ["head_name", "address"]
    list_select_related = ["region"]
    raw_id_fields = ["region"]
    inlines = [MemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description=_("人数"), ordering="member_count")
    def member_count(self, household: Household) -> int:
        return household.member_count


@admin.register(RegisterEntry)
class RegisterEntryAdmin(PeopleAdmin):
    list_display = ["person", "group", "entered_on", "exited_on", "exit_reason", "hard_to_employ_category"]
    list_filter = ["group", "exit_reason", "hard_to_employ_category", "source"]
    search_fields = ["person__name", "=person__ric_masked", "school"]
    list_select_related = ["person"]
    raw_id_fields = ["person", "organisation"]
    date_hierarchy = "entered_on"
    readonly_fields = ["source", "created_at", "updated_at"]


@admin.register(Service)
class ServiceAdmin(PeopleAdmin):
    list_display = ["person", "kind", "provided_on", "provider", "caseworker", "subsidy_kind", "amount_yuan"]
    list_filter = ["kind", "subsidy_kind", "source"]
    search_fields = ["person__name", "=person__ric_masked", "description"]
    list_select_related = ["person", "provider", "caseworker"]
    raw_id_fields = ["person", "provider", "caseworker"]
    date_hierarchy = "provided_on"
    readonly_fields = ["source", "created_at"]

    @admin.display(description=_("金额（元）"), ordering="amount_fen")
    def amount_yuan(self, service: Service) -> str | None:
        return service.amount_yuan


@admin.register(EmploymentStatusChange)
class EmploymentStatusChangeAdmin(PeopleAdmin):
    list_display = ["person", "status", "effective_on", "recorded_by", "recorded_at", "note"]
    list_filter = ["status"]
    search_fields = ["person__name", "=person__ric_masked"]
    list_select_related = ["person", "recorded_by"]
    raw_id_fields = ["person", "recorded_by"]
    date_hierarchy = "effective_on"
    readonly_fields = ["recorded_at"]


@admin.register(ZeroEmploymentEpisode)
class ZeroEmploymentEpisodeAdmin(PeopleAdmin):
    list_display = ["household", "started_on", "cleared_on", "cleared_by_service"]
    list_filter = [("cleared_on", admin.EmptyFieldListFilter)]
    search_fields = ["household__head_name", "household__address"]
    list_select_related = ["household", "cleared_by_service__person"]
    raw_id_fields = ["household", "cleared_by_service"]
    date_hierarchy = "started_on"

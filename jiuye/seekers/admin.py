"""Admin pages of job-seeker registrations and referrals: status, validity and answers change through
`jiuye.seekers.services`, so they are read-only here."""

from django.contrib import admin

from jiuye.core.admin import ReadOnlyAdminMixin
from jiuye.people.admin import PeopleAdmin
from jiuye.seekers.models import Referral, ReferralEvent, SeekerRegistration


@admin.register(SeekerRegistration)
class SeekerRegistrationAdmin(PeopleAdmin):
    """Status and validity change through `jiuye.seekers.services` (renewal, withdrawal, placement, the nightly
    expiry), so they are read-only here."""

    list_display = ["person", "registered_on", "expires_on", "status", "expected_wage", "organisation"]
    list_filter = ["status", "source"]
    search_fields = ["person__name", "=person__ric_masked", "desired_titles", "skills"]
    list_select_related = ["person", "organisation"]
    raw_id_fields = ["person", "organisation"]
    filter_horizontal = ["desired_occupations"]
    exclude = ["accepted_regions"]
    date_hierarchy = "registered_on"
    readonly_fields = ["status", "registered_on", "renewed_on", "expires_on", "source", "created_at", "updated_at"]


class ReferralEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ReferralEvent
    fields = ["on", "outcome", "refusal_reason", "note", "recorded_by", "recorded_at"]
    readonly_fields = fields
    extra = 0


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdminMixin, PeopleAdmin):
    """Referrals and their answers are history written by `jiuye.seekers.services`: shown, never edited here."""

    list_display = ["person", "vacancy", "referred_on", "referred_by", "outcome", "outcome_on", "score"]
    list_filter = ["outcome", "refusal_reason"]
    search_fields = ["person__name", "=person__ric_masked", "vacancy__title", "vacancy__employer__name"]
    list_select_related = ["person", "vacancy__employer", "referred_by"]
    date_hierarchy = "referred_on"
    inlines = [ReferralEventInline]

"""What the desk's view tests share: every form of the person card by its address, and the records they act on."""

import datetime
from dataclasses import dataclass

from django.http import Http404
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from jiuye.people.enums import HouseholdRelationship
from jiuye.people.models import Person, RegisterEntry
from jiuye.people.services import household_add_member, household_create
from jiuye.reference.enums import KeyGroup
from jiuye.reference.models import Region
from jiuye.seekers.models import SeekerRegistration
from tests.accounts.factories import SETUP
from tests.people.factories import enter, resident
from tests.seekers.factories import SeekerRegistrationFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def today() -> datetime.date:
    return timezone.localdate()


def ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


@dataclass
class Records:
    """A person of `region` with an open register entry, a household and an active job-seeker registration."""

    person: Person
    entry: RegisterEntry
    registration: SeekerRegistration


def records(region: str = "140105") -> Records:
    person = resident(region, unemployed=True, name="王晋生")
    entry = enter(person, KeyGroup.UNEMPLOYMENT_REGISTRATION, ago(100))
    household = household_create(actor=SETUP, region=Region.objects.get(code=region), head_name="王晋生")
    household_add_member(actor=SETUP, household=household, person=person, relationship=HouseholdRelationship.HEAD)
    registration = SeekerRegistrationFactory(person=person, registered_on=ago(10), expires_on=ago(-170))
    return Records(person=person, entry=entry, registration=registration)


def form_urls(data: Records) -> dict[str, str]:
    """Every form of the card that acts on this person, by its name."""
    pk = data.person.pk
    return {
        "person_edit": reverse("www:person_edit", args=[pk]),
        "person_status": reverse("www:person_status", args=[pk]),
        "person_service_new": reverse("www:person_service_new", args=[pk]),
        "person_register_new": reverse("www:person_register_new", args=[pk]),
        "person_register_exit": reverse("www:person_register_exit", args=[pk, data.entry.pk]),
        "person_household_new": reverse("www:person_household_new", args=[pk]),
        "person_household_member": reverse("www:person_household_member", args=[pk]),
        "seeker_new": reverse("www:seeker_new", args=[pk]),
        "seeker_withdraw": reverse("www:seeker_withdraw", args=[data.registration.pk]),
    }


def not_found_reason(user, url: str, method: str = "get") -> str:
    """The reason the view gives for its 404 (the error page shows it): the view called as the URL resolves it."""
    request = getattr(RequestFactory(), method)(url)
    request.user = user
    request.htmx = HtmxDetails(request)
    match = resolve(url)
    try:
        match.func(request, *match.args, **match.kwargs)
    except Http404 as error:
        return str(error)
    raise AssertionError(f"{url} answered instead of a 404")

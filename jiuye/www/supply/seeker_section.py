"""The "求职登记" section of the person card: the person's registrations and referrals, and what the user may do
(register them, or read why they cannot; renew, withdraw)."""

from dataclasses import dataclass

from django.utils import timezone

from jiuye.accounts.models import User
from jiuye.people.models import Person
from jiuye.seekers.enums import SeekerStatus
from jiuye.seekers.models import Referral, SeekerRegistration
from jiuye.seekers.perms import can_manage_seekers
from jiuye.seekers.services import seeker_refusal


@dataclass(frozen=True)
class SeekerSection:
    registrations: list[SeekerRegistration]
    referrals: list[Referral]
    can_manage: bool
    has_active: bool
    refusal: str | None  # why the person cannot register today, for a user who could register them


def person_section(user: User, person: Person) -> SeekerSection:
    """The job-seeker part of a person card (the card has already checked that the user sees the person). The
    registration rule is asked before the button is offered: the card says why instead."""
    registrations = list(
        person.seeker_registrations.prefetch_related("desired_occupations", "accepted_regions").order_by(
            "-registered_on", "-pk"
        )
    )
    referrals = list(person.referrals.select_related("vacancy__employer").order_by("-referred_on", "-pk"))
    can_manage = can_manage_seekers(user)
    has_active = any(r.status == SeekerStatus.ACTIVE for r in registrations)
    refusal = seeker_refusal(person=person, on=timezone.localdate()) if can_manage and not has_active else None
    return SeekerSection(
        registrations=registrations, referrals=referrals, can_manage=can_manage, has_active=has_active,
        refusal=refusal,
    )  # fmt: skip

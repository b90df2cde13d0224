"""Reads of job-seeker registrations and referrals, for the pages, the exports and the API.

Every query starts from `visible_to(user)`: an officer sees the registrations and referrals of people of their region;
an employer's reporter account sees the referrals to its employers' vacancies, with the person's name and masked
phone only.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from jiuye.accounts.models import User
from jiuye.employers.models import Vacancy
from jiuye.employers.perms import is_reporter_account
from jiuye.people.masking import View, shown_phone
from jiuye.people.models import RegisterEntry
from jiuye.people.names import name_key
from jiuye.reference.selectors import occupation_text
from jiuye.seekers.enums import ReferralOutcome
from jiuye.seekers.models import Referral, SeekerRegistration


def seeker_search(
    *, user: User, name: str = "", status: str = "", region_code: str = "", occupation: str = "", group: str = ""
) -> QuerySet[SeekerRegistration]:
    """Job-seeker registrations of the user's region, newest first, for the seeker list and its export.

    `occupation` is a code of any level of the 2022 classification (`6-18` takes every welder, fitter and
    machinist under it) or part of a name or common job title (`叉车`); `group` keeps the people with an open entry
    in that key-group register. Each row comes with its person, desired occupations and open register entries, so
    a page costs the same few queries whatever its length. `region_code` narrows the scope, never widens it."""
    registrations = SeekerRegistration.objects.visible_to(user).select_related("person__residence_region")
    if name_key(name):  # with or without spaces, half- or full-width, as the people search
        registrations = registrations.filter(person__name_search__contains=name_key(name))
    if status:
        registrations = registrations.filter(status=status)
    if region_code:
        registrations = registrations.in_region(region_code)
    code = occupation.strip().split(" ")[0]
    if code[:1].isdigit():  # a code: that group and everything under it, never a name that holds the digits
        registrations = registrations.filter(desired_occupations__code__startswith=code)
    elif code:
        registrations = registrations.filter(occupation_text(code, "desired_occupations__"))
    if code:
        registrations = registrations.distinct()
    if group:
        open_entries = RegisterEntry.objects.filter(person=OuterRef("person"), group=group, exited_on__isnull=True)
        registrations = registrations.filter(Exists(open_entries))
    entries = RegisterEntry.objects.filter(exited_on__isnull=True).order_by("group")
    return registrations.prefetch_related(
        "desired_occupations", Prefetch("person__register_entries", queryset=entries, to_attr="open_entries")
    ).order_by("-registered_on", "-pk")


def with_hires(vacancies: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    """The vacancies with `hires`, the number of referrals to each that ended in a hire."""
    return vacancies.annotate(
        hires=Count("referrals", filter=Q(referrals__outcome=ReferralOutcome.HIRED), distinct=True)
    )


@dataclass(frozen=True)
class ReferralRow:
    """A referral as its viewer may see it: an officer sees the person (within their region), with the phone as
    the masking policy shows it on a person's own record (whole for the officers who may edit people); an employer's
    account sees the name and a masked phone."""

    referral: Referral
    name: str
    phone: str
    person_id: int | None


def vacancy_referrals(*, user: User, vacancy: Vacancy) -> list[ReferralRow]:
    referrals = Referral.objects.visible_to(user).filter(vacancy=vacancy).select_related("person")
    referrals = referrals.prefetch_related("events")
    link = not is_reporter_account(user)
    return [
        ReferralRow(
            r, r.person.name, shown_phone(r.person.phone, user=user, view=View.PERSON), r.person_id if link else None
        )
        for r in referrals
    ]


AWAITING_ANSWER = (ReferralOutcome.PENDING, ReferralOutcome.INTERVIEWED)


def referrals_awaiting_answer(*, user: User) -> QuerySet[Referral]:
    """Referrals to the vacancies the user sees that wait for the employer's answer: not yet answered (待反馈), or
    interviewed (已面试) with no decision yet; oldest first, as the employer should answer them. For a reporter
    account, the referrals to its employers' vacancies (their people by name and masked phone only)."""
    return (
        Referral.objects.visible_to(user)
        .filter(outcome__in=AWAITING_ANSWER)
        .select_related("person", "vacancy__employer")
        .order_by("referred_on", "pk")
    )

"""Reads of employers, vacancies and the referrals to them, for the pages and the API.

Every query starts from `visible_to(user)`; a reporter account (`jiuye.employers.perms`) is narrowed further to the
employers listing it, and sees the people referred to its vacancies by name and masked phone only.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from jiuye.accounts.models import User
from jiuye.employers.models import Employer, EmployerContact, Vacancy
from jiuye.employers.perms import is_reporter_account
from jiuye.people.enums import ReferralOutcome
from jiuye.people.masking import mask_phone
from jiuye.people.models import Referral
from jiuye.reference.selectors import occupation_text


def employers_visible(user: User) -> QuerySet[Employer]:
    return Employer.objects.visible_to(user)


def vacancies_visible(user: User) -> QuerySet[Vacancy]:
    """Vacancies by where the work is; a reporter account sees its employers' vacancies wherever the work is."""
    return Vacancy.objects.visible_to(user)


def employer_search(*, user: User, query: str = "") -> QuerySet[Employer]:
    employers = employers_visible(user).select_related("region", "industry")
    query = query.strip()
    if query:
        employers = employers.filter(Q(name__contains=query) | Q(uscc=query.upper()))
    return employers


def vacancy_search(
    *, user: User, query: str = "", status: str = "", region_code: str = "", employer: Employer | None = None
) -> QuerySet[Vacancy]:
    """Vacancies whose title, employer name or occupation (code, name or a common title) matches `query`, newest
    first, with the number of hires annotated. `region_code` narrows the scope, never widens it."""
    vacancies = vacancies_visible(user).select_related("employer", "occupation", "region")
    query = query.strip()
    if query:
        vacancies = vacancies.filter(
            Q(title__contains=query) | Q(employer__name__contains=query) | occupation_text(query, "occupation__")
        ).distinct()
    if status:
        vacancies = vacancies.filter(status=status)
    if region_code:
        vacancies = vacancies.in_region(region_code)
    if employer is not None:
        vacancies = vacancies.filter(employer=employer)
    hires = Count("referrals", filter=Q(referrals__outcome=ReferralOutcome.HIRED), distinct=True)
    return vacancies.annotate(hires=hires).order_by("-valid_from", "-pk")


def vacancy_get(*, user: User, pk: int) -> Vacancy:
    """One vacancy; Http404 when the user may not see it, as if it did not exist."""
    return get_object_or_404(vacancies_visible(user).select_related("employer", "occupation", "region"), pk=pk)


@dataclass(frozen=True)
class ReferralRow:
    """A referral as its viewer may see it: an officer sees the person (within their region); an employer's
    account sees the name and a masked phone."""

    referral: Referral
    name: str
    phone: str
    person_id: int | None


def vacancy_referrals(*, user: User, vacancy: Vacancy) -> list[ReferralRow]:
    referrals = Referral.objects.visible_to(user).filter(vacancy=vacancy).select_related("person")
    referrals = referrals.prefetch_related("events")
    if is_reporter_account(user):
        return [ReferralRow(r, r.person.name, mask_phone(r.person.phone), None) for r in referrals]
    return [ReferralRow(r, r.person.name, r.person.phone, r.person_id) for r in referrals]


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


@dataclass(frozen=True)
class EmployerCard:
    employer: Employer
    contacts: list[tuple[EmployerContact, str]]  # with the phone masked
    vacancies: QuerySet[Vacancy]
    reporters: list[User]


def employer_get(*, user: User, pk: int) -> Employer:
    """One employer; Http404 when the user may not see it, as if it did not exist."""
    return get_object_or_404(employer_search(user=user), pk=pk)


def employer_contacts(employer: Employer) -> list[tuple[EmployerContact, str]]:
    """The employer's contacts, each with its phone masked."""
    return [(contact, mask_phone(contact.phone)) for contact in employer.contacts.all()]


def employer_card(*, user: User, pk: int) -> EmployerCard:
    employer = employer_get(user=user, pk=pk)
    return EmployerCard(
        employer=employer,
        contacts=employer_contacts(employer),
        vacancies=vacancy_search(user=user, employer=employer),
        reporters=list(employer.reporters.order_by("username")),
    )

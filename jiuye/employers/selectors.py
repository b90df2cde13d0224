"""Reads of employers, vacancies and the referrals to them, for the pages and the API.

Every query starts from `visible_to(user)`; a reporter account (`jiuye.employers.perms`) is narrowed further to the
employers listing it, and sees the people referred to its vacancies by name and masked phone only.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from jiuye.accounts.models import User
from jiuye.accounts.scope import is_reporter_account, user_region_prefix
from jiuye.employers.models import Employer, EmployerContact, Vacancy
from jiuye.people.masking import mask_phone
from jiuye.reference.selectors import occupation_text


def employers_visible(user: User) -> QuerySet[Employer]:
    return Employer.objects.visible_to(user)


def vacancies_visible(user: User) -> QuerySet[Vacancy]:
    """Vacancies by where the work is; a reporter account sees its employers' vacancies wherever the work is."""
    return Vacancy.objects.visible_to(user)


def vacancies_advertised(user: User) -> QuerySet[Vacancy]:
    """Vacancies whose advert the user may read (docs/access-policy.md, 2): a vacancy is a job advert, so every user
    of the administration reads any of them, as the recommendations of a seeker who accepts work in another county
    show it; an enterprise's own account reads its employers' only. Lists, searches, exports, candidates and every
    change stay within the region (`vacancies_visible`)."""
    if user_region_prefix(user) is None or is_reporter_account(user):
        return vacancies_visible(user)
    return Vacancy.objects.all()


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
    first (`jiuye.seekers.selectors.with_hires` adds the number of hires). `region_code` narrows the scope, never
    widens it."""
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
    return vacancies.order_by("-valid_from", "-pk")


def vacancy_get(*, user: User, pk: int) -> Vacancy:
    """One vacancy; Http404 when the user may not see it, as if it did not exist."""
    return get_object_or_404(vacancies_visible(user).select_related("employer", "occupation", "region"), pk=pk)


def vacancy_advert_get(*, user: User, pk: int) -> Vacancy:
    """One vacancy's advert (its page, the API's detail); Http404 outside `vacancies_advertised`."""
    return get_object_or_404(vacancies_advertised(user).select_related("employer", "occupation", "region"), pk=pk)


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

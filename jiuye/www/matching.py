"""Matching pages: "推荐岗位" for a job seeker (the ten best vacancies open today, each with "为什么推荐" and a
button that refers the seeker) and "推荐人选" for a vacancy (the twenty best seekers the user may see, key groups
marked and counted as configured).

The header shows what the seeker asks for (occupations by name, titles, skills, places, wage) or the vacancy's
terms; an empty list says why, in numbers (`jiuye.matching.funnel`). A registration or vacancy outside the user's
region is a 404, as everywhere; candidates are read through the
region scope and shown with the phone masked. Referring goes through `jiuye.seekers.services.referral_create`, with
the score and reasons recomputed on the server (never taken from the form).
"""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuye.accounts.scope import user_region_prefix
from jiuye.employers.enums import VacancyStatus
from jiuye.employers.models import Vacancy
from jiuye.matching.funnel import (
    registration_closed_reason,
    registration_funnel,
    vacancy_closed_reason,
    vacancy_funnel,
    why_no_candidates,
    why_no_vacancies,
)
from jiuye.matching.selectors import (
    MAX_K,
    IndexPairs,
    candidates_for_vacancy,
    pair_explanation,
    recommendations_for_registration,
    registration_get,
    registration_wishes,
    vacancy_for_candidates,
)
from jiuye.matching.text import SKILL_SEPARATORS
from jiuye.people.perms import can_unmask_ric
from jiuye.seekers.perms import can_manage_seekers
from jiuye.seekers.services import referral_create
from jiuye.www.actions import post_action

SEEKER_K, VACANCY_K = 10, 20
logger = logging.getLogger(__name__)


def _k(request: HttpRequest, default: int) -> int:
    value = request.GET.get("k", "")
    return min(max(int(value), 1), MAX_K) if value.isdigit() else default


def registration_vacancies(request: HttpRequest, pk: int) -> HttpResponse:
    """The seeker's wishes in the header (occupations by name, titles, skills, places), the best vacancies, and,
    when there are none, why, in numbers (`jiuye.matching.funnel`)."""
    registration = registration_get(user=request.user, pk=pk)
    today = timezone.localdate()
    matches = recommendations_for_registration(request.user, registration, _k(request, SEEKER_K), today=today)
    wishes = registration_wishes(registration)
    closed = registration_closed_reason(registration, today)
    context = {
        "registration": registration,
        "person": registration.person,
        "wishes": wishes,
        "matches": matches,
        "matchable": not closed,
        "why_empty": closed or ("" if matches else _why_no_vacancies(registration, wishes, today)),
        "can_refer": can_manage_seekers(request.user),
    }
    return render(request, "www/matching/registration_vacancies.html", context)


def _why_no_vacancies(registration, wishes, today) -> str:
    try:
        funnel = registration_funnel(IndexPairs(registration, today))
    except (KeyError, ValueError, IndexError):  # the live engine failed: the page showed the stored run
        logger.exception("counting the filters failed for registration %s", registration.pk)
        return ""
    return why_no_vacancies(funnel, places=wishes.places_text, expected_wage=wishes.expected_wage)


@require_POST
def registration_refer(request: HttpRequest, pk: int) -> HttpResponse:
    """Refer the seeker to one recommended vacancy: a job-referral service and a referral keeping the score and
    the reasons as the caseworker saw them."""
    registration = registration_get(user=request.user, pk=pk)
    if not can_manage_seekers(request.user):
        raise PermissionDenied(_("只有经办人员或管理员可以推荐岗位。"))
    today = timezone.localdate()
    vacancy_id = request.POST.get("vacancy", "")
    vacancy = get_object_or_404(
        Vacancy.objects.select_related("employer").filter(status=VacancyStatus.OPEN),
        pk=int(vacancy_id) if vacancy_id.isdigit() else 0,
    )
    explained = pair_explanation(registration, vacancy, today)
    if explained is None:
        messages.error(request, _("该岗位不在此求职者的推荐范围内（已关闭、已过期或不在意向工作地）。"))
        return redirect("www:matching_registration", pk=registration.pk)
    score, reasons = explained
    return post_action(
        request,
        lambda: referral_create(
            actor=request.user, person=registration.person, vacancy=vacancy, referred_on=today,
            registration=registration, score=round(score, 4), explanation=[r.as_dict() for r in reasons],
        ),
        done=_("已将“%(title)s”推荐给%(name)s。") % {"title": vacancy.title, "name": registration.person.name},
        back=reverse("www:matching_registration", args=[registration.pk]),
    )  # fmt: skip


def vacancy_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """The vacancy's terms in the header, the best seekers the user may see, and, when there are none, why."""
    vacancy = vacancy_for_candidates(user=request.user, pk=pk)
    today = timezone.localdate()
    matches = candidates_for_vacancy(request.user, vacancy, _k(request, VACANCY_K), today=today)
    closed = vacancy_closed_reason(vacancy, today)
    context = {
        "vacancy": vacancy,
        "skills": [word for word in SKILL_SEPARATORS.split(vacancy.skills or "") if word],
        "matches": matches,
        "is_open": not closed,
        "why_empty": closed or ("" if matches else _why_no_candidates(request.user, vacancy, today)),
        "can_unmask": can_unmask_ric(request.user),
    }
    return render(request, "www/matching/vacancy_candidates.html", context)


def _why_no_candidates(user, vacancy: Vacancy, today) -> str:
    try:
        funnel = vacancy_funnel(vacancy, user_region_prefix(user) or "", today)
    except (KeyError, ValueError, IndexError):
        logger.exception("counting the filters failed for vacancy %s", vacancy.pk)
        return ""
    return why_no_candidates(funnel, place=vacancy.region.name, wage_max=vacancy.wage_max)

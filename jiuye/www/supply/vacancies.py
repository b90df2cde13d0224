"""Vacancy and employer pages: the list (search, region picker and status filters, htmx rows, 新增岗位), a vacancy
with the referrals to it and their answers, the vacancy form (the employer chosen first when started from the list),
closing (confirmed on the page), and an employer's page.

Reads go through `jiuye.employers.selectors` (the region scope, narrowed for an employer's own account): a vacancy
or employer the user may not see is a 404, as if it did not exist. Writes go through `jiuye.employers.services`.
"""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from jiuye.employers import selectors
from jiuye.employers.enums import VacancyChannel, VacancyStatus
from jiuye.employers.perms import (
    can_manage_contacts,
    can_manage_employer,
    can_manage_employers,
    can_manage_vacancy,
    can_post_vacancies,
    is_reporter_account,
)
from jiuye.employers.services import VacancyTerms, vacancy_close, vacancy_create, vacancy_update
from jiuye.seekers.perms import can_answer_referrals
from jiuye.seekers.selectors import vacancy_referrals, with_hires
from jiuye.www.actions import post_action
from jiuye.www.errors import form_errors
from jiuye.www.paging import paged, region_param
from jiuye.www.regions import region_picker
from jiuye.www.supply.forms import VacancyForm

FORM_FIELDS = list(VacancyForm.base_fields)


def vacancy_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in VacancyStatus.values else ""
    query = request.GET.get("q", "")
    region = region_param(request)
    vacancies = with_hires(selectors.vacancy_search(user=request.user, query=query, status=status, region_code=region))
    page, params = paged(request, vacancies)
    rows_only = request.htmx and not request.htmx.history_restore_request
    context = {
        "page": page, "page_params": params, "query": query, "status": status, "statuses": VacancyStatus.choices,
        "picker": region_picker(request.user, region), "can_add": _may_post_vacancies(request.user),
    }  # fmt: skip
    return render(request, "www/supply/vacancy_rows.html" if rows_only else "www/supply/vacancy_list.html", context)


def _may_post_vacancies(user) -> bool:
    """Officers post the vacancies of their region's employers, a reporter account its own employers' (the rule per
    employer is `can_post_vacancies`)."""
    return can_manage_employers(user) or is_reporter_account(user)


def vacancy_new_employer(request: HttpRequest) -> HttpResponse:
    """新增岗位 from the vacancy list: choose the employer (search by name or USCC among those the user may post
    for), then the vacancy form of `vacancy_new`. A reporter account with one employer goes straight to its form."""
    if not _may_post_vacancies(request.user):
        raise PermissionDenied(_("您不能登记岗位。"))
    query = request.GET.get("q", "")
    employers = selectors.employer_search(user=request.user, query=query).order_by("name", "pk")
    if is_reporter_account(request.user) and not query and len(only := list(employers[:2])) == 1:
        return redirect("www:vacancy_new", employer_pk=only[0].pk)
    page, params = paged(request, employers)
    rows_only = request.htmx and not request.htmx.history_restore_request
    context = {"page": page, "page_params": params, "query": query, "can_add": can_manage_employers(request.user)}
    template = "www/supply/vacancy_employer_rows.html" if rows_only else "www/supply/vacancy_employer.html"
    return render(request, template, context)


@require_safe
def vacancy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job advert, which any user of the administration may read (docs/access-policy.md, 2: another county's
    vacancy is recommended to its seekers); the referrals shown are those of the user's own region, and the employer's
    page, the candidates and the changes only for the vacancy's own region."""
    vacancy = selectors.vacancy_advert_get(user=request.user, pk=pk)
    rows = vacancy_referrals(user=request.user, vacancy=vacancy)
    can_answer = can_answer_referrals(request.user)
    in_scope = vacancy.is_visible_to(request.user)
    context = {
        "vacancy": vacancy,
        "rows": [(row, can_answer) for row in rows],  # every row is a referral the user sees
        "can_manage": can_manage_vacancy(request.user, vacancy),
        "is_open": vacancy.status == VacancyStatus.OPEN,
        "can_see_candidates": in_scope and not is_reporter_account(request.user),
        "can_open_employer": vacancy.employer.is_visible_to(request.user),
    }
    return render(request, "www/supply/vacancy_detail.html", context)


def _values(form: VacancyForm) -> dict:
    return {field: form.cleaned_data[field] for field in FORM_FIELDS}


def vacancy_new(request: HttpRequest, employer_pk: int) -> HttpResponse:
    """A vacancy of one employer, by an officer of its region or one of its accounts."""
    employer = selectors.employer_card(user=request.user, pk=employer_pk).employer
    if not can_post_vacancies(request.user, employer):
        raise PermissionDenied(_("您不能为该用人单位登记岗位。"))
    today = timezone.localdate()
    initial = {"region": employer.region_id, "valid_from": today, "contract_kind": "full_time"}
    form = VacancyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = _values(form)
        channel = _channel(request, values)
        try:
            vacancy = vacancy_create(
                actor=request.user, employer=employer, channel=channel, terms=VacancyTerms(**values)
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("岗位已登记。"))
            return redirect("www:vacancy_detail", pk=vacancy.pk)
    return render(request, "www/supply/vacancy_form.html", {"form": form, "employer": employer, "vacancy": None})


def _channel(request: HttpRequest, values: dict) -> VacancyChannel:
    if values.get("job_fair"):
        return VacancyChannel.JOB_FAIR
    return VacancyChannel.EMPLOYER if is_reporter_account(request.user) else VacancyChannel.CASEWORKER


def vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.vacancy_get(user=request.user, pk=pk)
    if not can_manage_vacancy(request.user, vacancy):
        raise PermissionDenied(_("您不能修改该岗位。"))
    initial = {field: getattr(vacancy, field) for field in FORM_FIELDS if field not in ("occupation", "region")}
    initial |= {"occupation": vacancy.occupation_id, "region": vacancy.region_id}
    form = VacancyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        terms = replace(VacancyTerms.of(vacancy), **_values(form))
        try:
            vacancy_update(actor=request.user, vacancy=vacancy, terms=terms)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("岗位已保存。"))
            return redirect("www:vacancy_detail", pk=vacancy.pk)
    context = {"form": form, "employer": vacancy.employer, "vacancy": vacancy}
    return render(request, "www/supply/vacancy_form.html", context)


@require_POST
def vacancy_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = selectors.vacancy_get(user=request.user, pk=pk)
    return post_action(
        request,
        lambda: vacancy_close(actor=request.user, vacancy=vacancy, reason=request.POST.get("reason", "")),
        done=_("岗位已关闭。"),
        back=reverse("www:vacancy_detail", args=[vacancy.pk]),
    )


def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.employer_card(user=request.user, pk=pk)
    page, params = paged(request, with_hires(card.vacancies))
    context = {
        "card": card, "employer": card.employer, "page": page, "page_params": params,
        "can_post": can_post_vacancies(request.user, card.employer),
        "can_edit": can_manage_employer(request.user, card.employer),
        "can_edit_contacts": can_manage_contacts(request.user, card.employer),
    }  # fmt: skip
    return render(request, "www/supply/employer_detail.html", context)

"""Job-seeker pages: the registration form of a person, renewal and withdrawal, the "求职登记" section of the person
card, and the form of an employer's answer to a referral.

A person outside the user's region is a 404, as on the person card; a referral is found for an officer through the
person's region, and for an employer's account through the vacancy's employer (which then sees the name and the
masked phone only). Writes go through `jiuye.seekers.services`.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuye.accounts.models import User
from jiuye.people.masking import mask_phone
from jiuye.people.models import Person
from jiuye.people.selectors import person_get
from jiuye.seekers.enums import SeekerStatus
from jiuye.seekers.models import Referral, SeekerRegistration
from jiuye.seekers.perms import can_manage_seekers, can_record_referral_outcome, can_see_referral
from jiuye.seekers.services import referral_outcome_record, seeker_register, seeker_renew, seeker_withdraw
from jiuye.www.actions import post_action
from jiuye.www.errors import form_errors
from jiuye.www.supply.forms import OutcomeForm, SeekerForm


@dataclass(frozen=True)
class SeekerSection:
    registrations: list[SeekerRegistration]
    referrals: list[Referral]
    can_manage: bool
    has_active: bool


def person_section(user: User, person: Person) -> SeekerSection:
    """The job-seeker part of a person card (the card has already checked that the user sees the person)."""
    registrations = list(
        person.seeker_registrations.prefetch_related("desired_occupations", "accepted_regions").order_by(
            "-registered_on", "-pk"
        )
    )
    referrals = list(person.referrals.select_related("vacancy__employer").order_by("-referred_on", "-pk"))
    return SeekerSection(
        registrations=registrations,
        referrals=referrals,
        can_manage=can_manage_seekers(user),
        has_active=any(r.status == SeekerStatus.ACTIVE for r in registrations),
    )


@login_required
def seeker_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_get(user=request.user, pk=person_pk)
    if not can_manage_seekers(request.user):
        raise PermissionDenied(_("只有经办人员或管理员可以办理求职登记。"))
    form = SeekerForm(request.POST or None, initial={"registered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            seeker_register(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("求职登记已办理。"))
            return redirect("www:person_card", pk=person.pk)
    return render(request, "www/supply/seeker_form.html", {"form": form, "person": person})


def _visible_registration(request: HttpRequest, pk: int) -> SeekerRegistration:
    return get_object_or_404(SeekerRegistration.objects.visible_to(request.user).select_related("person"), pk=pk)


@login_required
@require_POST
def seeker_renew_view(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _visible_registration(request, pk)
    return post_action(
        request,
        lambda: seeker_renew(actor=request.user, registration=registration, on=timezone.localdate()),
        done=lambda renewed: _("求职登记已续期至%(date)s。") % {"date": renewed.expires_on},
        back=reverse("www:person_card", args=[registration.person_id]),
    )


@login_required
@require_POST
def seeker_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _visible_registration(request, pk)
    return post_action(
        request,
        lambda: seeker_withdraw(actor=request.user, registration=registration, reason=request.POST.get("reason", "")),
        done=_("求职登记已撤销。"),
        back=reverse("www:person_card", args=[registration.person_id]),
    )


def _referral_for(request: HttpRequest, pk: int) -> Referral:
    """An officer finds referrals of people of their region; an employer's account those to its vacancies."""
    referral = Referral.objects.select_related("person", "vacancy__employer").filter(pk=pk).first()
    if referral is None or not can_see_referral(request.user, referral):
        raise Http404(_("该职业介绍不存在或不在您的管辖范围内。"))
    return referral


@login_required
def referral_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_for(request, pk)
    if not can_record_referral_outcome(request.user, referral):
        raise PermissionDenied(_("您不能登记该职业介绍的反馈。"))
    form = OutcomeForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            referral_outcome_record(actor=request.user, referral=referral, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("反馈已登记。"))
            return redirect("www:referral_outcome", pk=referral.pk)
    context = {
        "form": form, "referral": referral, "events": referral.events.select_related("recorded_by"),
        "phone": mask_phone(referral.person.phone),
    }  # fmt: skip
    return render(request, "www/supply/referral_outcome.html", context)

"""Job-seeker pages: the registration form of a person (with the occupation picker's suggestions), renewal and
withdrawal (confirmed first), and the form of an employer's answer to a referral. The card's "求职登记" section is
`seeker_section`.

A person outside the user's region is a 404, as on the person card; a referral is found for an officer through the
person's region, and for an employer's account through the vacancy's employer (which then sees the name and the
masked phone only). Writes go through `jiuye.seekers.services`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuye.people.masking import mask_phone
from jiuye.people.selectors import person_get
from jiuye.reference.selectors import occupation_suggestions
from jiuye.seekers.models import Referral, SeekerRegistration
from jiuye.seekers.perms import can_manage_seekers, can_record_referral_outcome, can_see_referral
from jiuye.seekers.services import (
    referral_outcome_record,
    seeker_refusal,
    seeker_register,
    seeker_renew,
    seeker_withdraw,
)
from jiuye.www.actions import post_action
from jiuye.www.errors import form_errors
from jiuye.www.people.sections import FormSpec, form_data, form_response, saved
from jiuye.www.supply.forms import NAME_SEPARATORS, OutcomeForm, SeekerForm, WithdrawForm


def seeker_new(request: HttpRequest, person_pk: int) -> HttpResponse:
    """The registration form, or, when the rules do not let the person register today (age, ability to work, an
    active registration), the reason instead of a form to fill in vain."""
    person = person_get(user=request.user, pk=person_pk)
    if not can_manage_seekers(request.user):
        raise PermissionDenied(_("只有经办人员或管理员可以办理求职登记。"))
    today = timezone.localdate()
    refusal = seeker_refusal(person=person, on=today)
    form = SeekerForm(form_data(request), home=person.residence_region, initial={"registered_on": today})
    if refusal is None and request.method == "POST" and form.is_valid():
        try:
            seeker_register(actor=request.user, person=person, **form.registration_values())
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("求职登记已办理。"))
            return redirect(reverse("www:person_card", args=[person.pk]) + "#seeker")
    context = {"form": form, "person": person, "refusal": refusal, "picked": form.picked()}
    return render(request, "www/supply/seeker_form.html", context)


def occupation_picker(request: HttpRequest) -> HttpResponse:
    """The picker's suggestions as the user types (htmx): occupations by name and by the 474 common job titles, each
    a button that adds it to the form. The search box sends its own field (`occupation_names`) or `q`."""
    text = request.GET.get("q") or request.GET.get("occupation_names", "")
    last = NAME_SEPARATORS.split(text.strip())[-1]  # "电焊工、叉" looks for "叉"
    context = {"text": last, "suggestions": occupation_suggestions(last)}
    return render(request, "www/supply/occupation_choices.html", context)


def _visible_registration(request: HttpRequest, pk: int) -> SeekerRegistration:
    registration = SeekerRegistration.objects.visible_to(request.user).select_related("person").filter(pk=pk).first()
    if registration is None:
        raise Http404(_("该求职登记不存在或不在您的管辖范围内。"))
    return registration


@require_POST
def seeker_renew_view(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _visible_registration(request, pk)
    return post_action(
        request,
        lambda: seeker_renew(actor=request.user, registration=registration, on=timezone.localdate()),
        done=lambda renewed: _("求职登记已续期至%(date)s。") % {"date": renewed.expires_on},
        back=reverse("www:person_card", args=[registration.person_id]) + "#seeker",
    )


def seeker_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdrawing asks first (a form with the reason and 确认撤销, in the card's section or on its own page)."""
    registration = _visible_registration(request, pk)
    if not can_manage_seekers(request.user):
        raise PermissionDenied(_("只有经办人员或管理员可以办理求职登记。"))
    form = WithdrawForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            seeker_withdraw(actor=request.user, registration=registration, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_errors(form, error)
        else:
            return saved(request, registration.person, "seeker", _("求职登记已撤销。"))
    intro = _("确定撤销%(name)s于%(date)s办理的求职登记吗？撤销后不再为其推荐岗位，如需恢复须重新登记。") % {
        "name": registration.person.name, "date": registration.registered_on,
    }  # fmt: skip
    spec = FormSpec(
        form, "seeker", action=reverse("www:seeker_withdraw", args=[pk]), title=_("撤销求职登记"),
        submit=_("确认撤销"), intro=intro,
    )  # fmt: skip
    return form_response(request, registration.person, spec)


def _referral_for(request: HttpRequest, pk: int) -> Referral:
    """An officer finds referrals of people of their region; an employer's account those to its vacancies."""
    referral = Referral.objects.select_related("person", "vacancy__employer").filter(pk=pk).first()
    if referral is None or not can_see_referral(request.user, referral):
        raise Http404(_("该职业介绍不存在或不在您的管辖范围内。"))
    return referral


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

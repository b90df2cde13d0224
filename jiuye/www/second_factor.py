"""The second factor's two pages, after the password (`jiuye.www.middleware.SecondFactorMiddleware` sends users
there): binding a phone's authenticator app once, and typing its current code at each login."""

import django_otp
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from jiuye.second_factor.perms import second_factor_required, session_verified
from jiuye.second_factor.services import confirmed_device, enrolment_confirm, enrolment_start, login_verify


class CodeForm(forms.Form):
    token = forms.CharField(
        label=_("动态口令（6位数字）"), min_length=6, max_length=6,
        widget=forms.TextInput(attrs={
            "inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}", "autofocus": True,
        }),
        error_messages={"required": _("请输入6位动态口令。"), "min_length": _("动态口令是6位数字。"),
                        "max_length": _("动态口令是6位数字。")},
    )  # fmt: skip


def _next_url(request: HttpRequest) -> str:
    """The page first asked for (`?next=`), when it is this site's; else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url("www:home")


@require_http_methods(["GET", "POST"])
def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Scan the key (or type it), then confirm it with the app's first code. A user who has a confirmed device is
    sent to type its code instead: an unverified session never replaces a device (a lost phone is reset by an
    administrator)."""
    if not second_factor_required(request.user) or session_verified(request):
        return redirect(_next_url(request))
    if confirmed_device(user=request.user):
        return redirect(f"{resolve_url('www:second_factor_verify')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            device = enrolment_confirm(user=request.user, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            django_otp.login(request, device)
            return redirect(_next_url(request))
    context = {"form": form, "enrolment": enrolment_start(user=request.user), "next": _next_url(request)}
    return render(request, "www/second_factor/enrol.html", context)


@require_http_methods(["GET", "POST"])
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """The code of the phone's app, once per login."""
    if not second_factor_required(request.user) or session_verified(request):
        return redirect(_next_url(request))
    if not confirmed_device(user=request.user):
        return redirect(f"{resolve_url('www:second_factor_enrol')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            device = login_verify(user=request.user, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error)
        else:
            django_otp.login(request, device)
            return redirect(_next_url(request))
    context = {"form": form, "next": _next_url(request)}
    return render(request, "www/second_factor/verify.html", context)

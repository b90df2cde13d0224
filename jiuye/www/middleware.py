"""Who reaches which page: Django's LoginRequiredMiddleware, made to work with htmx; the second factor of the users who
may see full ID numbers; and the enterprise reporter accounts kept to their own portal.

When a session has ended (eight hours, or a logout in another tab), the next htmx request of an open page would
follow the redirect and swap the whole login page into a table's rows. Instead the browser is sent to the login
page (htmx's `HX-Redirect`), which then returns to the page the user was on, not to the fragment's address.
"""

from django.contrib import messages
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from jiuye.accounts.scope import is_reporter_account
from jiuye.second_factor.perms import session_owes_second_factor
from jiuye.second_factor.services import confirmed_device


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    def handle_no_permission(self, request: HttpRequest, view_func) -> HttpResponse:
        htmx = getattr(request, "htmx", None)
        if not htmx:
            return super().handle_no_permission(request, view_func)
        page = htmx.current_url_abs_path or request.get_full_path()
        login = resolve_url(self.get_login_url(view_func))
        return HttpResponseClientRedirect(redirect_to_login(page, login, self.get_redirect_field_name(view_func)).url)


# What a signed-in user who still owes the second factor may open: its two pages, and the way out.
SECOND_FACTOR_PAGES = frozenset({"www:second_factor_enrol", "www:second_factor_verify", "www:logout"})


class SecondFactorMiddleware:
    """After the password, a user who must confirm a second factor (`jiuye.second_factor.perms`) is taken to enrol a
    device (none confirmed yet) or to type its code, and then back to the page asked for; no other page opens
    before. The views that need no login (the login page, /healthz, the API, which refuses full numbers itself to
    an unverified session) are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not getattr(view_func, "login_required", True) or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in SECOND_FACTOR_PAGES:
            return None
        if not session_owes_second_factor(request):
            return None
        htmx = getattr(request, "htmx", None)
        page = (htmx.current_url_abs_path if htmx else None) or request.get_full_path()
        step = "www:second_factor_verify" if confirmed_device(user=request.user) else "www:second_factor_enrol"
        target = f"{reverse(step)}?{urlencode({'next': page})}"
        return HttpResponseClientRedirect(target) if htmx else redirect(target)


# What an enterprise's reporter account (企业填报员) may open: its portal, its reports, its vacancies and the answers
# to referrals, its employer's page, and what those pages call. Everything else of the site is the officers'.
REPORTER_PAGES = frozenset(
    {
        "www:home", "www:login", "www:logout", "www:monitoring", "www:monitoring_mine", "www:monitoring_report",
        "www:monitoring_report_form", "www:monitoring_enterprise", "www:vacancy_list", "www:vacancy_new_employer",
        "www:vacancy_new", "www:vacancy_detail", "www:vacancy_edit", "www:vacancy_close", "www:referral_outcome",
        "www:employer_list", "www:employer_detail", "www:employer_edit", "www:region_picker", "www:occupation_picker",
    }
)  # fmt: skip


class ReporterPortalMiddleware:
    """A reporter account that opens an officers' page (a bookmark, a typed address) lands on its own portal with a
    word of why, instead of an empty list of people or a refusal. Only pages are redirected: an action posted to an
    officers' address still reaches the service, which refuses it (403), as the API would."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if request.method not in ("GET", "HEAD") or match is None or match.namespace != "www":
            return None
        if not is_reporter_account(request.user):
            return None
        if f"{match.namespace}:{match.url_name}" in REPORTER_PAGES:
            return None
        messages.info(request, _("企业填报员账号只能使用本企业的功能，已为您转到企业首页。"))
        portal = reverse("www:monitoring_mine")
        return HttpResponseClientRedirect(portal) if getattr(request, "htmx", None) else redirect(portal)

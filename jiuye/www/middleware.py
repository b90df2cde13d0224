"""Django's LoginRequiredMiddleware, made to work with htmx.

When a session has ended (eight hours, or a logout in another tab), the next htmx request of an open page would
follow the redirect and swap the whole login page into a table's rows. Instead the browser is sent to the login
page (htmx's `HX-Redirect`), which then returns to the page the user was on, not to the fragment's address.
"""

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    def handle_no_permission(self, request: HttpRequest, view_func) -> HttpResponse:
        htmx = getattr(request, "htmx", None)
        if not htmx:
            return super().handle_no_permission(request, view_func)
        page = htmx.current_url_abs_path or request.get_full_path()
        login = resolve_url(self.get_login_url(view_func))
        return HttpResponseClientRedirect(redirect_to_login(page, login, self.get_redirect_field_name(view_func)).url)

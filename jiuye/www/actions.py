"""One way for a page to perform a posted action: call the service, say what happened in Chinese, go back.

Every button that changes something (return a report, close a vacancy, renew a registration...) is a POST to a view
that does exactly this; the service checks who may do it and raises `ValidationError` with the reason, which the user
reads at the top of the page they are sent back to.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from jiuye.www.errors import error_text


def post_action(
    request: HttpRequest,
    act: Callable[[], Any],
    *,
    done: str | Callable[[Any], str],
    back: str,
) -> HttpResponse:
    """Run `act`; on success show `done` (or `done(result)`), on a `ValidationError` its messages; then redirect to
    the page the form named in `next` (same site only) or else to `back`. A `PermissionDenied` or `Http404` raised by
    `act` is left to the error pages."""
    try:
        result = act()
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done(result) if callable(done) else done)
    return redirect(next_url(request) or back)


def next_url(request: HttpRequest) -> str:
    """The posted `next`, when it points inside this site; else empty."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""

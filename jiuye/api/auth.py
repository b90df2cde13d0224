"""API authentication: a bearer token issued to another government system, or a browser session (with CSRF).

The token is tried first and is never subject to CSRF: a browser does not send an `Authorization` header by itself,
so a forged cross-site request cannot carry one. A session request always is: django-ninja's `SessionAuth` checks
CSRF before it looks at anything (so the check refused token requests too when it came first in the list); ours checks
it inside `authenticate`, only once the session has authenticated the user.

Each token may make API_TOKEN_RATE_PER_MINUTE requests (default 600) per minute, a fixed window counted in Django's
cache; beyond that the answer is 429 with `Retry-After`.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.errors import Throttled
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from jiuye.accounts.models import ApiToken, User
from jiuye.accounts.services import api_token_authenticate
from jiuye.api.errors import CsrfFailed

RATE_WINDOW_SECONDS = 60


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = api_token_authenticate(presented=token)
        if api_token is None:
            return None
        token_rate_check(api_token)
        request.user = api_token.user
        request.api_token = api_token  # a system's request: no second factor (jiuye.second_factor.perms)
        return api_token.user


class CsrfSessionAuth(SessionAuth):
    """Django's session, with the CSRF check once the session has authenticated (not before, as ninja's does)."""

    def __init__(self) -> None:
        super().__init__(csrf=False)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = super().authenticate(request, key)
        if user is not None and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed
        return user


def token_rate_check(token: ApiToken) -> None:
    """Count the request in the token's current minute; raise Throttled (429) past API_TOKEN_RATE_PER_MINUTE.

    A fixed window: a system sending 600 requests at 10:00:59 and 600 more at 10:01:00 gets both through, which is
    acceptable for systems that page through registers at night; the counter is one cache key per token and minute.
    """
    limit = getattr(settings, "API_TOKEN_RATE_PER_MINUTE", 600)
    if not limit:
        return
    now = time.time()
    key = f"api-token-rate:{token.prefix}:{int(now // RATE_WINDOW_SECONDS)}"
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS + 5)
        count = 1
    if count > limit:
        raise Throttled(wait=RATE_WINDOW_SECONDS - now % RATE_WINDOW_SECONDS)


# Endpoints with personal or enterprise data take either; the handler then scopes by `request.user`.
user_auth = [TokenAuth(), CsrfSessionAuth()]

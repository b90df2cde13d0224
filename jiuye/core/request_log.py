"""One log line per request, with an id that ties it to the client's and the proxy's records.

The id is the client's `X-Request-ID` when it sends a plain one (nginx sets it: deploy/nginx.conf.example), otherwise
a new one; it is returned in the response's `X-Request-ID` and given to every record logged while the request runs
(config/log_formatters.py), so that a 500's traceback and its request line are found together.

The line (logger `jiuye.request`, written at INFO when LOG_FORMAT=json) holds the method, the path without its query
string, the status, the duration in milliseconds and the user's id: never the user's name or phone, and never the
query string, where a search could carry a resident ID number (`/api/people?q=...`). The duration runs until the
response is ready: a streamed download's transfer is not in it (nginx's log has it, $request_time).
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("jiuye.request")

REQUEST_ID_HEADER = "X-Request-ID"
# A client's id is kept only when it is short and plain (nginx's $request_id is 32 hex digits); anything else could
# carry text into the logs, and is replaced.
PLAIN_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being served; None outside requests (commands, the tasks' worker)."""
    return _request_id.get()


def request_id_from(request: HttpRequest) -> str:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    return given if PLAIN_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


class RequestLogMiddleware:
    """First in MIDDLEWARE, so that its duration covers the others and every response (a redirect to HTTPS, a
    static file) carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request)
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            logger.info(
                "%s %s %s %sms",
                request.method,
                request.path,
                response.status_code,
                duration_ms,
                extra={
                    "user_id": user_id(request),
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                },
            )
            return response
        finally:
            _request_id.reset(token)


def user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id (a session or an API token); None for a visitor or a static file (served before the
    session is read)."""
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None

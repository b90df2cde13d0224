"""The request a service runs in (address and client), so audit events say where an action came from without every
service taking the request as an argument."""

from contextvars import ContextVar
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Origin:
    ip_address: str | None = None
    user_agent: str = ""


_origin: ContextVar[Origin | None] = ContextVar("audit_origin", default=None)


def current_origin() -> Origin:
    """Where the current request came from; an empty origin outside requests (commands, batch jobs)."""
    return _origin.get() or Origin()


class AuditOriginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _origin.set(
            Origin(
                ip_address=request.META.get("REMOTE_ADDR") or None,
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
            )
        )
        try:
            return self.get_response(request)
        finally:
            _origin.reset(token)

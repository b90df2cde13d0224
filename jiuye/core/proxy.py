"""The client's address behind nginx: REMOTE_ADDR set from the proxy's `X-Real-IP`, for a request the proxy sent.

Behind a proxy every request comes from the proxy's address (127.0.0.1): the audit log (jiuye/audit/context.py) would
record it for every action, and django-axes, which locks a username and address pair after failed logins, would lock
a username for everyone. nginx sets `X-Real-IP` to the address it was reached from (deploy/nginx.conf.example),
replacing whatever a client sent; the header is believed only from the addresses in TRUSTED_PROXIES (none by default:
the demo and a server reached directly keep the socket's address).
"""

import contextlib
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REAL_IP_HEADER = "X-Real-IP"


class RealClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get("REMOTE_ADDR") in settings.TRUSTED_PROXIES:
            client = request.headers.get(REAL_IP_HEADER, "").strip()
            # No header, or no single address in it: the proxy's own address stays.
            with contextlib.suppress(ValueError):
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(client))
        return self.get_response(request)

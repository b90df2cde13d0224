"""Behind nginx the client's address comes from X-Real-IP, believed from the trusted proxies only."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from jiuye.core.proxy import RealClientAddressMiddleware

middleware = RealClientAddressMiddleware(lambda request: HttpResponse(request.META["REMOTE_ADDR"]))


@pytest.mark.parametrize(
    ("peer", "real_ip", "seen"),
    [
        ("127.0.0.1", "203.0.113.7", "203.0.113.7"),  # from nginx: the client's address
        ("::1", "2001:db8::7", "2001:db8::7"),
        ("198.51.100.9", "203.0.113.7", "198.51.100.9"),  # straight from a client: its claim is ignored
        ("127.0.0.1", "203.0.113.7, 10.0.0.1", "127.0.0.1"),  # no single address: the proxy's stays
        ("127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_the_client_address_is_taken_from_a_trusted_proxy_only(settings, peer, real_ip, seen):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    request = RequestFactory().get("/", REMOTE_ADDR=peer, headers={"X-Real-IP": real_ip} if real_ip else {})

    assert middleware(request).content.decode() == seen


def test_no_proxy_is_trusted_by_default(settings):
    assert settings.TRUSTED_PROXIES == []
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", headers={"X-Real-IP": "203.0.113.7"})

    assert middleware(request).content.decode() == "127.0.0.1"

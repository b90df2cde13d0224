"""Issue 15 (1): systems write with a bearer token, never subject to CSRF; a browser session always is. Tokens are
scoped by their user's region, expire, can be revoked, and are rate-limited per token.

The clients here enforce CSRF (`enforce_csrf_checks=True`): Django's test client skips the check by default, which
hid the defect (every token POST answered 403 "CSRF check Failed")."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from jiuye.accounts.models import ApiToken
from jiuye.accounts.services import api_token_create, api_token_revoke
from tests.accounts.factories import UserFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

CSRF_SECRET = "a" * 32
STATUS = {"status": "unemployed", "effective_on": "2026-09-01"}


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def person():
    return PersonFactory(name="本县人员")


@pytest.fixture(autouse=True)
def _fresh_rate_counters():
    cache.clear()


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def post_status(client, person, **kwargs):
    return client.post(f"/api/people/{person.pk}/status", STATUS, content_type="application/json", **kwargs)


def test_token_post_needs_no_csrf_token(strict_client, person):
    _token, secret = api_token_create(user=UserFactory(region="140105"), name="省就业信息系统")
    response = post_status(strict_client, person, headers=bearer(secret))
    assert response.status_code == 200, response.content
    assert response.json()["employment_status"] == "unemployed"


def test_token_post_needs_no_csrf_token_even_beside_a_session_cookie(strict_client, person):
    _token, secret = api_token_create(user=UserFactory(region="140105"), name="省就业信息系统")
    strict_client.force_login(UserFactory(region="140105"))
    assert post_status(strict_client, person, headers=bearer(secret)).status_code == 200


def test_session_post_without_csrf_token_is_refused(strict_client, person):
    strict_client.force_login(UserFactory(region="140105"))
    response = post_status(strict_client, person)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    person.refresh_from_db()
    assert person.employment_status != "unemployed"


def test_session_post_with_csrf_token_succeeds(strict_client, person):
    strict_client.force_login(UserFactory(region="140105"))
    strict_client.cookies["csrftoken"] = CSRF_SECRET
    response = post_status(strict_client, person, headers={"X-CSRFToken": CSRF_SECRET})
    assert response.status_code == 200, response.content


def test_session_get_needs_no_csrf_token(strict_client, person):
    strict_client.force_login(UserFactory(region="140105"))
    assert strict_client.get(f"/api/people/{person.pk}").status_code == 200


def test_token_is_scoped_to_its_users_region(strict_client, person):
    _token, secret = api_token_create(user=UserFactory(region="140106"), name="外县系统")
    assert post_status(strict_client, person, headers=bearer(secret)).status_code == 404


def test_expired_token_is_refused(client, person):
    token, secret = api_token_create(user=UserFactory(region="140105"), name="测试")
    assert client.get("/api/people", headers=bearer(secret)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/api/people", headers=bearer(secret)).json()["error"]["code"] == "unauthorized"


def test_new_token_expires_after_the_lifetime_setting(settings):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    token, _secret = api_token_create(user=UserFactory(), name="测试")
    assert token.expires_at - timezone.now() == pytest.approx(
        datetime.timedelta(days=30), abs=datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError):
        api_token_create(user=UserFactory(), name="测试", expires_at=timezone.now())


def test_revoked_token_and_inactive_users_token_are_refused(client):
    user = UserFactory(region="140105")
    token, secret = api_token_create(user=user, name="测试")
    _other, other_secret = api_token_create(user=user, name="另一系统")
    api_token_revoke(token=token)
    assert client.get("/api/people", headers=bearer(secret)).status_code == 401
    assert client.get("/api/people", headers=bearer(other_secret)).status_code == 200
    user.is_active = False
    user.save()
    assert client.get("/api/people", headers=bearer(other_secret)).status_code == 401


def test_commands_create_with_a_lifetime_and_revoke(capsys):
    user = UserFactory()
    call_command("api_token_create", user.username, name="省系统", days=7)
    token = ApiToken.objects.get(user=user)
    assert token.expires_at - timezone.now() == pytest.approx(
        datetime.timedelta(days=7), abs=datetime.timedelta(minutes=1)
    )
    call_command("api_token_revoke", token.prefix)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_rate_limit_answers_429_per_token(client, settings):
    settings.API_TOKEN_RATE_PER_MINUTE = 2
    user = UserFactory(region="140105")
    _token, secret = api_token_create(user=user, name="测试")
    _other, other_secret = api_token_create(user=user, name="另一系统")
    assert [client.get("/api/people", headers=bearer(secret)).status_code for _ in range(2)] == [200, 200]
    refused = client.get("/api/people", headers=bearer(secret))
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert client.get("/api/people", headers=bearer(other_secret)).status_code == 200


def test_session_requests_are_not_token_rate_limited(client, settings):
    settings.API_TOKEN_RATE_PER_MINUTE = 1
    client.force_login(UserFactory(region="140105"))
    assert [client.get("/api/people").status_code for _ in range(3)] == [200, 200, 200]

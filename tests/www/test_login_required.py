"""LoginRequiredMiddleware: every page needs a login except the few marked public, and the API keeps answering for
itself (401 in JSON, never a redirect to the login page)."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpResponse
from django.urls import path, reverse

from jiuye.accounts.services import api_token_create
from jiuye.www.auth import LoginView
from tests.accounts.factories import UserFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _plain_view(request):
    return HttpResponse("机密")


# A URLconf of one view with no login check of its own, for the test below (`pytest.mark.urls(__name__)`).
urlpatterns = [path("plain/", _plain_view), path("login/", LoginView.as_view(), name="login")]


@pytest.mark.urls(__name__)
def test_a_view_without_its_own_login_check_sends_strangers_to_the_login_page(client, settings):
    settings.LOGIN_URL = "login"
    response = client.get("/plain/")
    assert response.status_code == 302
    assert response.url == "/login/?next=/plain/"
    client.force_login(UserFactory())
    assert client.get("/plain/").text == "机密"


def test_an_htmx_request_after_the_session_ended_sends_the_page_to_the_login_form(client):
    """Not the login page swapped into a table: the whole page goes, and comes back to the page, not the fragment."""
    headers = {"HX-Request": "true", "HX-Current-URL": "http://testserver/supply/vacancies/?q=weld"}
    response = client.get("/supply/vacancies/", {"q": "weld", "page": "2"}, headers=headers)
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/login/?next=/supply/vacancies/%3Fq%3Dweld"
    assert client.get("/supply/vacancies/").url == "/login/?next=/supply/vacancies/"


def test_the_admin_keeps_its_own_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == "/admin/login/?next=/admin/"


def test_public_pages_open_without_login(client):
    assert client.get(reverse("www:login")).status_code == 200
    admin_login = client.get(reverse("admin:login"))
    assert admin_login.status_code == 200
    assert "就业服务与失业监测平台 管理后台" in admin_login.text
    assert client.get("/static/www/site.css").status_code == 200
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 302
    assert favicon.url == "/static/www/favicon.svg"


def test_healthz_reports_the_database_without_login(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "migrations": True}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_is_503_while_migrations_are_unapplied(client):
    """An upgrade's code started before `manage.py migrate`: the balancer keeps it out of rotation."""
    latest = MigrationRecorder.Migration.objects.filter(app="audit").order_by("-name").first()
    latest.delete()  # the app's newest migration, as if not yet run
    with mock.patch("jiuye.www.health._migrated", False):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": True, "migrations": False}


def test_healthz_is_503_when_the_database_is_unreachable(client):
    with mock.patch("jiuye.www.health.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": False, "migrations": False}


def test_api_answers_401_in_json_not_a_redirect(client):
    for url in ("/api/people", "/api/employers", "/api/monitoring/warnings", "/api/vacancies"):
        response = client.get(url)
        assert response.status_code == 401, url
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["error"]["code"] == "unauthorized"


def test_api_takes_a_bearer_token_without_a_session(client):
    user = UserFactory(region="140105")
    PersonFactory(name="本县人员")
    _token, secret = api_token_create(user=user, name="政务系统")
    response = client.get("/api/people", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert [item["name"] for item in response.json()["items"]] == ["本县人员"]


def test_reference_data_and_api_docs_are_public(client):
    cities = client.get("/api/reference/regions", {"parent": "14"})
    assert cities.status_code == 200
    assert len(cities.json()) == 11
    assert client.get("/api/reference/occupations", {"q": "电焊工"}).status_code == 200
    assert client.get("/api/openapi.json").status_code == 200
    assert client.get("/api/docs").status_code == 200

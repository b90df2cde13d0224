"""The second factor at the browser and the API: who is taken to enrol or verify, what the pages say, and the
full-number endpoints refusing an unverified session (a bearer token is exempt)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.accounts.services import api_token_create
from tests.accounts.factories import PASSWORD, UserFactory, administrator
from tests.people.factories import PersonFactory
from tests.second_factor.factories import KEY, code_now, confirmed_device, throttle_waited, wrong_code

pytestmark = pytest.mark.django_db

RIC = "140105199003070012"
ENROL = reverse("www:second_factor_enrol")
VERIFY = reverse("www:second_factor_verify")
UNVERIFIED = "请先完成动态口令验证"


@pytest.fixture
def analyst():
    """An analyst of Xiaodian who may see full ID numbers."""
    user = UserFactory(region="140105", roles=[Role.ANALYST])
    user.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    return user


def test_after_the_password_a_user_without_a_device_is_sent_to_enrol(client, analyst):
    response = client.post(reverse("www:login"), {"username": analyst.username, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url == f"{ENROL}?next=%2F"
    page = client.get(response.url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "绑定动态口令" in text
    assert "<svg" in text
    assert page.context["enrolment"].key in text
    assert page.context["navigation"] == []  # no area opens before the code: none is offered


def test_enrolment_with_the_right_code_opens_the_page_asked_for(client, analyst):
    client.force_login_unverified(analyst)
    response = client.get(reverse("www:person_list"))
    assert response.url == f"{ENROL}?next=%2Fpeople%2F"
    device = client.get(response.url).context["enrolment"].device
    wrong = client.post(ENROL, {"token": wrong_code(device.key), "next": "/people/"})
    assert wrong.status_code == 200  # the form again, as the login form answers
    assert "动态口令不正确，请输入手机验证器上当前显示的6位数字。" in wrong.content.decode()
    throttle_waited(analyst)
    right = client.post(ENROL, {"token": code_now(device.key), "next": "/people/"})
    assert right.status_code == 302
    assert right.url == "/people/"
    assert client.get("/people/").status_code == 200


def test_a_user_with_a_device_types_its_code_and_cannot_enrol_another(client, analyst):
    confirmed_device(analyst)
    client.force_login_unverified(analyst)
    assert client.get("/").url == f"{VERIFY}?next=%2F"
    assert client.get(ENROL).url == f"{VERIFY}?next=%2F"  # an unverified session never replaces the device
    wrong = client.post(VERIFY, {"token": "12345"})
    assert "动态口令是6位数字。" in wrong.content.decode()
    assert client.post(VERIFY, {"token": code_now(KEY), "next": "https://elsewhere.example/"}).url == "/"
    assert client.get("/").status_code == 200


def test_htmx_requests_are_sent_to_verify_as_a_whole_page(client, analyst):
    confirmed_device(analyst)
    client.force_login_unverified(analyst)
    response = client.get("/people/", headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/plans/"})
    assert response.headers["HX-Redirect"] == f"{VERIFY}?next=%2Fplans%2F"


def test_the_admin_site_waits_for_the_code_too(client):
    client.force_login_unverified(administrator())
    assert client.get("/admin/").url == f"{ENROL}?next=%2Fadmin%2F"


@pytest.mark.parametrize("roles", [[Role.CASEWORKER], [Role.ANALYST], [Role.ENTERPRISE_REPORTER]])
def test_other_roles_are_not_asked(client, roles):
    client.force_login_unverified(UserFactory(region="140105", roles=roles))
    response = client.get("/")
    assert response.status_code in (200, 302)
    assert not response.headers.get("Location", "").startswith("/second-factor/")
    assert client.get(ENROL).status_code == 302  # nothing to enrol


def test_full_number_endpoints_refuse_an_unverified_session_in_chinese(client, analyst):
    person = PersonFactory(ric=RIC)
    client.force_login_unverified(analyst)
    api = client.get(f"/api/people/{person.pk}/ric")
    assert api.status_code == 403
    assert UNVERIFIED in api.json()["error"]["message"]
    # The pages are behind the middleware; the views refuse by themselves too.
    from django.test import RequestFactory

    from jiuye.www.people.search import person_ric

    request = RequestFactory().post(f"/people/{person.pk}/ric/")
    request.user = analyst
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match=UNVERIFIED):
        person_ric(request, pk=person.pk)


def test_a_verified_session_and_a_bearer_token_get_the_number(client, analyst):
    person = PersonFactory(ric=RIC)
    _token, secret = api_token_create(user=analyst, name="省就业信息系统")
    assert client.get(f"/api/people/{person.pk}/ric", headers={"Authorization": f"Bearer {secret}"}).json() == {
        "ric": RIC
    }
    client.force_login(analyst)  # the password and the code (tests/conftest.py)
    assert client.get(f"/api/people/{person.pk}/ric").json() == {"ric": RIC}


def test_a_full_number_export_refuses_an_unverified_session(client, analyst):
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory

    from jiuye.www.exports import export_response

    request = RequestFactory().post("/registers/unemployed/export.xlsx?unmasked=1")
    request.user = analyst
    with pytest.raises(PermissionDenied, match=UNVERIFIED):
        export_response(request, build=lambda unmasked, purpose: pytest.fail("no file for an unverified session"))


def test_full_numbers_granted_during_a_session_wait_for_the_next_login(client):
    caseworker = UserFactory(region="140105")
    person = PersonFactory(ric=RIC)
    client.force_login_unverified(caseworker)
    caseworker.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    assert client.get("/people/").status_code == 200  # the pages were settled at login
    refused = client.get(f"/api/people/{person.pk}/ric")
    assert refused.status_code == 403
    assert UNVERIFIED in refused.json()["error"]["message"]
    client.force_login_unverified(User.objects.get(pk=caseworker.pk))  # the next login (a fresh user) asks for it
    assert client.get("/people/").url == f"{ENROL}?next=%2Fpeople%2F"

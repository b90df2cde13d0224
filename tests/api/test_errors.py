"""Every error answer of /api/ has one shape, `{"error": {"code", "message", "fields"}}`, with Chinese messages."""

from unittest import mock

import pytest
from django.contrib.auth.models import Permission

from jiuye.accounts.services import api_token_create
from tests.accounts.factories import UserFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert any("\u4e00" <= char <= "\u9fff" for char in body["error"]["message"]), body
    return body["error"]


@pytest.fixture
def caseworker(client):
    user = UserFactory(region="140105")
    client.force_login(user)
    return user


def test_401_without_credentials_or_with_a_wrong_token(client):
    assert error_of(client.get("/api/people"), 401)["code"] == "unauthorized"
    wrong = client.get("/api/people", headers={"Authorization": "Bearer nope.nope"})
    assert error_of(wrong, 401)["code"] == "unauthorized"


def test_403_keeps_the_services_chinese_reason(client, caseworker):
    person = PersonFactory()
    error = error_of(client.get(f"/api/people/{person.pk}/ric"), 403)
    assert error["code"] == "forbidden"
    caseworker.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    client.force_login(caseworker)  # granted full numbers: the next session confirms a second factor too
    assert client.get(f"/api/people/{person.pk}/ric").status_code == 200


def test_404_replaces_djangos_english_message(client, caseworker):
    error = error_of(client.get("/api/employers/91140100MA0000000X"), 404)
    assert error == {"code": "not_found", "message": "未找到，或不在您的管辖范围内。", "fields": {}}
    own = error_of(client.get("/api/people/999999"), 404)
    assert own["message"] == "该人员不存在或不在您的管辖范围内。"


def test_422_maps_each_field_to_its_chinese_message(client, caseworker):
    person = PersonFactory()
    response = client.post(
        f"/api/people/{person.pk}/status",
        {"status": "retired-ish", "effective_on": "2026-13-45"},
        content_type="application/json",
    )
    error = error_of(response, 422)
    assert error["code"] == "validation_error"
    assert set(error["fields"]) == {"status", "effective_on"}
    assert error["fields"]["effective_on"] == "请填写有效日期，格式为 YYYY-MM-DD。"
    assert error["fields"]["status"].startswith("应为以下之一：")
    missing = error_of(client.post("/api/people", {}, content_type="application/json"), 422)
    assert missing["fields"] == {"ric": "此项必填。", "name": "此项必填。", "residence_region": "此项必填。"}
    query = error_of(client.get("/api/monitoring/warnings", {"period": "2026-13"}), 422)
    assert query["fields"] == {"period": "格式不正确。"}


def test_422_of_a_domain_rule_keeps_its_field(client, caseworker):
    outside = client.post(
        "/api/people",
        {"ric": "140105199003070012", "name": "甲", "residence_region": "140106"},
        content_type="application/json",
    )
    error = error_of(outside, 422)
    assert "管辖范围" in "".join(error["fields"].values()) + error["message"]


def test_400_for_a_body_that_is_not_json(client, caseworker):
    response = client.post("/api/people", "{not json", content_type="application/json")
    assert error_of(response, 400)["code"] == "bad_request"


def test_500_has_the_shape_and_no_traceback(client, caseworker):
    with mock.patch("jiuye.api.employers.employer_search", side_effect=RuntimeError("secret detail")):
        response = client.get("/api/employers")
    error = error_of(response, 500)
    assert error["code"] == "server_error"
    assert "secret detail" not in response.text
    assert "Traceback" not in response.text


def test_token_caller_gets_the_same_shape(client):
    _token, secret = api_token_create(user=UserFactory(region="140105"), name="政务系统")
    response = client.get("/api/people/999999", headers={"Authorization": f"Bearer {secret}"})
    assert error_of(response, 404)["code"] == "not_found"


def test_a_path_no_route_matches_is_a_json_404(client):
    for path in ("/api/nowhere", "/api/people/1/nowhere", "/api/reference/regions/14"):
        assert error_of(client.get(path), 404)["code"] == "not_found", path


def test_a_method_a_route_does_not_take_is_a_json_405(client, caseworker):
    response = client.delete("/api/people")
    error = error_of(response, 405)
    assert error["code"] == "method_not_allowed"
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}

import pytest

from jiuye.accounts.services import api_token_create, api_token_revoke
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def employers():
    return EmployerFactory(name="本县单位"), EmployerFactory(name="外县单位", region_id="140106")


def test_needs_authentication(client, employers):
    assert client.get("/api/employers").status_code == 401


def test_session_user_sees_own_county_only(client, employers):
    mine, theirs = employers
    client.force_login(UserFactory(region="140105"))
    names = [row["name"] for row in client.get("/api/employers").json()["items"]]
    assert names == [mine.name]
    assert client.get(f"/api/employers/{mine.uscc}").status_code == 200
    assert client.get(f"/api/employers/{theirs.uscc}").status_code == 404
    assert client.get("/api/employers", {"region": "140106"}).json()["items"] == []


def test_bearer_token_acts_within_its_users_region(client, employers):
    mine, theirs = employers
    _token, secret = api_token_create(user=UserFactory(region="140105"), name="省就业信息系统")
    headers = {"Authorization": f"Bearer {secret}"}
    response = client.get("/api/employers", headers=headers)
    assert response.status_code == 200
    assert [row["uscc"] for row in response.json()["items"]] == [mine.uscc]
    assert client.get(f"/api/employers/{theirs.uscc}", headers=headers).status_code == 404


def test_wrong_or_revoked_token_is_refused(client, employers):
    token, secret = api_token_create(user=UserFactory(), name="测试")
    assert client.get("/api/employers", headers={"Authorization": f"Bearer {secret}x"}).status_code == 401
    api_token_revoke(token=token)
    assert client.get("/api/employers", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_province_token_sees_all(client, employers):
    _token, secret = api_token_create(user=UserFactory(region="14"), name="省级")
    response = client.get("/api/employers", headers={"Authorization": f"Bearer {secret}"})
    assert response.json()["count"] == 2

"""Issue 15 (2): every paginated list refuses a `limit` or `offset` out of bounds with a 422 in the one error shape,
instead of a 500 from the database driver (`?offset=99999999999999999999`). The lists are found in the OpenAPI
schema (every GET with `limit` and `offset` query parameters), so a new list is checked without listing it here."""

import pytest

from jiuye.api.pagination import MAX_LIMIT, MAX_OFFSET
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

REFUSED = {
    "limit": [str(2**63), str(10**30), "0", "-1", str(MAX_LIMIT + 1), "abc", "1.5", ""],
    "offset": [str(2**63), str(10**30), str(2**63 - 1), "-1", str(MAX_OFFSET + 1), "abc", "1e3"],
}


def paginated_paths(client) -> list[str]:
    paths = client.get("/api/openapi.json").json()["paths"]
    return sorted(
        path
        for path, operations in paths.items()
        if {"limit", "offset"}
        <= {p["name"] for p in operations.get("get", {}).get("parameters", []) if p["in"] == "query"}
    )


@pytest.fixture
def province_client(client):
    client.force_login(UserFactory(region="14"))
    return client


def test_the_lists_are_found(client):
    found = paginated_paths(client)
    assert {"/api/people", "/api/employers", "/api/vacancies", "/api/seekers"} <= set(found)
    assert {"/api/monitoring/reports", "/api/monitoring/enterprises", "/api/monitoring/warnings"} <= set(found)


@pytest.mark.parametrize("parameter", ["limit", "offset"])
def test_out_of_bounds_is_422_on_every_list(province_client, parameter):
    for path in paginated_paths(province_client):
        for value in REFUSED[parameter]:
            response = province_client.get(path, {parameter: value})
            assert response.status_code == 422, (path, parameter, value, response.content)
            error = response.json()["error"]
            assert error["code"] == "validation_error"
            assert list(error["fields"]) == [parameter], (path, value, error)


def test_bounds_themselves_are_accepted(province_client):
    for path in paginated_paths(province_client):
        for query in ({"limit": 1}, {"limit": MAX_LIMIT}, {"offset": 0}, {"offset": MAX_OFFSET}):
            response = province_client.get(path, query)
            assert response.status_code == 200, (path, query, response.content)
        assert province_client.get(path, {"offset": MAX_OFFSET}).json()["items"] == []

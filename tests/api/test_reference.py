import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_published(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/reference/regions" in paths
    assert "/api/employers" in paths


def test_regions_of_shanxi(client):
    cities = client.get("/api/reference/regions", {"parent": "14"}).json()
    assert len(cities) == 11
    taiyuan = next(city for city in cities if city["code"] == "1401")
    assert taiyuan == taiyuan | {"name": "太原市", "level": "city", "parent": "14"}
    assert 111 < taiyuan["longitude"] < 114


def test_regions_without_parent_is_the_province(client):
    assert [row["code"] for row in client.get("/api/reference/regions").json()] == ["14"]


def test_counties_of_a_city(client):
    counties = client.get("/api/reference/regions", {"parent": "1401"}).json()
    assert {"code": "140105", "name": "小店区"}.items() <= next(c for c in counties if c["code"] == "140105").items()
    assert all(county["parent"] == "1401" and county["level"] == "county" for county in counties)


def test_industries(client):
    rows = client.get("/api/reference/industries").json()
    assert len(rows) == 117
    coal = next(row for row in rows if row["code"] == "06")
    assert coal == {"code": "06", "name": "煤炭开采和洗选业", "level": "division", "parent": "B"}
    assert len(client.get("/api/reference/industries", {"level": "section"}).json()) == 20


def test_occupations_by_level_and_text(client):
    assert len(client.get("/api/reference/occupations", {"level": 1}).json()) == 8
    assert len(client.get("/api/reference/occupations", {"level": 2}).json()) == 79
    found = client.get("/api/reference/occupations", {"q": "焊工"}).json()
    assert found
    assert all(set(row) == {"code", "name", "level", "parent"} for row in found)

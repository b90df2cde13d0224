"""GET /api/market/ratios: the vacancy-seeker ratio of a quarter by occupation group or region, inside the caller's
region. Xiaodian (140105): 4 welder jobs, 2 welder seekers (2.00); Yingze (140106): 3 jobs, no seeker; Datong
(140213): 1 clerk job, 3 clerk seekers (0.33). All in 2026Q3."""

import datetime

import pytest

from jiuye.accounts.services import api_token_create
from tests.accounts.factories import UserFactory
from tests.employers.factories import VacancyFactory
from tests.people.factories import PersonFactory
from tests.seekers.factories import SeekerRegistrationFactory

pytestmark = pytest.mark.django_db

WELDER, CLERK = "6-18-02-04", "3-01-01-01"
DAY = datetime.date(2026, 8, 3)


def seekers(region: str, occupation: str, count: int) -> None:
    for _ in range(count):
        registration = SeekerRegistrationFactory(person=PersonFactory(residence_region_id=region), registered_on=DAY)
        registration.desired_occupations.add(occupation)


@pytest.fixture
def quarter():
    VacancyFactory(region_id="140105", headcount=4, valid_from=DAY)
    VacancyFactory(region_id="140106", headcount=3, valid_from=DAY)
    VacancyFactory(region_id="140213", occupation_id=CLERK, title="文员", headcount=1, valid_from=DAY)
    seekers("140105", WELDER, 2)
    seekers("140213", CLERK, 3)


def ratios(client, **params):
    return client.get("/api/market/ratios", {"quarter": "2026Q3", **params})


def test_needs_authentication(client, quarter):
    assert ratios(client).status_code == 401


def test_province_by_region_and_by_occupation(client, quarter):
    client.force_login(UserFactory(region="14"))
    body = ratios(client, by="region").json()
    assert (body["quarter"], body["region"], body["demand"], body["supply"], body["ratio"]) == (
        "2026Q3",
        "14",
        8,
        5,
        "1.60",
    )
    assert body["rows"] == [
        {"code": "1401", "name": "太原市", "demand": 7, "supply": 2, "ratio": "3.50"},
        {"code": "1402", "name": "大同市", "demand": 1, "supply": 3, "ratio": "0.33"},
    ]
    rows = ratios(client, by="occupation_medium").json()["rows"]
    assert [(row["code"], row["demand"], row["supply"], row["ratio"]) for row in rows] == [
        ("3-01", 1, 3, "0.33"), ("6-18", 7, 2, "3.50"),
    ]  # fmt: skip


def test_city_token_sees_its_counties_not_another_city(client, quarter):
    _token, secret = api_token_create(user=UserFactory(region="1401"), name="太原市就业信息系统")
    headers = {"Authorization": f"Bearer {secret}"}
    body = client.get("/api/market/ratios", {"quarter": "2026Q3", "by": "region"}, headers=headers).json()
    assert [(row["code"], row["demand"], row["supply"], row["ratio"]) for row in body["rows"]] == [
        ("140105", 4, 2, "2.00"), ("140106", 3, 0, None),
    ]  # fmt: skip
    assert client.get("/api/market/ratios", {"region": "1402"}, headers=headers).status_code == 404


def test_county_sees_only_its_county(client, quarter):
    client.force_login(UserFactory(region="140105"))
    body = ratios(client, by="region").json()
    assert (body["region"], body["demand"], body["supply"], body["rows"][0]["code"]) == ("140105", 4, 2, "140105")
    assert len(body["rows"]) == 1
    assert ratios(client, region="140106").status_code == 404
    assert ratios(client, region="1401").status_code == 404


def test_bad_parameters_are_explained(client, quarter):
    client.force_login(UserFactory(region="14"))
    response = ratios(client, by="industry")
    assert response.status_code == 422
    assert "occupation_major" in response.json()["error"]["fields"]["by"]
    response = ratios(client, quarter="2026-08")
    assert response.status_code == 422
    assert "2026Q3" in response.json()["error"]["fields"]["quarter"]

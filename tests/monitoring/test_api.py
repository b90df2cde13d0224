"""`/api/monitoring`: reports and aggregates, within the caller's region."""

import pytest

from jiuye.accounts.services import api_token_create
from jiuye.monitoring.models import MonthlyReport
from tests.accounts.factories import UserFactory
from tests.monitoring.factories import MonitoredEnterpriseFactory, MonthlyReportFactory

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "period": "2026-02", "previous_headcount": 100, "current_headcount": 97, "added": 5,
    "reductions": {"natural_attrition": 8},
}  # fmt: skip


@pytest.fixture
def headers():
    _token, secret = api_token_create(user=UserFactory(region="140105"), name="企业填报系统")
    return {"Authorization": f"Bearer {secret}"}


def test_needs_authentication(client):
    assert client.get("/api/monitoring/reports").status_code == 401


def test_reports_are_listed_within_the_region(client, headers):
    mine = MonthlyReportFactory(region="140105")
    MonthlyReportFactory(region="140106")

    items = client.get("/api/monitoring/reports", {"period": "2026-02"}, headers=headers).json()["items"]

    assert [item["uscc"] for item in items] == [mine.enterprise.employer.uscc]
    assert items[0]["reductions"]["economic_layoff"] == 0


def test_submit_then_revise_by_uscc(client, headers):
    enterprise = MonitoredEnterpriseFactory(region="140105")
    url, payload = "/api/monitoring/reports", PAYLOAD | {"uscc": enterprise.employer.uscc}

    created = client.post(url, payload, content_type="application/json", headers=headers)
    assert created.status_code == 201
    assert created.json()["current_headcount"] == 97

    refused = client.post(url, payload | {"current_headcount": 96}, content_type="application/json", headers=headers)
    assert refused.status_code == 422
    assert refused.json()["detail"]["current_headcount"] == [
        "上期岗位数 100 + 新增 5 − 减少 8 = 97，与调查期岗位数 96 不符"
    ]

    negative = payload | {"reductions": {"natural_attrition": -1}}
    assert client.post(url, negative, content_type="application/json", headers=headers).status_code == 422

    revised = payload | {"current_headcount": 96, "reductions": {"natural_attrition": 9}, "reason": "更正自然减员"}
    assert client.post(url, revised, content_type="application/json", headers=headers).status_code == 200
    assert MonthlyReport.objects.get().revisions.count() == 2


def test_another_countys_enterprise_is_not_found(client, headers):
    theirs = MonitoredEnterpriseFactory(region="140106")
    response = client.post(
        "/api/monitoring/reports", PAYLOAD | {"uscc": theirs.employer.uscc}, content_type="application/json",
        headers=headers,
    )  # fmt: skip
    assert response.status_code == 404
    assert not MonthlyReport.objects.exists()


def test_aggregates_by_county_within_the_region(client, headers):
    MonthlyReportFactory(region="140105", previous_headcount=100, current_headcount=90, reduced_other=10)
    MonthlyReportFactory(region="140106")

    rows = client.get("/api/monitoring/aggregates", {"period": "2026-02", "by": "county"}, headers=headers).json()

    assert [(row["group"], row["current_headcount"], row["change_rate_from_previous"]) for row in rows] == [
        ("140105", 90, "-10.00%")
    ]
    assert rows[0]["reductions"]["other"] == 10

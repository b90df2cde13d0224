"""`/api/monitoring`: reports, aggregates, the panel and warnings, within the caller's region (for a reporter
account, its own enterprises)."""

import datetime

import pytest

from jiuye.accounts.enums import Role
from jiuye.accounts.services import api_token_create
from jiuye.monitoring.enums import WarningStatus
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory
from tests.employers.factories import reporter_of as employer_reporter_of
from tests.monitoring.factories import MonitoredEnterpriseFactory, MonthlyReportFactory, WarningFactory, reporter_of

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
    assert refused.json()["error"]["fields"]["current_headcount"] == (
        "上期岗位数 100 + 新增 5 − 减少 8 = 97，与调查期岗位数 96 不符"
    )

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


ENROL = {"baseline_period": "2026-03", "baseline_headcount": 10, "entered_on": "2026-04-02"}


def token_headers(user) -> dict:
    _token, secret = api_token_create(user=user, name="企业填报系统")
    return {"Authorization": f"Bearer {secret}"}


def test_a_reporter_account_lists_and_submits_for_its_own_enterprise_only(client):
    mine, neighbour = MonitoredEnterpriseFactory(region="140105"), MonitoredEnterpriseFactory(region="140105")
    MonthlyReportFactory(enterprise=neighbour)
    headers = token_headers(reporter_of(mine))
    url = "/api/monitoring/reports"

    created = client.post(
        url, PAYLOAD | {"uscc": mine.employer.uscc}, content_type="application/json", headers=headers
    )
    refused = client.post(
        url, PAYLOAD | {"uscc": neighbour.employer.uscc}, content_type="application/json", headers=headers
    )

    assert created.status_code == 201
    assert refused.status_code == 404
    items = client.get(url, headers=headers).json()["items"]
    assert [item["uscc"] for item in items] == [mine.employer.uscc]
    enterprises = client.get("/api/monitoring/enterprises", headers=headers).json()["items"]
    assert [item["uscc"] for item in enterprises] == [mine.employer.uscc]


def test_the_panel_is_listed_within_the_region_and_paged(client, headers):
    here = [MonitoredEnterpriseFactory(region="140105") for _ in range(3)]
    MonitoredEnterpriseFactory(region="140106")

    page = client.get("/api/monitoring/enterprises", {"limit": 2}, headers=headers).json()
    found = client.get("/api/monitoring/enterprises", {"q": here[1].employer.uscc}, headers=headers).json()

    assert page["count"] == 3
    assert len(page["items"]) == 2
    assert {item["region"] for item in page["items"]} == {"140105"}
    [item] = found["items"]
    assert (item["name"], item["baseline_period"], item["baseline_headcount"]) == (
        here[1].employer.name,
        "2026-01",
        100,
    )


def test_enrol_then_leave_by_api(client, headers):
    employer = EmployerFactory(region_id="140105")
    payload = {
        "uscc": employer.uscc,
        "baseline_period": "2026-03",
        "baseline_headcount": 240,
        "entered_on": "2026-04-02",
    }

    created = client.post("/api/monitoring/enterprises", payload, content_type="application/json", headers=headers)
    again = client.post("/api/monitoring/enterprises", payload, content_type="application/json", headers=headers)

    assert created.status_code == 201
    assert (created.json()["baseline_headcount"], created.json()["left_on"]) == (240, None)
    assert again.status_code == 422
    assert again.json()["error"]["message"] == f"{employer.name}已在监测企业名单中"
    leave = f"/api/monitoring/enterprises/{created.json()['id']}/leave"
    early = client.post(leave, {"left_on": "2026-03-01"}, content_type="application/json", headers=headers)
    assert early.json()["error"]["fields"] == {"left_on": "退出日期不能早于纳入监测日期"}
    left = client.post(leave, {"left_on": "2026-09-30"}, content_type="application/json", headers=headers)
    assert left.json()["left_on"] == "2026-09-30"
    assert MonitoredEnterprise.objects.get().left_on == datetime.date(2026, 9, 30)


def test_another_countys_employer_cannot_be_enrolled_nor_its_enterprise_left(client, headers):
    theirs = EmployerFactory(region_id="140106")
    enrolled = MonitoredEnterpriseFactory(region="140106")
    payload = ENROL | {"uscc": theirs.uscc}

    enrol = client.post("/api/monitoring/enterprises", payload, content_type="application/json", headers=headers)
    leave = client.post(
        f"/api/monitoring/enterprises/{enrolled.pk}/leave", {"left_on": "2026-09-30"},
        content_type="application/json", headers=headers,
    )  # fmt: skip

    assert (enrol.status_code, leave.status_code) == (404, 404)
    assert list(MonitoredEnterprise.objects.values_list("left_on", flat=True)) == [None]


def test_a_reporter_account_cannot_enrol(client):
    employer = EmployerFactory(region_id="140105")
    payload = {
        "uscc": employer.uscc,
        "baseline_period": "2026-03",
        "baseline_headcount": 10,
        "entered_on": "2026-04-02",
    }
    own = employer_reporter_of(employer)  # sees the employer: the service refuses the enrolment
    stranger = UserFactory(region="140105", roles=[Role.ENTERPRISE_REPORTER])  # does not see it at all

    def enrol(user):
        return client.post(
            "/api/monitoring/enterprises", payload, content_type="application/json", headers=token_headers(user)
        )

    refused = enrol(own)
    assert refused.status_code == 403
    assert refused.json() == {
        "error": {"code": "forbidden", "message": "该企业不在您的管辖范围内，不能纳入监测。", "fields": {}}
    }
    assert enrol(stranger).status_code == 404
    assert not MonitoredEnterprise.objects.exists()


def test_warnings_are_listed_within_the_region_and_filtered(client, headers):
    mine = WarningFactory(period="2026-03", explanation="小店区黄色预警")
    WarningFactory(period="2026-02", rule="ewma", status=WarningStatus.CLOSED)
    WarningFactory(region_code="140106", explanation="迎泽区预警")

    everything = client.get("/api/monitoring/warnings", headers=headers).json()
    open_march = client.get(
        "/api/monitoring/warnings", {"period": "2026-03", "status": "open", "scope": "region"}, headers=headers
    ).json()

    assert everything["count"] == 2
    assert [(item["id"], item["explanation"], item["level"]) for item in open_march["items"]] == [
        (mine.pk, "小店区黄色预警", "yellow")
    ]
    assert client.get("/api/monitoring/warnings", {"period": "2026-13"}, headers=headers).status_code == 422


def test_a_warning_is_acknowledged_noted_and_closed_by_api(client, headers):
    warning = WarningFactory()
    url = f"/api/monitoring/warnings/{warning.pk}"

    client.post(f"{url}/acknowledge", {}, content_type="application/json", headers=headers)
    client.post(f"{url}/note", {"text": "已约谈企业负责人"}, content_type="application/json", headers=headers)
    empty = client.post(f"{url}/close", {"text": ""}, content_type="application/json", headers=headers)
    closed = client.post(f"{url}/close", {"text": "安置方案已落实"}, content_type="application/json", headers=headers)

    assert empty.status_code == 422
    assert empty.json()["error"]["fields"] == {"text": "关闭预警须说明处置结果"}
    assert closed.json()["status"] == "closed"
    detail = client.get(url, headers=headers).json()
    assert [(note["action"], note["text"]) for note in detail["notes"]] == [
        ("acknowledge", ""), ("note", "已约谈企业负责人"), ("close", "安置方案已落实"),
    ]  # fmt: skip
    assert detail["notes"][0]["user"].startswith("user")


def test_another_countys_warning_is_not_found(client, headers):
    theirs = WarningFactory(region_code="140106")
    url = f"/api/monitoring/warnings/{theirs.pk}"

    assert client.get(url, headers=headers).status_code == 404
    note = client.post(f"{url}/note", {"text": "越权"}, content_type="application/json", headers=headers)
    assert note.status_code == 404
    assert not theirs.notes.exists()


def test_a_reporter_account_sees_no_warnings(client):
    enterprise = MonitoredEnterpriseFactory(region="140105")
    warning = WarningFactory(scope="enterprise", subject=enterprise.employer.uscc, rule="economic_layoff")
    headers = token_headers(reporter_of(enterprise))

    assert client.get("/api/monitoring/warnings", headers=headers).json()["count"] == 0
    assert client.get(f"/api/monitoring/warnings/{warning.pk}", headers=headers).status_code == 404

"""The main navigation per role: a reporter account sees its own three areas, officers and analysts the platform's,
administrators of every level also the audit log of their region; no greyed placeholder; every item opens."""

import pytest
from django.urls import reverse

from jiuye.accounts.enums import Role
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import audit_record
from jiuye.reference.services import region_get_or_create
from tests.accounts.factories import UserFactory, administrator
from tests.employers.factories import EmployerFactory
from tests.employers.factories import reporter_of as employer_reporter_of
from tests.monitoring.factories import MonitoredEnterpriseFactory, reporter_of
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

OFFICER_KEYS = [
    "home", "people", "registers", "imports", "supply_demand", "market", "monitoring", "statistics", "plans",
]  # fmt: skip


def menu(client, url: str = "/") -> list[dict]:
    response = client.get(url, follow=True)
    assert response.status_code == 200
    return response.context["navigation"]


def test_a_caseworker_and_an_analyst_see_the_platforms_areas_without_the_audit_log_or_a_placeholder(client):
    for user in (UserFactory(region="140105"), UserFactory(region="1401", roles=[Role.ANALYST])):
        client.force_login(user)
        items = menu(client)
        assert [item["key"] for item in items] == OFFICER_KEYS
        assert all(item["url"] for item in items)
        assert 'class="disabled"' not in client.get("/").text
        assert client.get(reverse("www:audit_log")).status_code == 403


@pytest.mark.parametrize("region", ["14", "1401", "140105"])
def test_administrators_of_every_level_have_the_audit_log_of_their_region(client, region):
    admin = administrator(region=region)
    inside = EmployerFactory(region_id="140105")
    outside = EmployerFactory(region_id="140213")  # Datong
    for employer in (inside, outside):
        audit_record(user=admin, action=AuditAction.UPDATE, target=employer, region_code=employer.region_id,
                     summary=f"修改{employer.name}")  # fmt: skip
    client.force_login(admin)

    items = menu(client)

    province_only = ["schedule"] if region == "14" else []  # the scheduled jobs are the province's
    assert [item["key"] for item in items] == [*OFFICER_KEYS, "audit", *province_only]
    log = client.get(items[len(OFFICER_KEYS)]["url"])
    assert log.status_code == 200
    assert f"修改{inside.name}" in log.text
    assert (f"修改{outside.name}" in log.text) == (region == "14")
    assert [item["key"] for item in log.context["navigation"] if item["active"]] == ["audit"]


def test_a_reporter_account_sees_only_its_own_areas_and_each_opens(client):
    enterprise = MonitoredEnterpriseFactory(region="140105")
    client.force_login(reporter_of(enterprise))

    items = menu(client)

    assert [(item["key"], str(item["label"])) for item in items] == [
        ("portal", "企业首页"), ("vacancies", "岗位和推荐"), ("employer", "企业信息"),
    ]  # fmt: skip
    assert items[0]["active"]
    assert items[2]["url"] == reverse("www:employer_detail", args=[enterprise.employer_id])
    for item in items:
        response = client.get(item["url"])
        assert response.status_code == 200, item
        assert [entry["key"] for entry in response.context["navigation"] if entry["active"]] == [item["key"]]
    page = client.get(reverse("www:monitoring_mine")).text
    for hidden in ("人员查询", "实名制台账", "数据导入", "市场供求分析", "劳动力调查统计", "审计日志"):
        assert hidden not in page


def test_a_reporter_of_several_employers_gets_the_list_of_them(client):
    first, second = EmployerFactory(), EmployerFactory()
    client.force_login(employer_reporter_of(first, second))

    items = {item["key"]: item for item in menu(client, reverse("www:monitoring_mine"))}

    assert items["employer"]["url"] == reverse("www:employer_list")
    listing = client.get(items["employer"]["url"]).text
    assert first.name in listing
    assert second.name in listing


def test_the_warnings_pages_belong_to_the_monitoring_area(client, officer):
    items = menu(client, reverse("www:monitoring_warnings"))
    assert [item["key"] for item in items if item["active"]] == ["monitoring"]


def test_the_desks_pages_belong_to_the_people_area(client, officer):
    person = PersonFactory(residence_region_id="140105")
    for page in (reverse("www:person_new"), reverse("www:person_edit", args=[person.pk])):
        items = client.get(page).context["navigation"]
        assert [item["key"] for item in items if item["active"]] == ["people"], page


def test_the_plan_area_leads_to_the_dashboard_of_the_users_region_and_its_pages_belong_to_it(client):
    client.force_login(UserFactory(region="1401", roles=[Role.ANALYST]))

    plans = {item["key"]: item for item in menu(client)}["plans"]

    assert plans["url"] == reverse("www:plans")
    assert str(plans["label"]) == "规划指标"
    for page in (reverse("www:plans"), reverse("www:plans_region", args=["140105"])):
        response = client.get(page)
        assert response.context["dashboard"].region.code == ("1401" if page == plans["url"] else "140105")
        assert [item["key"] for item in response.context["navigation"] if item["active"]] == ["plans"], page
    for page in (reverse("www:plan_figures"), reverse("www:plan_targets")):  # the figures the dashboard shows
        response = client.get(page)
        assert [item["key"] for item in response.context["navigation"] if item["active"]] == ["plans"], page
        assert f'<a href="{plans["url"]}">指标看板</a>' in response.text


@pytest.mark.parametrize("region", ["140105001", "140105001001"])
def test_officers_of_a_street_or_a_community_have_no_plan_page_and_no_plan_area(client, region):
    region_get_or_create(code="140105001", name="第一街道")
    region_get_or_create(code="140105001001", name="第一社区")
    client.force_login(UserFactory(region=region))

    assert "plans" not in [item["key"] for item in menu(client)]
    assert client.get(reverse("www:plans")).status_code == 404

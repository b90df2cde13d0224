"""The warnings list (filters, pages, scope), a warning's page (names instead of codes, breadcrumb) and the
confirmation steps before closing a warning or returning a report."""

import pytest
from django.urls import reverse

from jiuye.monitoring.enums import ReportStatus, WarningStatus
from tests.accounts.factories import UserFactory
from tests.monitoring.factories import MonitoredEnterpriseFactory, MonthlyReportFactory, WarningFactory, reporter_of

pytestmark = pytest.mark.django_db

LIST = reverse("www:monitoring_warnings")


def warnings_of_taiyuan() -> dict:
    """One warning of each scope and kind: a Xiaodian coal company's layoff, mining in Xiaodian (EWMA, ungraded),
    Qingxu county at the orange level, and a closed yellow one of Xiaodian in an earlier period."""
    enterprise = MonitoredEnterpriseFactory(region="140105")
    return {
        "enterprise": enterprise,
        "layoff": WarningFactory(
            period="2026-10", scope="enterprise", subject=enterprise.employer.uscc, rule="economic_layoff", level=""
        ),
        "mining": WarningFactory(period="2026-10", scope="industry", subject="B", rule="ewma", level=""),
        "qingxu": WarningFactory(
            period="2026-10", region_code="140121", level="orange", figures={"label": "II级（橙色）"}
        ),
        "closed": WarningFactory(period="2026-09", status=WarningStatus.CLOSED),
    }


def listed(client, **filters) -> set[int]:
    page = client.get(LIST, filters)
    assert page.status_code == 200
    return {named.warning.pk for named in page.context["rows"]}


def test_the_list_filters_by_level_status_scope_and_period(client):
    made = warnings_of_taiyuan()
    client.force_login(UserFactory(region="1401"))
    pk = {name: warning.pk for name, warning in made.items() if name != "enterprise"}

    assert listed(client) == set(pk.values())
    assert listed(client, level="orange") == {pk["qingxu"]}
    assert listed(client, level="none") == {pk["layoff"], pk["mining"]}
    assert listed(client, status="closed") == {pk["closed"]}
    assert listed(client, status="active") == {pk["layoff"], pk["mining"], pk["qingxu"]}
    assert listed(client, scope="industry") == {pk["mining"]}
    assert listed(client, period="2026-09") == {pk["closed"]}
    assert listed(client, period="2026-10", scope="region") == {pk["qingxu"]}
    assert listed(client, level="purple", period="last") == set(pk.values())  # nonsense filters are ignored


def test_the_list_names_what_each_warning_is_about(client):
    made = warnings_of_taiyuan()
    client.force_login(UserFactory(region="1401"))

    page = client.get(LIST).text

    assert f"企业预警 · {made['enterprise'].employer.name}" in page
    assert "行业预警 · 采矿业（小店区）" in page
    assert "地区预警 · 清徐县" in page
    for label in ("经济性裁员", "岗位流失率异常上升", "II级（橙色）"):
        assert label in page
    for code in ("行业 B", "地区 140121", "ewma", "economic_layoff", made["enterprise"].employer.uscc):
        assert code not in page


def test_the_list_is_paged_in_a_fixed_number_of_queries_and_keeps_its_filters(
    client, settings, django_assert_max_num_queries
):
    settings.PAGE_SIZE = 3
    for period in ("2026-06", "2026-07", "2026-08", "2026-09", "2026-10"):
        enterprise = MonitoredEnterpriseFactory(region="140105")
        WarningFactory(period=period, scope="enterprise", subject=enterprise.employer.uscc, rule="large_reduction")
        WarningFactory(period=period, scope="industry", subject="C", rule="region_level")
    client.force_login(UserFactory(region="140105"))

    with django_assert_max_num_queries(9):  # session, user, roles, org unit, count, page, 3 for the names
        first = client.get(LIST, {"status": "open"})
    second = client.get(LIST, {"status": "open", "page": 2})

    assert "第 1 / 4 页，共 10 条" in first.text
    assert "?status=open&amp;page=2" in first.text
    assert [named.warning.period for named in second.context["rows"]] == ["2026-09", "2026-08", "2026-08"]
    assert "制造业" in first.text


def test_a_county_sees_its_own_warnings_only_and_another_countys_is_not_found(client):
    made = warnings_of_taiyuan()
    client.force_login(UserFactory(region="140105"))

    assert made["qingxu"].pk not in listed(client)
    assert made["layoff"].pk in listed(client)
    response = client.get(reverse("www:monitoring_warning", args=[made["qingxu"].pk]))
    assert response.status_code == 404
    for action in ("acknowledge", "note", "close"):
        url = reverse(f"www:monitoring_warning_{action}", args=[made["qingxu"].pk])
        assert client.post(url, {"text": "x", "confirmed": "1"}).status_code == 404
    made["qingxu"].refresh_from_db()
    assert made["qingxu"].status == WarningStatus.OPEN


def test_a_reporter_account_is_sent_home_from_the_list(client):
    enterprise = MonitoredEnterpriseFactory(region="140105")
    client.force_login(reporter_of(enterprise))
    assert client.get(LIST).url == reverse("www:monitoring_mine")


def test_the_warning_page_names_everything_and_has_a_breadcrumb(client):
    made = warnings_of_taiyuan()
    client.force_login(UserFactory(region="1401"))

    page = client.get(reverse("www:monitoring_warning", args=[made["mining"].pk])).text
    crumbs = page.split('<nav class="breadcrumbs"')[1].split("</nav>")[0]

    assert f'href="{reverse("www:monitoring")}"' in crumbs
    assert f'href="{LIST}"' in crumbs
    assert "采矿业 2026-10" in crumbs
    assert "2026-10 行业预警 · 采矿业（小店区）" in page
    assert "岗位流失率异常上升" in page
    assert "预警规则：ewma" not in page
    assert ">ewma<" not in page
    layoff = client.get(reverse("www:monitoring_warning", args=[made["layoff"].pk])).text
    assert reverse("www:monitoring_enterprise", args=[made["enterprise"].pk]) in layoff
    assert "经济性裁员" in layoff


def test_closing_a_warning_asks_to_confirm_first(client, officer):
    warning = WarningFactory(explanation="小店区本月岗位流失率1.5%")
    page = reverse("www:monitoring_warning", args=[warning.pk])
    close = reverse("www:monitoring_warning_close", args=[warning.pk])

    asked = client.post(close, {"text": "企业已复工", "next": page})

    assert asked.status_code == 200
    assert "确认关闭预警" in asked.text
    assert "关闭后，该预警不能再签收或记录跟进" in asked.text
    assert "企业已复工" in asked.text
    assert '<input type="hidden" name="confirmed" value="1">' in asked.text
    assert f'href="{page}"' in asked.text  # 取消 goes back to the warning
    warning.refresh_from_db()
    assert (warning.status, warning.notes.count()) == (WarningStatus.OPEN, 0)

    # Cancelled: the back link changes nothing; confirmed: closed with its note.
    assert client.get(page).status_code == 200
    warning.refresh_from_db()
    assert warning.status == WarningStatus.OPEN
    done = client.post(close, {"text": "企业已复工", "next": page, "confirmed": "1"})
    assert done.url == page
    warning.refresh_from_db()
    assert warning.status == WarningStatus.CLOSED
    assert list(warning.notes.values_list("action", "text")) == [("close", "企业已复工")]


def test_returning_a_report_asks_to_confirm_first(client, officer):
    report = MonthlyReportFactory(region="140105")
    detail = reverse("www:monitoring_report", args=[report.pk])
    url = reverse("www:monitoring_report_return", args=[report.pk])

    asked = client.post(url, {"reason": "待岗人数漏填"})

    assert "确认退回月报" in asked.text
    assert "不再计入汇总和预警" in asked.text
    assert "待岗人数漏填" in asked.text
    assert f'href="{detail}"' in asked.text
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    done = client.post(url, {"reason": "待岗人数漏填", "confirmed": "1"})
    assert done.url == detail
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (ReportStatus.RETURNED, "待岗人数漏填")


def test_a_confirmed_return_by_the_enterprise_itself_is_refused_by_the_service(client):
    report = MonthlyReportFactory(region="140105")
    client.force_login(reporter_of(report.enterprise))

    response = client.post(
        reverse("www:monitoring_report_return", args=[report.pk]), {"reason": "x", "confirmed": "1"}
    )

    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

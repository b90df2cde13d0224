"""The panel pages (list, enterprise, enrol, leave), the reporter's own page and a warning's page; each within the
region scope, and for a reporter account within its own enterprises."""

import datetime

import pytest
from django.urls import reverse

from jiuye.monitoring.enums import ReportStatus, WarningStatus
from jiuye.monitoring.models import MonitoredEnterprise
from jiuye.monitoring.services import report_return
from tests.employers.factories import EmployerFactory
from tests.monitoring.factories import MonitoredEnterpriseFactory, MonthlyReportFactory, WarningFactory, reporter_of

pytestmark = pytest.mark.django_db


def test_the_panel_lists_the_county_searches_and_pages(client, officer, settings, django_assert_max_num_queries):
    settings.PAGE_SIZE = 2
    # Names of one length, so that the page's order by name is the order made (测试煤业99 sorts after 测试煤业100).
    here = [MonitoredEnterpriseFactory(employer=EmployerFactory(name=f"甲{n}煤业有限公司")) for n in range(3)]
    there = MonitoredEnterpriseFactory(region="140106")
    gone = MonitoredEnterpriseFactory(region="140105", left_on=datetime.date(2026, 6, 30))

    with django_assert_max_num_queries(8):
        first = client.get(reverse("www:monitoring_panel")).content.decode()
    found = client.get(reverse("www:monitoring_panel"), {"q": here[2].employer.uscc}).content.decode()
    with_left = client.get(reverse("www:monitoring_panel"), {"left": "1", "page": "2"}).content.decode()

    assert "第 1 / 2 页，共 3 条" in first
    assert here[0].employer.name in first
    assert there.employer.name not in first
    assert gone.employer.name not in first
    assert here[2].employer.name in found
    assert here[0].employer.name not in found
    assert "共 4 条" in with_left


def test_an_enterprise_shows_its_reports_by_period_and_warnings(client, officer):
    enterprise = MonitoredEnterpriseFactory(region="140105")
    for period, current in (("2026-02", 100), ("2026-03", 95)):
        MonthlyReportFactory(
            enterprise=enterprise, period=period, current_headcount=current, reduced_other=100 - current
        )
    warning = WarningFactory(
        scope="enterprise", subject=enterprise.employer.uscc, rule="large_reduction", explanation="本月减少岗位较多"
    )

    page = client.get(reverse("www:monitoring_enterprise", args=[enterprise.pk])).content.decode()

    assert page.index("2026-03") < page.index("2026-02")
    assert ">95<" in page
    assert reverse("www:monitoring_warning", args=[warning.pk]) in page
    assert "本月减少岗位较多" in page
    assert reverse("www:monitoring_enterprise_leave", args=[enterprise.pk]) in page


def test_another_countys_enterprise_is_not_found(client, officer):
    theirs = MonitoredEnterpriseFactory(region="140106")

    assert client.get(reverse("www:monitoring_enterprise", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("www:monitoring_enterprise_leave", args=[theirs.pk]), {"left_on": "2026-09-30"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.left_on is None


def test_the_officer_enrols_an_employer_by_uscc_and_records_its_leaving(client, officer):
    employer = EmployerFactory(region_id="140105")
    neighbour = EmployerFactory(region_id="140106")
    form = {"baseline_period": "2026-03", "baseline_headcount": 240, "entered_on": "2026-04-02"}
    url = reverse("www:monitoring_enrol")

    refused = client.post(url, form | {"uscc": neighbour.uscc})
    response = client.post(url, form | {"uscc": employer.uscc.lower()})

    assert f"统一社会信用代码{neighbour.uscc}：您的辖区内没有该用人单位" in refused.content.decode()
    enterprise = MonitoredEnterprise.objects.get()
    assert (enterprise.employer, enterprise.baseline_headcount) == (employer, 240)
    assert response.url == reverse("www:monitoring_enterprise", args=[enterprise.pk])
    again = client.post(url, form | {"uscc": employer.uscc})
    assert f"{employer.name}已在监测企业名单中" in again.content.decode()

    leave = reverse("www:monitoring_enterprise_leave", args=[enterprise.pk])
    client.post(leave, {"left_on": "2026-03-01"})
    enterprise.refresh_from_db()
    assert enterprise.left_on is None  # before it entered: refused
    client.post(leave, {"left_on": "2026-09-30"})
    enterprise.refresh_from_db()
    assert enterprise.left_on == datetime.date(2026, 9, 30)


def test_a_reporter_account_may_not_enrol(client):
    enterprise = MonitoredEnterpriseFactory(region="140105")
    client.force_login(reporter_of(enterprise))
    assert client.get(reverse("www:monitoring_enrol")).url == reverse("www:monitoring_mine")
    response = client.post(reverse("www:monitoring_enterprise_leave", args=[enterprise.pk]), {"left_on": "2026-09-30"})
    assert response.status_code == 403


def test_the_reporters_page_lists_periods_owed_submitted_and_returned(
    client, officer, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr("jiuye.www.monitoring.portal.latest_period", lambda: "2026-04")  # seen in May 2026
    mine = MonitoredEnterpriseFactory(region="140105", baseline_period="2026-01")
    neighbour = MonitoredEnterpriseFactory(region="140105")
    MonthlyReportFactory(enterprise=mine, period="2026-02")
    returned = MonthlyReportFactory(enterprise=mine, period="2026-03")
    report_return(actor=officer, report=returned, reason="待岗人数漏填")
    reporter = reporter_of(mine, MonitoredEnterpriseFactory(region="140106"), MonitoredEnterpriseFactory())
    client.force_login(reporter)

    with django_assert_max_num_queries(12):  # however many enterprises (tests/monitoring/test_portal.py counts more)
        page = client.get(reverse("www:monitoring_mine")).content.decode()

    assert mine.employer.name in page
    assert neighbour.employer.name not in page
    form = reverse("www:monitoring_report_form", args=[mine.pk])
    assert f"{form}?period=2026-04" in page  # owed, the month just ended
    assert f"{form}?period=2026-01" in page  # owed since the baseline
    assert "待岗人数漏填" in page
    assert f"{form}?period=2026-03" in page  # returned: to correct
    section = page.split(f'id="enterprise-{mine.pk}"')[1].split("</section>")[0]
    assert section.count("未报送") == 2  # 2026-01 and 2026-04
    assert client.get(reverse("www:monitoring")).url == reverse("www:monitoring_mine")


def test_a_reporter_account_sees_its_own_enterprise_but_not_a_neighbours(client):
    mine, neighbour = MonitoredEnterpriseFactory(region="140105"), MonitoredEnterpriseFactory(region="140105")
    report = MonthlyReportFactory(enterprise=neighbour)
    client.force_login(reporter_of(mine))

    assert client.get(reverse("www:monitoring_enterprise", args=[mine.pk])).status_code == 200
    assert client.get(reverse("www:monitoring_enterprise", args=[neighbour.pk])).status_code == 404
    assert client.get(reverse("www:monitoring_report", args=[report.pk])).status_code == 404
    assert client.get(reverse("www:monitoring_report_form", args=[neighbour.pk])).status_code == 404
    assert neighbour.employer.name not in client.get(reverse("www:monitoring_panel")).content.decode()


def test_a_returned_report_is_corrected_from_its_figures(client, officer):
    report = MonthlyReportFactory(region="140105", current_headcount=100, standby=3)
    report_return(actor=officer, report=report, reason="核实待岗")
    client.force_login(reporter_of(report.enterprise))

    page = client.get(reverse("www:monitoring_report_form", args=[report.enterprise_id]), {"period": "2026-02"})

    assert page.context["form"].initial["standby"] == 3
    assert report.status == ReportStatus.RETURNED


def test_the_warning_page_shows_its_history_and_takes_a_note(client, officer):
    warning = WarningFactory(explanation="小店区本月岗位流失率1.5%")
    url = reverse("www:monitoring_warning", args=[warning.pk])

    client.post(reverse("www:monitoring_warning_acknowledge", args=[warning.pk]), {"next": url})
    response = client.post(
        reverse("www:monitoring_warning_note", args=[warning.pk]), {"text": "已走访三家企业", "next": url}
    )
    empty = client.post(
        reverse("www:monitoring_warning_note", args=[warning.pk]), {"text": " ", "next": url}, follow=True
    )

    assert response.url == url
    page = client.get(url).content.decode()
    assert "小店区本月岗位流失率1.5%" in page
    assert "已走访三家企业" in page
    assert page.index("签收") < page.index("已走访三家企业")
    assert "跟进记录不能为空" in empty.content.decode()
    warning.refresh_from_db()
    assert warning.status == WarningStatus.ACKNOWLEDGED
    assert list(warning.notes.values_list("action", "user")) == [("acknowledge", officer.pk), ("note", officer.pk)]


def test_another_countys_warning_page_is_not_found(client, officer):
    theirs = WarningFactory(region_code="140106")

    assert client.get(reverse("www:monitoring_warning", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("www:monitoring_warning_note", args=[theirs.pk]), {"text": "x"}).status_code == 404
    assert not theirs.notes.exists()


def test_a_reporter_account_sees_no_warning_page(client):
    enterprise = MonitoredEnterpriseFactory(region="140105")
    warning = WarningFactory(scope="enterprise", subject=enterprise.employer.uscc, rule="economic_layoff")
    client.force_login(reporter_of(enterprise))

    assert client.get(reverse("www:monitoring_warning", args=[warning.pk])).url == reverse("www:monitoring_mine")
    assert warning.explanation not in client.get(reverse("www:monitoring_enterprise", args=[enterprise.pk])).text

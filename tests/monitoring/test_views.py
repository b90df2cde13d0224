"""The monitoring pages: the officer's overview, a report with its revisions, the report form; each within the
region scope."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from jiuye.accounts.enums import Role
from jiuye.audit.models import AuditEvent
from jiuye.monitoring import qc
from jiuye.monitoring.enums import ReportStatus
from jiuye.monitoring.models import MonthlyReport
from jiuye.reference.services import region_get_or_create
from jiuye.www.monitoring.common import latest_period
from tests.accounts.factories import UserFactory, administrator
from tests.employers.factories import EmployerFactory
from tests.monitoring.factories import MonitoredEnterpriseFactory, MonthlyReportFactory, reporter_of

pytestmark = pytest.mark.django_db

FORM = {
    "period": "2026-02", "previous_headcount": 100, "current_headcount": 97, "added": 5, "standby": 0,
    "long_leave": 0, "note": "", "reason": "",
    "reduced_closure_bankruptcy": 0, "reduced_suspension": 0, "reduced_economic_layoff": 0,
    "reduced_business_transfer": 0, "reduced_natural_attrition": 8, "reduced_contract_expiry": 0, "reduced_other": 0,
}  # fmt: skip


def test_overview_shows_the_officers_county_only(client, officer, django_assert_max_num_queries):
    MonthlyReportFactory(region="140105", previous_headcount=100, current_headcount=90, reduced_other=10)
    MonthlyReportFactory(region="140106", previous_headcount=100, current_headcount=50, reduced_other=50)
    silent_here = MonitoredEnterpriseFactory(region="140105")
    silent_there = MonitoredEnterpriseFactory(region="140106")
    for _ in range(3):
        MonitoredEnterpriseFactory(region="140105")

    with django_assert_max_num_queries(12):
        response = client.get(reverse("www:monitoring"), {"period": "2026-02", "by": "county"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "小店区" in page
    assert "-10.00%" in page
    assert "-50.00%" not in page
    assert silent_here.employer.name in page
    assert silent_there.employer.name not in page


def test_a_report_of_another_county_is_not_found(client, officer):
    theirs = MonthlyReportFactory(region="140106")
    assert client.get(reverse("www:monitoring_report", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("www:monitoring_report_accept", args=[theirs.pk]))
    assert response.status_code == 404
    assert MonthlyReport.objects.get().status == ReportStatus.SUBMITTED
    form = reverse("www:monitoring_report_form", args=[theirs.enterprise_id])
    assert client.get(form).status_code == 404


def test_the_officer_returns_and_accepts_a_report(client, officer):
    report = MonthlyReportFactory(region="140105")
    detail = reverse("www:monitoring_report", args=[report.pk])
    assert "审核通过" in client.get(detail).content.decode()

    returned = {"reason": "待岗人数漏填", "confirmed": "1"}
    client.post(reverse("www:monitoring_report_return", args=[report.pk]), returned)
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (ReportStatus.RETURNED, "待岗人数漏填")
    assert "待岗人数漏填" in client.get(detail).content.decode()


def test_the_reporter_submits_through_the_form(client):
    enterprise = MonitoredEnterpriseFactory(region="140105")
    reporter = reporter_of(enterprise)
    client.force_login(reporter)
    url = reverse("www:monitoring_report_form", args=[enterprise.pk])

    wrong = client.post(url, FORM | {"current_headcount": 96})
    assert wrong.status_code == 200
    assert "上期岗位数 100 + 新增 5 − 减少 8 = 97，与调查期岗位数 96 不符" in wrong.content.decode()
    assert not MonthlyReport.objects.exists()

    response = client.post(url, FORM)
    report = MonthlyReport.objects.get()
    assert response.url == reverse("www:monitoring_mine")  # the reporter's home, where the report now shows
    assert (report.current_headcount, report.submitted_by) == (97, reporter)

    assert client.post(reverse("www:monitoring_report_accept", args=[report.pk])).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED  # a reporter does not accept their own report


def test_of_two_users_filing_the_same_report_the_second_is_refused_and_the_first_report_stays(client, officer):
    enterprise = MonitoredEnterpriseFactory(region="140105")
    reporter = Client()
    reporter.force_login(reporter_of(enterprise))
    url = reverse("www:monitoring_report_form", args=[enterprise.pk]) + "?period=2026-02"
    shown = '<input type="hidden" name="version" value="0" id="id_version">'  # no report yet
    assert shown in reporter.get(url).content.decode()
    assert shown in client.get(url).content.decode()

    assert reporter.post(url, FORM | {"version": 0}).status_code == 302
    response = client.post(url, FORM | {"current_headcount": 96, "reduced_natural_attrition": 9, "version": 0})

    assert response.status_code == 200
    assert "该记录已于" in response.content.decode()
    assert "修改（现为第1版），请刷新后重新编辑。" in response.content.decode()
    report = MonthlyReport.objects.get()
    assert (report.current_headcount, report.version, report.revisions.count()) == (97, 1, 1)


def test_an_analyst_may_read_but_not_report(client):
    enterprise = MonitoredEnterpriseFactory(region="140105")
    client.force_login(UserFactory(region="140105", roles=[Role.ANALYST]))
    assert client.get(reverse("www:monitoring")).status_code == 200
    assert client.get(reverse("www:monitoring_report_form", args=[enterprise.pk])).status_code == 403


def test_the_admin_lists_reports_of_the_county_only_and_cannot_change_them(client):
    mine, theirs = MonthlyReportFactory(region="140105"), MonthlyReportFactory(region="140106")
    client.force_login(administrator())

    response = client.get(reverse("admin:monitoring_monthlyreport_changelist"))

    assert response.status_code == 200
    assert mine.enterprise.employer.name in response.text
    assert theirs.enterprise.employer.name not in response.text
    assert client.get(reverse("admin:monitoring_monthlyreport_add")).status_code == 403


def test_the_aggregates_export_as_the_page_groups_them(client, officer):
    MonthlyReportFactory(region="140105", previous_headcount=200, current_headcount=199, reduced_other=1)
    small = MonitoredEnterpriseFactory(employer=EmployerFactory(region_id="140105", size_class="small"))
    MonthlyReportFactory(enterprise=small, standby=2)
    MonthlyReportFactory(region="140106", previous_headcount=100, current_headcount=50, reduced_other=50)

    response = client.get(reverse("www:monitoring_export"), {"period": "2026-02", "by": "size_class"})

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("小店区 2026-02监测企业岗位变动（按企业规模）")
    header = rows[1]
    assert header[:5] == ("企业规模", "企业数", "建档期岗位数", "上期岗位数", "调查期岗位数")
    assert header[-2:] == ("隐性失业（待岗、放长假）", "隐性失业率")
    by_group = {row[0]: dict(zip(header, row, strict=True)) for row in rows[2:]}
    assert set(by_group) == {"中型", "小型", "合计"}
    assert (by_group["中型"]["调查期岗位数"], by_group["中型"]["较上期变动率"]) == (199, "-0.50%")
    assert by_group["中型"]["其他"] == 1
    assert (by_group["小型"]["隐性失业（待岗、放长假）"], by_group["小型"]["隐性失业率"]) == (2, "2.00%")
    assert (by_group["合计"]["企业数"], by_group["合计"]["上期岗位数"]) == (2, 300)
    assert AuditEvent.objects.filter(object_type="monitoring:aggregates", action="export").count() == 1


def test_a_reporter_account_is_sent_to_its_page_and_may_not_export(client):
    client.force_login(reporter_of(MonitoredEnterpriseFactory(region="140105")))

    assert client.get(reverse("www:monitoring")).url == reverse("www:monitoring_mine")
    assert client.get(reverse("www:monitoring_export")).url == reverse("www:monitoring_mine")


def test_the_overview_opens_on_the_latest_month_with_reports_until_the_current_one_comes_in(client, officer):
    current = latest_period()
    earlier = qc.previous_period(qc.previous_period(current))
    MonthlyReportFactory(region="140105", period=earlier, previous_headcount=100, current_headcount=90)
    response = client.get(reverse("www:monitoring"))
    page = response.content.decode()
    assert f"{earlier} 监测企业岗位变动" in page
    assert f"{current} 期还没有收到月报，下面是最近一期的情况。" in page
    assert f'href="?period={current}"' in page
    MonthlyReportFactory(region="140105", period=current)
    page = client.get(reverse("www:monitoring")).content.decode()
    assert f"{current} 监测企业岗位变动" in page
    assert "还没有收到月报" not in page


@pytest.mark.parametrize(("region", "offered"), [("14", True), ("1401", True), ("140105", True), ("140105001", False)])
def test_the_analysis_is_offered_to_province_city_and_county_offices_only(client, region, offered):
    region_get_or_create(code="140105001", name="坞城街道")
    client.force_login(UserFactory(region=region))
    page = client.get(reverse("www:monitoring"), {"period": "2026-02"}).content.decode()
    assert ('id="monitoring-analysis"' in page) is offered

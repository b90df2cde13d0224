"""Journeys of the enterprise portal and the warnings, in Chromium.

- An enterprise's reporter account logs in with the login form, lands on its home (企业首页), files the month just
  ended; an officer returns it with a reason (confirming); the reporter sees it returned with the reason, corrects
  it and files it again. On a desktop, and the reporter's part once on a phone (390×844), where no page scrolls
  sideways.
- An officer opens the warnings from the overview, filters them, opens one, acknowledges it and closes it after
  the confirmation step.
"""

import pytest

from jiuye.monitoring.enums import ReportStatus, WarningStatus
from jiuye.monitoring.models import MonthlyReport, Warning
from jiuye.monitoring.services import report_return
from jiuye.www.monitoring.common import latest_period
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.conftest import log_in
from tests.monitoring.factories import MonitoredEnterpriseFactory, WarningFactory, reporter_of

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def enterprise():
    """A Xiaodian coal company enrolled with the month just ended as its baseline: that month is the one it owes."""
    return MonitoredEnterpriseFactory(region="140105", baseline_period=latest_period(), baseline_headcount=100)


def log_in_with_the_form(page, user) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def file_the_month(page, *, current: str, attrition: str, note: str = "", reason: str = "") -> None:
    """On the report form: the headcounts and one reduction reason; the rest stays 0."""
    page.get_by_label("上期岗位数", exact=True).fill("100")
    page.get_by_label("调查期岗位数", exact=True).fill(current)
    page.get_by_label("减少人数（自然减员）").fill(attrition)
    if note:
        page.get_by_label("备注").fill(note)
    if reason:
        page.get_by_label("修改原因（修改已报送的月报时填写）").fill(reason)
    page.get_by_role("button", name="报送").click()


def assert_fits(page) -> None:
    assert page.evaluate(NO_SIDEWAYS_SCROLL), page.url


def test_a_reporter_files_its_month_has_it_returned_and_corrects_it(page, enterprise):
    reporter, officer = reporter_of(enterprise), UserFactory(region="140105")
    period = latest_period()

    log_in_with_the_form(page, reporter)
    page.wait_for_url("**/monitoring/mine/")
    assert page.get_by_role("heading", name="企业首页").is_visible()
    assert page.get_by_role("navigation", name="主导航").inner_text().split() == ["企业首页", "岗位和推荐", "企业信息"]
    page.get_by_role("link", name="填报", exact=True).click()
    assert page.get_by_label("调查期", exact=True).input_value() == period
    file_the_month(page, current="97", attrition="3")
    page.wait_for_url("**/monitoring/mine/")
    assert f"{period}月报已报送。" in page.inner_text("main")
    row = page.locator(f"#enterprise-{enterprise.pk} tbody tr").first
    assert "已报送" in row.inner_text()
    assert "97" in row.inner_text()

    page.context.clear_cookies()
    log_in(page, officer)
    report = MonthlyReport.objects.get()
    page.goto(f"/monitoring/reports/{report.pk}/")
    page.get_by_label("退回原因").fill("自然减员人数与社保减员名单不符，请核实")
    page.get_by_role("button", name="退回更正").click()
    assert page.get_by_role("heading", name="确认退回月报").is_visible()
    page.get_by_role("button", name="确认退回").click()
    assert "已退回，等待企业更正。" in page.inner_text("main")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED

    page.context.clear_cookies()
    log_in_with_the_form(page, reporter)
    page.wait_for_url("**/monitoring/mine/")
    returned = page.locator("#returned")
    assert "自然减员人数与社保减员名单不符，请核实" in returned.inner_text()
    returned.get_by_role("link", name="修改", exact=True).click()
    assert page.get_by_label("调查期岗位数", exact=True).input_value() == "97"  # the figures as filed
    file_the_month(page, current="98", attrition="2", reason="按社保减员名单更正")
    page.wait_for_url("**/monitoring/mine/")
    assert page.locator("#returned").count() == 0
    report.refresh_from_db()
    assert (report.status, report.current_headcount) == (ReportStatus.SUBMITTED, 98)
    assert page.problems == []


def test_the_reporters_part_on_a_phone(phone, enterprise):
    reporter = reporter_of(enterprise)

    log_in_with_the_form(phone, reporter)
    phone.wait_for_url("**/monitoring/mine/")
    assert_fits(phone)
    phone.get_by_role("link", name="填报", exact=True).click()
    assert_fits(phone)
    file_the_month(phone, current="97", attrition="3")
    phone.wait_for_url("**/monitoring/mine/")
    assert_fits(phone)

    report = MonthlyReport.objects.get()
    report_return(actor=UserFactory(region="140105"), report=report, reason="请核实自然减员人数")
    phone.reload()
    assert "请核实自然减员人数" in phone.locator("#returned").inner_text()
    assert_fits(phone)
    phone.locator("#returned").get_by_role("link", name="修改", exact=True).click()
    file_the_month(phone, current="98", attrition="2", reason="已核实更正")
    phone.wait_for_url("**/monitoring/mine/")
    assert_fits(phone)
    report.refresh_from_db()
    assert (report.status, report.current_headcount) == (ReportStatus.SUBMITTED, 98)
    box = phone.get_by_role("link", name="查看").first.bounding_box()
    assert box["height"] >= 20  # a text link in a table row; the buttons are checked below
    assert phone.problems == []


def test_an_officer_filters_opens_acknowledges_and_closes_a_warning(page):
    enterprise = MonitoredEnterpriseFactory(region="140105")
    layoff = WarningFactory(
        period="2026-10", scope="enterprise", subject=enterprise.employer.uscc, rule="economic_layoff", level="",
        explanation=f"{enterprise.employer.name}本月经济性裁员25人",
    )  # fmt: skip
    WarningFactory(period="2026-10", level="orange", figures={"label": "II级（橙色）"})
    WarningFactory(period="2026-10", scope="industry", subject="B", rule="ewma", level="")
    log_in(page, UserFactory(region="140105"))

    page.goto("/monitoring/")
    page.get_by_role("link", name="失业风险预警").click()
    page.wait_for_url("**/monitoring/warnings/**")
    assert page.locator("#warning-list tbody tr").count() == 3
    assert "行业预警 · 采矿业（小店区）" in page.inner_text("#warning-list")
    page.get_by_label("预警对象").select_option(label="企业")
    page.get_by_role("button", name="筛选").click()
    rows = page.locator("#warning-list tbody tr")
    assert rows.count() == 1
    rows.get_by_role("link", name=f"企业预警 · {enterprise.employer.name}").click()

    assert "失业动态监测 › 预警 ›" in page.locator("nav.breadcrumbs").inner_text()
    assert "经济性裁员" in page.inner_text("#warning-facts")
    page.get_by_role("button", name="签收").click()
    assert "已签收预警。" in page.inner_text("main")
    page.get_by_label("处置结果").fill("企业已与工会协商，裁员人员全部安置")
    page.get_by_role("button", name="关闭预警").click()
    assert page.get_by_role("heading", name="确认关闭预警").is_visible()
    page.get_by_role("link", name="取消").click()  # changed its mind: nothing happens
    layoff.refresh_from_db()
    assert layoff.status == WarningStatus.ACKNOWLEDGED

    page.get_by_label("处置结果").fill("企业已与工会协商，裁员人员全部安置")
    page.get_by_role("button", name="关闭预警").click()
    confirm = page.get_by_role("button", name="确认关闭")
    assert confirm.bounding_box()["height"] >= 40
    confirm.click()
    assert "已关闭预警。" in page.inner_text("main")
    assert "企业已与工会协商，裁员人员全部安置" in page.inner_text("#warning-notes")
    assert Warning.objects.get(pk=layoff.pk).status == WarningStatus.CLOSED
    assert page.problems == []

"""The caseworker's desk, as a county caseworker of Xiaodian (140105) does the day's work in the browser: create a
person, record a service and a status change on the card, register them as a job seeker picking the occupation by
name, open the recommended vacancies and refer them to one, and find the referral on the card. Then the same card
on a phone, with a form open: nothing scrolls sideways."""

import datetime

from playwright.sync_api import expect

from jiuye.matching import tables
from jiuye.people.enums import EmploymentStatus, ServiceKind
from jiuye.people.services import person_set_employment_status, service_record
from jiuye.seekers.services import referral_create
from tests.accounts.factories import SETUP, UserFactory
from tests.browser.conftest import log_in
from tests.employers.factories import EmployerFactory
from tests.matching.records import days, job, seeker
from tests.people.factories import make_ric

RIC = make_ric(born=datetime.date(1996, 5, 17), sequence=13)  # a man of working age, born in Xiaodian
SLOW = 60_000  # ms: the first recommendation of a test run builds the vacancy index


def page_width(page) -> int:
    """How wide the page is drawn: a phone zooms out to show a wider page, and `innerWidth` grows with it."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.documentElement.clientWidth, window.innerWidth)"
    )


def test_a_county_caseworker_does_the_days_work_from_the_person_card(page):
    officer = UserFactory(region="140105")
    employer = EmployerFactory(name="晋阳焊接工程有限公司")
    job(employer=employer, title="电焊工", wage_min=5000, wage_max=7000)
    tables.clear_cache()
    log_in(page, officer)

    page.goto("/people/")
    page.get_by_role("link", name="新增人员").click()
    expect(page.get_by_label("现居住地")).to_have_value("140105")  # the county office's own county
    page.get_by_label("公民身份号码").fill(RIC)
    page.get_by_label("姓名").fill("张晋阳")
    page.get_by_label("联系电话").fill("13900001111")
    page.get_by_label("学历").select_option(label="中专、职高、技校")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已新增人员：张晋阳。")
    expect(page.locator("#identity h1")).to_contain_text("张晋阳")
    assert RIC not in page.url

    services = page.locator("#services")
    services.get_by_role("link", name="记录服务").click()
    services.get_by_label("服务类型").select_option(label="职业指导")
    expect(services.get_by_label("补贴金额（元）")).to_be_hidden()  # only a subsidy has an amount
    services.get_by_label("服务内容").fill("求职意向面谈")
    services.get_by_role("button", name="保存").click()
    expect(services).to_contain_text("已记录服务：职业指导。")
    expect(services).to_contain_text("求职意向面谈")
    expect(page.locator("#timeline")).to_contain_text("职业指导")  # swapped in out of band

    history = page.locator("#status-history")
    history.get_by_role("link", name="变更就业状态").click()
    history.get_by_label("就业状态").select_option(label="失业")
    history.get_by_label("说明").fill("原单位停产")
    history.get_by_role("button", name="保存").click()
    expect(history).to_contain_text("就业状态已变更为“失业”。")
    expect(page.locator("#identity .badge")).to_have_text("失业")

    page.locator("#seeker").get_by_role("link", name="办理求职登记").click()
    page.get_by_label("查找职业").fill("电焊")
    page.get_by_role("button", name="焊工").click()
    expect(page.locator("ul.chips")).to_contain_text("焊工")
    expect(page.get_by_label("小店区")).to_be_checked()
    page.get_by_label("期望月工资（元）").fill("5500")
    page.get_by_role("button", name="登记").click()
    expect(page.locator(".messages")).to_contain_text("求职登记已办理。")
    expect(page.locator("#seeker")).to_contain_text("焊工")

    page.locator("#seeker").get_by_role("link", name="推荐岗位").click()
    match = page.locator("tr.match", has_text="晋阳焊接工程有限公司")
    expect(match).to_be_visible(timeout=SLOW)
    match.get_by_role("button", name="推荐给求职者").click()
    expect(page.locator(".messages")).to_contain_text("已将“电焊工”推荐给张晋阳。")

    page.locator(".breadcrumbs").get_by_role("link", name="张晋阳").click()
    referrals = page.locator("#referrals")
    expect(referrals).to_contain_text("晋阳焊接工程有限公司 · 电焊工")
    expect(referrals).to_contain_text("待反馈")
    expect(page.locator("#services")).to_contain_text("职业介绍")
    assert page.problems == []


def test_the_same_card_on_a_phone_does_not_scroll_sideways(phone):
    officer = UserFactory(region="140105")
    registration = seeker(name="张晋阳")
    person = registration.person
    service_record(actor=SETUP, person=person, kind=ServiceKind.CAREER_GUIDANCE, provided_on=days(-3),
                   provider=officer.org_unit, description="求职意向面谈")  # fmt: skip
    person_set_employment_status(actor=SETUP, person=person, status=EmploymentStatus.EMPLOYED, effective_on=days(-2))
    vacancy = job(employer=EmployerFactory(name="晋阳焊接工程有限公司"))
    referral_create(actor=officer, person=person, vacancy=vacancy, referred_on=days(0), registration=registration)
    log_in(phone, officer)

    phone.goto(f"/people/{person.pk}/")
    expect(phone.locator("#referrals")).to_contain_text("晋阳焊接工程有限公司")
    assert page_width(phone) <= 390
    phone.locator("#services").get_by_role("link", name="记录服务").click()
    services = phone.locator("#services")
    services.get_by_label("服务类型").select_option(label="补贴发放")
    expect(services.get_by_label("补贴金额（元）")).to_be_visible()
    assert page_width(phone) <= 390
    phone.locator("#status-history").get_by_role("link", name="变更就业状态").click()
    expect(phone.locator("#status-history form")).to_be_visible()
    assert page_width(phone) <= 390
    assert phone.problems == []

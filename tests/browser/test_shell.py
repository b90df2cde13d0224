"""What every page shares, in the browser: the Chinese error pages, the message of a failed htmx request, the phone's
menu, and the API's documentation served without the internet."""

import re

from django.contrib.auth.models import Permission

from jiuye.people.models import Person
from tests.accounts.factories import UserFactory
from tests.browser.conftest import PHONE, log_in
from tests.browser.test_sweep import page_width
from tests.people.factories import PersonFactory

NOT_FOUND = "Failed to load resource: the server responded with a status of 404 (Not Found)"


def test_another_countys_person_is_a_chinese_404_page(page):
    log_in(page, UserFactory(region="140105"))
    stranger = PersonFactory(name="迎泽居民", residence_region_id="140106")
    response = page.goto(f"/people/{stranger.pk}/")
    assert response.status == 404
    main = page.inner_text("main")
    assert "404" in main
    assert "页面不存在" in main
    assert "不在您的管辖范围内" in main
    assert "迎泽居民" not in main
    assert page.get_by_role("navigation", name="主导航").get_by_role("link", name="人员查询").is_visible()
    page.get_by_role("link", name="返回首页").click()
    page.wait_for_url("**/")
    assert "小店区" in page.inner_text("main")
    assert page.problems == [NOT_FOUND]  # the browser's own line about the 404 document, nothing else


def test_a_failed_htmx_request_says_why(page):
    """The person moved out of the county after the card was opened: revealing the number is refused (404), and
    the page says so instead of doing nothing."""
    user = UserFactory(region="140105")
    user.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    log_in(page, user)
    person = PersonFactory(name="搬走的人")
    page.goto(f"/people/{person.pk}/")
    Person.objects.filter(pk=person.pk).update(residence_region_id="140106")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="显示完整号码").click()
    toast = page.get_by_role("alert").filter(has_text="不在您的管辖范围内")
    toast.wait_for()
    assert "页面不存在" in toast.inner_text()
    toast.get_by_role("button", name="关闭").click()
    assert toast.is_hidden()
    assert NOT_FOUND in page.problems


def test_the_phone_menu_opens_with_the_keyboard_and_fits(phone):
    log_in(phone, UserFactory(region="140105"))
    phone.goto("/people/")
    nav = phone.get_by_role("navigation", name="主导航")
    assert nav.is_hidden()
    toggle = phone.get_by_role("button", name="菜单")
    assert toggle.bounding_box()["height"] >= 40
    toggle.focus()
    phone.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    people = nav.get_by_role("link", name="人员查询")
    assert people.is_visible()
    assert people.get_attribute("aria-current") == "page"
    assert people.bounding_box()["height"] >= 40
    assert phone.get_by_role("button", name="退出").is_visible()
    assert page_width(phone) == PHONE["width"]
    phone.keyboard.press("Escape")
    assert nav.is_hidden()
    assert phone.evaluate("document.activeElement.classList.contains('menu-toggle')")
    assert phone.problems == []


def test_the_desktop_shows_the_navigation_without_a_menu_button(page):
    log_in(page, UserFactory(region="140105"))
    page.goto("/")
    assert page.get_by_role("navigation", name="主导航").get_by_role("link", name="人员查询").is_visible()
    assert page.get_by_role("button", name="菜单").is_hidden()
    assert page.problems == []


def test_the_api_docs_render_the_operations_from_this_site_only(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/docs")
    operations = page.locator(".opblock-summary-path")
    operations.first.wait_for()
    paths = {text.replace("\u200b", "") for text in operations.all_inner_texts()}
    assert {"/api/reference/regions", "/api/people", "/api/monitoring/warnings"} <= paths
    assert page.get_by_role("heading", name=re.compile("就业服务与失业监测平台接口")).is_visible()
    assert [url for url in requested if not url.startswith(live_server.url)] == []
    assert page.problems == []

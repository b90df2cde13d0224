from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.conftest import log_in


def test_login_form_leads_to_the_home_page_in_chinese(page):
    user = UserFactory(region="140105")
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")
    assert "小店区" in page.inner_text("main")
    assert page.problems == []


def test_a_session_opens_pages_on_a_phone(phone):
    log_in(phone, UserFactory(region="140105"))
    phone.goto("/people/")
    assert "人员" in phone.inner_text("main")
    assert phone.problems == []

"""The second factor's journey in the browser, on a desktop and on a phone: an analyst who may see full ID numbers
logs in, binds an authenticator app from the key on the page, reaches the home page; logs out and in again, types a
wrong code (the Chinese error) and then the right one."""

import base64

import pytest
from django.contrib.auth.models import Permission
from django_otp.oath import totp

from jiuye.accounts.enums import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.browser.conftest import SCREENSHOTS

WRONG = "动态口令不正确，请输入手机验证器上当前显示的6位数字。"


def code(key: str, *, steps_ahead: int = 0) -> str:
    """The code the phone's app shows for the key as printed on the page (base32, in groups of four)."""
    return f"{totp(base64.b32decode(key.replace(' ', '')), drift=steps_ahead):06d}"


def log_in_with_password(page, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def log_out(page) -> None:
    toggle = page.locator(".menu-toggle")
    if toggle.is_visible():
        toggle.click()
    page.click(".who button[type=submit]")
    page.wait_for_url("**/login/")


@pytest.mark.parametrize(("screen", "width"), [("page", 1440), ("phone", 390)])
def test_enrol_then_verify_with_a_code(request, screen, width):
    page = request.getfixturevalue(screen)
    analyst = UserFactory(region="140105", roles=[Role.ANALYST])
    analyst.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    log_in_with_password(page, analyst.username)
    page.wait_for_url("**/second-factor/enrol/**")
    assert "绑定动态口令" in page.inner_text("main")
    assert page.locator(".qr svg").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
    page.screenshot(path=SCREENSHOTS / f"second-factor-enrol-{width}.png", full_page=True)
    if width < 400:  # the narrowest phones the site serves, 360 px wide
        page.set_viewport_size({"width": 360, "height": 740})
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    key = page.inner_text("#otp-key")
    page.fill("input[name=token]", code(key))
    page.click("form.second-factor-code button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    assert "小店区" in page.inner_text("main")

    log_out(page)
    log_in_with_password(page, analyst.username)
    page.wait_for_url("**/second-factor/verify/**")
    page.fill("input[name=token]", "000000" if code(key) != "000000" else "111111")
    page.click("form.second-factor-code button[type=submit]")
    assert WRONG in page.inner_text("[role=alert]")
    page.screenshot(path=SCREENSHOTS / f"second-factor-wrong-code-{width}.png", full_page=True)
    page.wait_for_timeout(1200)  # the wait after one wrong code (django-otp's throttle: 2^0 seconds)
    # One step ahead: the enrolment's code may still be the current one, and a code is never accepted twice.
    page.fill("input[name=token]", code(key, steps_ahead=1))
    page.click("form.second-factor-code button[type=submit]")
    page.wait_for_url(page.base_url + "/")
    assert "小店区" in page.inner_text("main")
    assert page.problems == []

"""Browser tests: Playwright driving Debian's Chromium (`/usr/bin/chromium`, installed by the Makefile) against the
live test server.

Each test runs on a `transactional_db` (the server thread must see the test's rows), so pytest-django runs them after
every other test; the flush that ends each one empties the reference tables too, which `_reference` loads again.
Playwright's sync API runs an event loop in this thread, which Django would take for async code and refuse the ORM;
nothing here is async, hence DJANGO_ALLOW_ASYNC_UNSAFE.

On failure, the page is saved as `var/test-screenshots/<test>.png` (CI keeps it). `page` is a 1440×900 desktop;
`phone` is 390×844 with touch. Each records console errors and failed requests in `page.problems`.
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from jiuye.plans.services import indicators_load
from jiuye.reference.models import Region
from jiuye.reference.services import reference_load
from jiuye.second_factor.perms import SESSION_REQUIRED_KEY, second_factor_required
from tests.second_factor.factories import mark_session_verified

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "test-screenshots"
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"浏览器测试需要 Debian 的 Chromium（{CHROMIUM}）：make test 会安装它（apt-get install chromium）。"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _reference(transactional_db) -> None:
    """The flush after each browser test empties the reference tables; load them again when they are empty."""
    if not Region.objects.exists():
        reference_load()
        indicators_load()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


def _open(browser, request, live_server, viewport: dict, **options):
    context = browser.new_context(
        viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai", base_url=live_server.url, **options
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    page.problems = []
    page.on("console", lambda message: message.type == "error" and page.problems.append(message.text))
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    context.close()


@pytest.fixture
def page(browser, request, live_server) -> Iterator:
    yield from _open(browser, request, live_server, DESKTOP)


@pytest.fixture
def phone(browser, request, live_server) -> Iterator:
    yield from _open(browser, request, live_server, PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


def log_in(page, user) -> None:
    """Start a session for `user` without the login form (the login journey has its own test): a session row and
    its cookie, as `Client.force_login` makes them, with the second factor confirmed when the user needs one (its
    journey has its own test too)."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SESSION_REQUIRED_KEY] = second_factor_required(user)  # as a login records it
    if session[SESSION_REQUIRED_KEY]:
        mark_session_verified(session, user)
    session.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": page.base_url}]
    )

"""The sweep: for every kind of account the demo has, every page of its menu, and the first detail page each list
links to, loads (status below 400) with no console error and, on a 390×844 phone, without scrolling sideways.

The menu is read from the page's own navigation, so the sweep follows whatever the menu becomes. One set of data
(`province`) serves every role: people with register entries and services in the county and in the demo's
community, a household, an employer with a vacancy, a job seeker, a monitored enterprise with reports and a warning,
and an import.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from jiuye.accounts.demo import ROLES
from jiuye.accounts.enums import Role
from jiuye.imports.services import import_run
from jiuye.people.enums import ServiceKind
from jiuye.reference.enums import KeyGroup
from jiuye.reference.models import Region
from jiuye.reference.services import region_get_or_create
from tests.accounts.factories import UserFactory
from tests.browser.conftest import log_in
from tests.employers.factories import VacancyFactory
from tests.imports.files import GRADUATE_HEADER, graduate, write_xlsx
from tests.monitoring.factories import MonitoredEnterpriseFactory, MonthlyReportFactory, WarningFactory, reporter_of
from tests.people.factories import days_ago, enter, make_ric, resident, serve, zero_employment_household
from tests.seekers.factories import SeekerRegistrationFactory

STREET, COMMUNITY = "140105001", "140105001001"
# Downloads and actions are links too; the sweep opens pages only.
NOT_PAGES = (".xlsx", ".docx", ".csv", ".json", "/logout/")


# The visible buttons (and links styled as buttons) shorter than a finger needs.
SMALL_TARGETS = """() => [...document.querySelectorAll("button, a.button, input[type=submit], select")]
  .filter((element) => element.offsetParent !== null && element.getBoundingClientRect().height < 40)
  .map((element) => element.textContent.trim() || element.name || element.tagName)"""


@dataclass
class Province:
    enterprise: object
    accounts: dict = field(default_factory=dict)


@pytest.fixture
def province(settings, tmp_path) -> Province:
    settings.IMPORTS_DIR = tmp_path / "imports"
    region_get_or_create(code=STREET, name="小店区第一街道（演示）")
    region_get_or_create(code=COMMUNITY, name="第一社区（演示）")
    county_worker = UserFactory(region="140105")
    for region in ("140105", COMMUNITY):
        graduate_entry = enter(resident(region), KeyGroup.UNPLACED_GRADUATE, days_ago(60))
        serve(graduate_entry.person, ServiceKind.CAREER_GUIDANCE, days_ago(20))
        hard = enter(resident(region, unemployed=True), KeyGroup.HARD_TO_EMPLOY, days_ago(90))
        serve(hard.person, ServiceKind.JOB_REFERRAL, days_ago(10))
    zero_employment_household(COMMUNITY)
    vacancy = VacancyFactory()
    SeekerRegistrationFactory(person=resident("140105", unemployed=True))
    enterprise = MonitoredEnterpriseFactory(employer=vacancy.employer)
    MonthlyReportFactory(enterprise=enterprise, period="2026-02")
    MonthlyReportFactory(enterprise=enterprise, period="2026-03", current_headcount=80, reduced_economic_layoff=20)
    WarningFactory(period="2026-03", region_code="140105", subject="140105")
    upload = write_xlsx(tmp_path / "毕业生.xlsx", GRADUATE_HEADER, [graduate("张三", make_ric(sequence=5))])
    import_run(user=county_worker, kind=KeyGroup.UNPLACED_GRADUATE, path=upload, file_name="毕业生.xlsx")
    return Province(enterprise=enterprise, accounts={"county_caseworker": county_worker})


def _demo_like(region: str, **kwargs):
    """An account as the demo makes them: the roles of its level (the province's include the administrator)."""
    level = Region.objects.get(code=region).level
    return UserFactory(region=region, roles=ROLES[level], **kwargs)


ACCOUNTS = {
    "province_administrator": lambda data: _demo_like("14", is_staff=True),
    "city_caseworker": lambda data: _demo_like("1401"),
    "county_caseworker": lambda data: data.accounts["county_caseworker"],
    "street": lambda data: _demo_like(STREET),
    "community": lambda data: _demo_like(COMMUNITY),
    "analyst": lambda data: UserFactory(region="14", roles=[Role.ANALYST]),
    "enterprise_reporter": lambda data: reporter_of(data.enterprise),
}


def _local_path(page, href: str | None) -> str | None:
    """The path of a link to a page of this site, or None for anything else (another site, a download, an anchor)."""
    if not href or href.startswith("#"):
        return None
    parts = urlsplit(href)
    if parts.netloc and f"{parts.scheme}://{parts.netloc}" != page.base_url:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if not parts.path.startswith("/") or parts.path.endswith(NOT_PAGES) else path


def _menu(page) -> list[str]:
    hrefs = page.locator("nav[aria-label='主导航'] a[href]").evaluate_all("links => links.map(a => a.href)")
    return [path for href in hrefs if (path := _local_path(page, href))]


def _first_detail_link(page, here: str) -> str | None:
    """The first link of the page's first table to another page: a list's first row."""
    hrefs = page.locator("main table a[href]").evaluate_all("links => links.map(a => a.href)")
    return next((path for href in hrefs if (path := _local_path(page, href)) and path != here), None)


def page_width(page) -> int:
    """How wide the page is drawn. A phone (Playwright's `is_mobile`) zooms out to show a page wider than the screen,
    and `window.innerWidth` then grows with it: the widest of the three is what the user would have to scroll."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.documentElement.clientWidth, window.innerWidth)"
    )


def _visit(page, path: str) -> list[str]:
    """Open `path`; what is wrong with it, if anything."""
    before = len(page.problems)
    response = page.goto(path)
    page.wait_for_load_state("load")
    wrong = []
    if response is None or response.status >= 400:
        wrong.append(f"status {response.status if response else 'none'}")
    if (width := page_width(page)) > page.viewport_size["width"]:
        wrong.append(f"scrolls sideways: {width} px wide on a {page.viewport_size['width']} px screen")
    small = page.evaluate(SMALL_TARGETS)
    if small:
        wrong.append(f"touch targets under 40 px: {small}")
    wrong += page.problems[before:]
    return wrong


@pytest.mark.parametrize(
    "account",
    ACCOUNTS,
)
def test_every_page_of_the_menu_opens_on_a_phone(phone, province, account):
    assert settings.DEBUG is False  # the pages as production serves them, error pages included
    log_in(phone, ACCOUNTS[account](province))
    phone.goto("/")
    menu = _menu(phone)
    assert menu, "the menu has no page"
    visited, failures = [], {}

    def check(path: str) -> None:
        visited.append(path)
        if wrong := _visit(phone, path):
            failures[path] = wrong

    for path in menu:
        if path not in visited:
            check(path)
            detail = _first_detail_link(phone, path)
            if detail and detail not in visited:
                check(detail)
    print(f"sweep {account}: {len(visited)} pages")  # shown with -s: the count the closing note reports
    assert failures == {}
    assert len(visited) > len(set(menu)), f"no list led to a detail page: {visited}"

"""The people list in a browser: a county caseworker narrows it by a community picked by name and a key group,
sorts by age, goes to page 2, opens a person and comes back with the back button to the same page; no address
visited carries an ID number (nor anything typed). On a phone the list does not scroll sideways."""

import datetime
import re
from urllib.parse import unquote

from django.utils import timezone

from jiuye.people import crypto
from jiuye.people.listing import years_before
from jiuye.reference.enums import KeyGroup
from jiuye.reference.services import region_get_or_create
from tests.accounts.factories import UserFactory
from tests.browser.conftest import log_in
from tests.people.factories import PersonFactory, enter, make_ric

PAGE_SIZE = 50


def community_people() -> list:
    """Two streets of Xiaodian with a community each; in 双塔西街社区, 60 registered unemployed of distinct ages
    (one more than a page) and 5 veterans; in the other community, 3 registered unemployed."""
    region_get_or_create(code="140105001", name="坞城街道")
    region_get_or_create(code="140105001002", name="双塔西街社区")
    region_get_or_create(code="140105002", name="龙城街道")
    region_get_or_create(code="140105002001", name="北格社区")
    today = timezone.localdate()

    def person(age: int, days: int, region: str, group: KeyGroup):
        birth = years_before(today, age) - datetime.timedelta(days=days)
        someone = PersonFactory(ric=make_ric(born=birth), residence_region_id=region, name=f"居民{age}岁{days}")
        enter(someone, group, today - datetime.timedelta(days=30))
        return someone

    unemployed = [person(18 + i // 2, 10 + i % 2 * 100, "140105001002", KeyGroup.UNEMPLOYMENT_REGISTRATION)
                  for i in range(PAGE_SIZE + 10)]  # fmt: skip
    for i in range(5):
        person(40 + i, 5, "140105001002", KeyGroup.VETERAN)
    for i in range(3):
        person(30 + i, 7, "140105002001", KeyGroup.UNEMPLOYMENT_REGISTRATION)
    return unemployed


def test_filter_sort_page_open_and_come_back(page):
    unemployed = community_people()
    log_in(page, UserFactory(region="140105"))
    visited: list[str] = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and visited.append(frame.url))

    page.goto("/people/")
    page.fill("#q", "居民")  # typed text: kept on the server, never in the address
    page.get_by_role("button", name="查找").click()
    page.wait_for_url(re.compile(r"[?&]s="))
    page.get_by_label("街道（乡镇）").select_option(label="坞城街道")
    page.get_by_label("社区（村）").select_option(label="双塔西街社区")  # appears once the street is picked
    page.get_by_label("重点群体").select_option(label="登记失业人员")
    page.wait_for_url(re.compile(r"group=unemployment_registration"))
    page.wait_for_load_state("networkidle")
    assert "第 1 / 2 页，共 60 条" in page.inner_text(".pager")

    page.get_by_role("link", name="年龄").click()
    page.wait_for_url(re.compile(r"sort=age"))
    assert page.get_by_role("columnheader", name=re.compile("年龄")).get_attribute("aria-sort") == "ascending"
    first_page_ages = [int(text) for text in page.locator("#people tbody td.num").all_inner_texts()]
    assert first_page_ages == sorted(first_page_ages)
    assert first_page_ages[0] == 18

    page.get_by_role("link", name="第 2 页").click()
    page.wait_for_url(re.compile(r"page=2"))
    second = page.url
    rows = page.locator("#people tbody tr")
    assert rows.count() == 10
    second_page_names = rows.locator("td:first-child").all_inner_texts()
    assert all(name.startswith("居民") for name in second_page_names)
    oldest = sorted(unemployed, key=lambda person: person.birth_date)[:10]
    assert set(second_page_names) == {person.name for person in oldest}  # the oldest ten, page 2 of age ascending

    page.get_by_role("link", name=second_page_names[0], exact=True).click()
    page.wait_for_url(re.compile(r"/people/\d+/$"))
    assert second_page_names[0] in page.inner_text("main")
    page.go_back()
    page.wait_for_url(second)
    page.wait_for_load_state("networkidle")
    assert page.url == second
    assert page.locator("#people tbody tr td:first-child").all_inner_texts() == second_page_names
    assert page.get_by_label("社区（村）").input_value() == "140105001002"
    assert page.get_by_label("重点群体").input_value() == KeyGroup.UNEMPLOYMENT_REGISTRATION
    assert page.input_value("#q") == "居民"
    assert page.get_by_role("columnheader", name=re.compile("年龄")).get_attribute("aria-sort") == "ascending"

    numbers = {crypto.decrypt(person.ric_encrypted) for person in unemployed}
    addresses = [*visited, page.url]
    assert len(addresses) >= 5
    for url in addresses:
        assert re.search(r"/people/(\d+/)?(\?|$)", url), url  # list and card addresses only (no fragment's)
        assert not any(number in url for number in numbers), url
        assert "居民" not in unquote(url), url  # nor the text typed
    assert page.problems == []


def test_the_list_does_not_scroll_sideways_on_a_phone(phone):
    community_people()
    log_in(phone, UserFactory(region="140105"))
    phone.goto("/people/?region=140105001002&group=unemployment_registration&sort=age")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("#people tbody tr").count() == PAGE_SIZE
    overflow = phone.evaluate(
        """() => { const main = document.querySelector('main');
                   return {main: main.scrollWidth, width: window.innerWidth,
                           table: document.querySelector('.table-scroll').scrollWidth,
                           box: document.querySelector('.table-scroll').clientWidth}; }"""
    )
    assert overflow["main"] <= overflow["width"], overflow  # the list's page itself never scrolls sideways
    assert overflow["table"] > overflow["box"], overflow  # the wide table scrolls inside its card instead
    for control in ("#q", ".region-picker select", "#id_group", ".pager-links a"):
        box = phone.locator(control).first.bounding_box()
        assert box["height"] >= 40, control  # touch targets
        assert box["x"] + box["width"] <= overflow["width"], control
    assert phone.problems == []

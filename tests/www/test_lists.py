"""The list pages' shared parts: the people list's filters, sorting and pager (and its fixed query count), the
search kept out of URLs under a session token, the one region picker (its scope and endpoint), and the
full-number export's purpose."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.people import crypto
from jiuye.people.enums import EmploymentStatus, ServiceKind
from jiuye.people.listing import years_before
from jiuye.reference.enums import KeyGroup
from jiuye.reference.services import region_get_or_create
from jiuye.www.paging import region_chain_end
from tests.accounts.factories import UserFactory, administrator
from tests.people.factories import PersonFactory, enter, make_ric, resident, serve, serve_1131

pytestmark = pytest.mark.django_db

LIST = reverse("www:person_list")
PURPOSE = {"purpose_kind": "service", "purpose": "6月登记失业人员电话回访", "confirm": "on"}


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def aged(years: int, **kwargs):
    """A person `years` old today (born a few days past the birthday)."""
    birth = years_before(timezone.localdate(), years) - datetime.timedelta(days=3)
    return PersonFactory(ric=make_ric(born=birth, sequence=kwargs.pop("sequence", 2)), **kwargs)


@pytest.fixture
def streets():
    """Two streets of Xiaodian with a community each, and a street of Yingze (140106)."""
    codes = {
        "140105001": "坞城街道", "140105001002": "双塔西街社区", "140105002": "龙城街道",
        "140105002001": "北格社区", "140106001": "迎泽街道",
    }  # fmt: skip
    return {code: region_get_or_create(code=code, name=name) for code, name in codes.items()}


def names(response) -> list[str]:
    return [person.name for person, _age in response.context["rows"]]


# ----------------------------------------------------------------------------------------------------- people list


def test_each_filter_of_the_people_list(client, officer, streets):
    young = aged(20, name="青年甲", residence_region_id="140105001002", employment_status=EmploymentStatus.UNEMPLOYED)
    enter(young, KeyGroup.UNEMPLOYMENT_REGISTRATION, ago(30))
    graduate = aged(23, name="毕业生乙", residence_region_id="140105002001", sequence=4)
    enter(graduate, KeyGroup.UNPLACED_GRADUATE, ago(60))
    serve_1131(graduate, ago(10))
    older = aged(50, name="中年丙")
    assert set(names(client.get(LIST))) == {"青年甲", "毕业生乙", "中年丙"}
    assert names(client.get(LIST, {"region": "140105001"})) == ["青年甲"]
    assert names(client.get(LIST, {"region": ["140105002", "140105002001"]})) == ["毕业生乙"]
    assert names(client.get(LIST, {"group": KeyGroup.UNEMPLOYMENT_REGISTRATION})) == ["青年甲"]
    assert names(client.get(LIST, {"status": EmploymentStatus.UNEMPLOYED})) == ["青年甲"]
    assert set(names(client.get(LIST, {"age": "16-24"}))) == {"青年甲", "毕业生乙"}
    assert names(client.get(LIST, {"age": "45-54"})) == [older.name]
    assert names(client.get(LIST, {"service": "met"})) == ["毕业生乙"]
    assert names(client.get(LIST, {"service": "not_met"})) == []
    assert len(names(client.get(LIST, {"group": "nonsense", "age": "1-2"}))) == 3  # no such choice: ignored


def test_sorting_by_age_with_aria_sort_and_a_reversing_header(client, officer):
    aged(40, name="四十")
    aged(20, name="二十", sequence=4)
    aged(30, name="三十", sequence=6)
    response = client.get(LIST, {"sort": "age", "page": "1"})
    assert names(response) == ["二十", "三十", "四十"]
    text = response.content.decode()
    header = re.search(r'<th scope="col" aria-sort="ascending"><a class="sort" href="\?([^"]*)">年龄', text)
    assert header is not None
    assert parse_qs(header.group(1).replace("&amp;", "&")) == {"sort": ["-age"]}  # reverses, back to page 1
    assert text.count("aria-sort=") == 1
    assert names(client.get(LIST, {"sort": "-age"})) == ["四十", "三十", "二十"]
    assert 'aria-sort="descending"' in client.get(LIST, {"sort": "-age"}).content.decode()
    assert names(client.get(LIST, {"sort": "nonsense"})) == names(client.get(LIST))  # the default order


def test_sorting_by_last_service(client, officer):
    recent, earlier, _never = resident(name="近期"), resident(name="较早"), resident(name="从未")
    serve(recent, ServiceKind.CAREER_GUIDANCE, ago(2))
    serve(earlier, ServiceKind.CAREER_GUIDANCE, ago(40))
    assert names(client.get(LIST, {"sort": "last_service"})) == ["从未", "较早", "近期"]
    assert names(client.get(LIST, {"sort": "-last_service"})) == ["近期", "较早", "从未"]


def test_the_pager_numbers_pages_around_the_current_one(client, officer, settings):
    settings.PAGE_SIZE = 2
    for _number in range(11):
        resident()
    response = client.get(LIST, {"sort": "age", "group": "", "page": "3"})
    text = response.content.decode()
    pager = text[text.index('<nav class="pager"') :]
    assert "第 3 / 6 页，共 11 条" in pager
    assert '<span class="current" aria-current="page">3</span>' in pager
    links = re.findall(r'href="\?([^"]*)"', pager)
    pages = [parse_qs(link.replace("&amp;", "&"))["page"][0] for link in links]
    assert pages == ["1", "2", "1", "2", "4", "5", "4", "6"]  # first, previous, 1 2 [3] 4 5, next, last
    assert all("sort=age" in link for link in links)  # every filter and the order kept
    assert len(names(client.get(LIST, {"page": "6"}))) == 1
    assert client.get(LIST, {"page": "99"}).context["page"].number == 6


def test_a_single_page_shows_the_count_without_links(client, officer):
    resident()
    pager = client.get(LIST).content.decode().split('<nav class="pager"')[1]
    assert "第 1 / 1 页，共 1 条" in pager
    assert "page=" not in pager


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"sort": "-last_service", "age": "25-34", "group": KeyGroup.UNPLACED_GRADUATE, "service": "not_met"},
        {"sort": "status", "region": "140105", "status": EmploymentStatus.EMPLOYED},
    ],
)
def test_the_people_list_runs_a_fixed_number_of_queries(client, params):
    client.force_login(administrator("14"))

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST, params).status_code == 200
        return len(queries)

    def add(region: str) -> None:
        person = aged(30, residence_region_id=region, sequence=next(sequences))
        enter(person, KeyGroup.UNPLACED_GRADUATE, ago(60))
        serve(person, ServiceKind.JOB_REFERRAL, ago(5))

    sequences = iter(range(2, 400, 2))
    add("140105")
    few = count_queries()
    for region in ("140106", "140212", "140105", "140105", "140106"):
        add(region)
    assert count_queries() == few


# ------------------------------------------------------------------------------------------- the kept search text


def test_a_posted_search_leads_to_an_address_without_the_text(client, officer):
    person = PersonFactory(ric="140105199003070012", name="王晋生", phone="13900001234")
    for query in ("140105199003070012", "王 晋生", "1234"):
        response = client.post(LIST, {"q": query, "group": "", "sort": "age", "region": "140105"})
        assert response.status_code == 303
        assert query not in response.url
        assert set(parse_qs(urlsplit(response.url).query)) == {"s", "sort", "region"}
        reloaded = client.get(response.url)  # a reload, or the back button, asks the same address again
        assert names(reloaded) == ["王晋生"], query
        assert f'value="{query}"' in reloaded.content.decode()  # the box shows what was typed
    assert person.name_search == "王晋生"


def test_the_same_text_keeps_its_token_and_each_text_has_its_own(client, officer):
    first = client.post(LIST, {"q": "王"}).url
    assert client.post(LIST, {"q": "王"}).url == first
    assert client.post(LIST, {"q": "李"}).url != first
    assert client.post(LIST, {"q": ""}).url == LIST  # nothing typed, nothing kept


def test_a_token_of_another_session_shows_the_list_without_the_search_and_says_so(client, officer):
    resident(name="王晋生")
    resident(name="李汾")
    url = client.post(LIST, {"q": "王晋生"}).url
    client.force_login(UserFactory())  # a new session: the link was shared
    response = client.get(url)
    assert set(names(response)) == {"王晋生", "李汾"}
    assert "这个查询已过期" in response.content.decode()


def test_an_old_link_with_the_text_is_moved_out_of_the_address(client, officer):
    response = client.get(LIST, {"q": "140105199003070012", "status": "employed"})
    assert response.status_code == 303
    assert "140105199003070012" not in response.url
    assert "status=employed" in response.url


def test_htmx_gets_the_results_and_a_history_restore_the_whole_page(client, officer):
    resident(name="王晋生")
    url = client.post(LIST, {"q": "晋生"}).url
    rows = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "王晋生" in rows
    assert "<html" not in rows
    restored = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restored.content.decode()


def test_the_register_search_is_kept_out_of_the_address_too(client, officer):
    entry = enter(PersonFactory(ric="140105199003070012", name="王晋生"), KeyGroup.VETERAN, ago(30))
    enter(resident(name="李汾"), KeyGroup.VETERAN, ago(30))
    url = reverse("www:register", args=["veteran"])
    response = client.post(url, {"q": "140105199003070012", "exited": "1"})
    assert response.status_code == 303
    assert "140105199003070012" not in response.url
    assert [row.record for row in client.get(response.url).context["rows"]] == [entry]


# ------------------------------------------------------------------------------------------------ the region picker


@pytest.mark.parametrize(
    ("values", "prefix", "chosen"),
    [
        (["140105001", "140105001002"], "140105", "140105001002"),
        (["140105001", ""], "140105", "140105001"),  # the community left at 全部
        (["", "140105001002"], "140105", ""),  # the street set back to 全部: the old community counts for nothing
        (["140105002", "140105001002"], "140105", "140105002"),  # a new street, the old community still sent
        (["140106001"], "140105", ""),  # another county's street
        (["1401"], "140105", ""),  # wider than the scope
        (["1401", "140105", "140105001"], "14", "140105001"),  # a province user's chain
        (["14010"], "14", ""),  # no level has five digits
        (["abc"], "14", ""),
    ],
)
def test_the_picker_value_is_the_end_of_a_chain_inside_the_scope(values, prefix, chosen):
    assert region_chain_end(values, prefix) == chosen


def picker_options(text: str) -> dict[str, str]:
    return dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', text))


def test_a_county_user_picks_streets_then_communities_by_name(client, officer, streets):
    page = client.get(LIST).content.decode()
    assert picker_options(page) == {"140105001": "坞城街道", "140105002": "龙城街道"}
    assert "迎泽街道" not in page
    response = client.get(reverse("www:region_picker"), {"field": "region", "region": ["140105001", ""]})
    assert picker_options(response.content.decode()) == {
        "140105001": "坞城街道", "140105002": "龙城街道", "140105001002": "双塔西街社区",
    }  # fmt: skip
    assert '<option value="140105001" selected>' in response.content.decode()
    assert "<html" not in response.content.decode()


def test_a_county_user_cannot_list_another_countys_streets(client, officer, streets):
    response = client.get(reverse("www:region_picker"), {"region": "140106"})
    assert response.status_code == 200
    assert "迎泽街道" not in response.content.decode()
    assert set(picker_options(response.content.decode())) == {"140105001", "140105002"}  # their own, nothing chosen
    response = client.get(reverse("www:region_picker"), {"region": ["140106001"]})
    assert "迎泽" not in response.content.decode()


def test_a_city_user_starts_from_the_counties(client, streets):
    client.force_login(UserFactory(region="1401"))
    options = picker_options(client.get(reverse("www:region_picker"), {"region": ["140106"]}).content.decode())
    assert options["140105"] == "小店区"
    assert options["140106001"] == "迎泽街道"
    assert all(code.startswith("1401") for code in options)


def test_a_street_user_picks_its_communities_and_a_community_user_nothing(client, streets):
    client.force_login(UserFactory(region="140105001"))
    assert picker_options(client.get(reverse("www:region_picker")).content.decode()) == {
        "140105001002": "双塔西街社区"
    }
    client.force_login(UserFactory(region="140105001002"))
    response = client.get(reverse("www:region_picker"), {"region": ["140105001", "140105002001"]})
    assert response.status_code == 200
    assert picker_options(response.content.decode()) == {}
    mine, theirs = resident("140105001002", name="本社区"), resident("140105002001", name="外社区")
    page = client.get(LIST, {"region": "140105002001"})
    assert names(page) == [mine.name]  # only their community, whatever is asked
    assert theirs.name not in page.content.decode()


def test_the_picker_endpoint_needs_a_login_and_a_sane_field(client, streets):
    assert client.get(reverse("www:region_picker")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("www:region_picker"), {"field": "x<script>"}).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        reverse("www:person_list"),
        reverse("www:register", args=["veteran"]),
        reverse("www:worklist", args=["graduates_not_served"]),
        reverse("www:seeker_list"),
        reverse("www:vacancy_list"),
        reverse("www:employer_list"),
    ],
)
def test_every_region_filter_is_the_picker(client, officer, streets, url):
    text = client.get(url).content.decode()
    assert 'class="region-picker"' in text
    assert picker_options(text).get("140105001") == "坞城街道"
    assert not re.search(r'<input[^>]*name="region"', text)  # no code typed


# -------------------------------------------------------------------------------------- full-number export purpose


@pytest.fixture
def unmasker(client):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    client.force_login(user)
    return user


EXPORTS = [
    reverse("www:register_export", args=["unemployment_registration"]),
    reverse("www:worklist_export", args=["unemployed_without_contact"]),
    reverse("www:seeker_export"),
]


@pytest.mark.parametrize("url", EXPORTS)
def test_a_full_number_export_is_refused_without_a_purpose(client, unmasker, url):
    enter(resident(unemployed=True), KeyGroup.UNEMPLOYMENT_REGISTRATION, ago(100))
    full = f"{url}?unmasked=1"
    refused = client.get(full)
    assert refused.status_code == 400
    assert "查询用途" in refused.content.decode()
    assert refused["Content-Type"].startswith("text/html")
    for missing in ("purpose_kind", "purpose", "confirm"):
        posted = client.post(full, {key: value for key, value in PURPOSE.items() if key != missing})
        assert posted.status_code == 400, missing
        assert 'class="errorlist' in posted.content.decode()
    assert client.post(full, {**PURPOSE, "purpose": "回访"}).status_code == 400  # too short to say anything
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


@pytest.mark.parametrize("url", EXPORTS)
def test_a_full_number_export_with_a_purpose_is_audited_with_it(client, unmasker, url):
    enter(resident(unemployed=True), KeyGroup.UNEMPLOYMENT_REGISTRATION, ago(100))
    response = client.post(f"{url}?unmasked=1", PURPOSE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.user == unmasker
    assert event.changes["unmasked"] is True
    assert event.changes["purpose"] == "就业服务与跟踪回访：6月登记失业人员电话回访"
    assert "6月登记失业人员电话回访" in event.summary


def test_a_masked_export_needs_no_purpose(client, unmasker):
    response = client.get(EXPORTS[0])
    assert response.status_code == 200
    assert AuditEvent.objects.get(action=AuditAction.EXPORT).changes == {"rows": 0, "unmasked": False}


def test_the_list_offers_the_purpose_form_only_to_who_may_use_it(client, unmasker):
    url = reverse("www:register", args=["unemployment_registration"])
    text = client.get(url).content.decode()
    assert 'name="purpose_kind"' in text
    assert 'action="/registers/unemployment_registration/export.xlsx?unmasked=1"' in text
    client.force_login(UserFactory())
    assert 'name="purpose_kind"' not in client.get(url).content.decode()


def test_the_purpose_form_posts_the_lists_filters(client, unmasker, streets):
    entry = enter(resident("140105001", unemployed=True), KeyGroup.UNEMPLOYMENT_REGISTRATION, ago(100))
    enter(resident("140105002", unemployed=True), KeyGroup.UNEMPLOYMENT_REGISTRATION, ago(100))
    page = client.get(reverse("www:register", args=["unemployment_registration"]), {"region": "140105001"})
    action = re.search(r'<form method="post" action="([^"]+)" class="export-purpose"', page.content.decode()).group(1)
    response = client.post(action.replace("&amp;", "&"), PURPOSE)
    assert response.status_code == 200
    assert AuditEvent.objects.get(action=AuditAction.EXPORT).changes["rows"] == 1
    assert crypto.decrypt(entry.person.ric_encrypted).encode() not in page.content

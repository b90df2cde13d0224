"""Pages of the real-name registers: search, person card, registers, worklists, exports, the audit log and the home
page's worklist card. The resident ID number is masked everywhere unless a user with the permission asks, and then
audited; a county user never sees another county's records; list pages run a fixed number of queries."""

import datetime
import re
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jiuye.accounts.enums import Role
from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.people import crypto
from jiuye.people.enums import HouseholdRelationship, ServiceKind
from jiuye.people.masking import mask_phone
from jiuye.people.ric import upgrade_legacy_ric
from jiuye.people.services import household_add_member
from jiuye.reference.enums import KeyGroup
from tests.accounts.factories import SETUP, UserFactory, administrator
from tests.people.factories import (
    PersonFactory,
    enter,
    graduate,
    resident,
    serve,
    serve_1131,
    zero_employment_household,
)

pytestmark = pytest.mark.django_db

PURPOSE = {"purpose_kind": "service", "purpose": "6月重点群体电话回访", "confirm": "on"}
WORKLIST_NAMES = [
    "graduates_not_served",
    "zero_employment_households",
    "hard_to_employ_without_service",
    "unemployed_without_contact",
]


def ago(days: int) -> datetime.date:
    """Pages use the real date, so records are placed relative to it, far from the worklists' thresholds."""
    return timezone.localdate() - datetime.timedelta(days=days)


def unmasker(region: str = "140105"):
    user = UserFactory(region=region)
    user.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    return user


def full_ric(person) -> str:
    return crypto.decrypt(person.ric_encrypted)


def everything_in(region: str, name: str = "") -> dict:
    """A record of each kind in `region`: a graduate not yet served, a zero-employment household, a hard-to-employ
    person and a registered unemployed person without service; names carry `name` to find them in pages."""
    graduate_entry = enter(resident(region, name=f"{name}毕业生"), KeyGroup.UNPLACED_GRADUATE, ago(60))
    household, _member = zero_employment_household(region=region)
    household.head_name = f"{name}户主"
    household.save()
    hard = enter(resident(region, name=f"{name}困难人员"), KeyGroup.HARD_TO_EMPLOY, ago(100))
    unemployed = enter(resident(region, name=f"{name}失业人员"), KeyGroup.UNEMPLOYMENT_REGISTRATION, ago(100))
    return {"graduate": graduate_entry, "household": household, "hard": hard, "unemployed": unemployed}


@pytest.mark.parametrize(
    ("url_name", "args"),
    [
        ("www:person_card", [1]),
        ("www:person_ric", [1]),
        ("www:registers", []),
        ("www:register", ["veteran"]),
        ("www:register_export", ["veteran"]),
        ("www:worklist", ["graduates_not_served"]),
        ("www:worklist_export", ["graduates_not_served"]),
        ("www:audit_log", []),
    ],
)
def test_pages_need_login(client, url_name, args):
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("www:login"))
    assert not AuditEvent.objects.exists()


def test_navigation_leads_to_the_registers(client):
    client.force_login(UserFactory())
    assert f'href="{reverse("www:registers")}"' in client.get(reverse("www:home")).text


# ---------------------------------------------------------------------------------------------------------- search


def search(client, query: str, **filters):
    """The people list's search form posted, and the page it leads to (the search kept under a token)."""
    return client.post(reverse("www:person_list"), {"q": query, **filters}, follow=True)


def test_search_by_ric_shows_the_person_with_the_number_masked(client):
    person = resident(name="王晋生")
    client.force_login(UserFactory())
    response = search(client, full_ric(person))
    assert "王晋生" in response.text
    assert person.ric_masked in response.text
    assert full_ric(person) not in response.text.replace(f'value="{full_ric(person)}"', "")
    assert all(full_ric(person) not in url for url, _status in response.redirect_chain)


def test_search_by_legacy_15_digit_number(client):
    person = PersonFactory(ric=upgrade_legacy_ric("140105650308021"), name="老号码")
    client.force_login(UserFactory())
    shown = search(client, "140105650308021").context["page"].object_list
    assert list(shown) == [person]


def test_search_by_phone_and_name(client):
    PersonFactory(name="王晋生", phone="13900000001")
    PersonFactory(name="李汾", phone="13900000002")
    client.force_login(UserFactory())
    assert [p.name for p in search(client, "13900000002").context["page"]] == ["李汾"]
    assert [p.name for p in search(client, "晋").context["page"]] == ["王晋生"]


def test_search_for_another_countys_number_finds_nothing(client):
    theirs = resident("140106", name="外县人员")
    client.force_login(UserFactory(region="140105"))
    response = search(client, full_ric(theirs))
    assert list(response.context["page"].object_list) == []
    assert "外县人员" not in response.text


# ------------------------------------------------------------------------------------------------------ person card


def test_person_card_shows_everything_masked(client):
    household, person = zero_employment_household()
    spouse = resident(name="配偶甲")
    household_add_member(actor=SETUP, household=household, person=spouse, relationship=HouseholdRelationship.SPOUSE)
    entry = enter(person, KeyGroup.UNPLACED_GRADUATE, ago(30), school="太原理工大学", major="采矿工程")
    serve(person, ServiceKind.CAREER_GUIDANCE, ago(20), description="简历指导")
    serve(person, ServiceKind.JOB_REFERRAL, ago(10))
    client.force_login(UserFactory())

    response = client.get(reverse("www:person_card", args=[person.pk]))

    assert response.status_code == 200
    text = response.text
    for shown in (person.name, person.ric_masked, person.phone, "小店区", "太原理工大学", "采矿工程", "简历指导",
                  entry.get_group_display(), "配偶甲", spouse.ric_masked, household.head_name, "1/3"):  # fmt: skip
        assert shown in text, shown
    for hidden in (full_ric(person), full_ric(spouse)):
        assert hidden not in text
    assert "显示完整号码" not in text
    assert response.context["card"].entries[0].progress.done == 2


def test_person_card_of_another_county_is_404(client):
    theirs = resident("140106")
    client.force_login(UserFactory(region="140105"))
    assert client.get(reverse("www:person_card", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("www:person_card", args=[999_999])).status_code == 404


def test_reveal_button_only_with_the_permission_and_each_reveal_is_audited(client):
    person = resident()
    user = unmasker()
    client.force_login(user)
    assert "显示完整号码" in client.get(reverse("www:person_card", args=[person.pk])).text

    response = client.post(reverse("www:person_ric", args=[person.pk]), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert full_ric(person) in response.text
    assert "<html" not in response.text
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    event = AuditEvent.objects.get(action=AuditAction.UNMASK)
    assert (event.user, event.person, event.region_code) == (user, person, "140105")


def test_reveal_without_the_permission_is_refused_and_not_audited(client):
    person = resident()
    client.force_login(UserFactory())
    response = client.post(reverse("www:person_ric", args=[person.pk]))
    assert response.status_code == 403
    assert full_ric(person) not in response.text
    assert not AuditEvent.objects.filter(action=AuditAction.UNMASK).exists()


def test_reveal_is_post_only_and_scoped(client):
    theirs = resident("140106")
    client.force_login(unmasker("140105"))
    assert client.get(reverse("www:person_ric", args=[theirs.pk])).status_code == 405
    assert client.post(reverse("www:person_ric", args=[theirs.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.UNMASK).exists()


# -------------------------------------------------------------------------------------------------------- registers


def test_registers_index_counts_open_entries_in_the_county(client):
    graduate()
    graduate()
    graduate(region="140106")
    client.force_login(UserFactory(region="140105"))
    response = client.get(reverse("www:registers"))
    counts = {row["group"]: row["count"] for row in response.context["rows"]}
    assert counts[KeyGroup.UNPLACED_GRADUATE] == 2
    assert counts[KeyGroup.VETERAN] == 0
    assert reverse("www:register_export", args=["unplaced_graduate"]) in response.text


def test_register_lists_the_group_masked_with_1131_progress(client):
    entry = graduate(name="毕业生甲")
    serve_1131(entry.person, ago(5))
    enter(resident(name="退役军人乙"), KeyGroup.VETERAN, ago(5))
    client.force_login(unmasker())
    response = client.get(reverse("www:register", args=["unplaced_graduate"]))
    assert response.status_code == 200
    assert "毕业生甲" in response.text
    assert "退役军人乙" not in response.text
    assert entry.person.ric_masked in response.text
    assert full_ric(entry.person) not in response.text
    assert "已达标" in response.text
    assert "unmasked=1" in response.text  # the full-number export is offered to this user only


def test_register_of_an_unknown_group_is_404(client):
    client.force_login(UserFactory())
    assert client.get(reverse("www:register", args=["nobody"])).status_code == 404
    assert client.get(reverse("www:register_export", args=["nobody"])).status_code == 404


def test_register_export_is_masked_and_audited(client):
    entry = graduate()
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("www:register_export", args=["unplaced_graduate"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert "公民身份号码和联系电话已脱敏" in sheet["A1"].value
    assert sheet["B3"].value == entry.person.ric_masked
    assert sheet["E3"].value == mask_phone(entry.person.phone)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert (event.user, event.object_type, event.region_code) == (user, "register:unplaced_graduate", "140105")


def test_unmasked_export_needs_the_permission(client):
    entry = graduate()
    url = reverse("www:register_export", args=["unplaced_graduate"]) + "?unmasked=1"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.post(url, PURPOSE).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()

    client.force_login(unmasker())
    response = client.post(url, PURPOSE)
    assert load_workbook(BytesIO(response.content)).active["B3"].value == full_ric(entry.person)
    assert AuditEvent.objects.get(action=AuditAction.EXPORT).changes["unmasked"] is True


# -------------------------------------------------------------------------------------------------------- worklists


@pytest.mark.parametrize(
    ("name", "key", "shown"),
    [
        ("graduates_not_served", "graduate", lambda record: record.person.name),
        ("zero_employment_households", "household", lambda record: record.head_name),
        ("hard_to_employ_without_service", "hard", lambda record: record.person.name),
        ("unemployed_without_contact", "unemployed", lambda record: record.person.name),
    ],
)
def test_worklist_page_and_export_show_only_the_county(client, name, key, shown):
    mine, theirs = everything_in("140105", "本县"), everything_in("140106", "外县")
    client.force_login(UserFactory(region="140105"))

    response = client.get(reverse("www:worklist", args=[name]))

    assert response.status_code == 200
    assert shown(mine[key]) in response.text
    assert shown(theirs[key]) not in response.text
    assert len(response.context["rows"]) == 1
    export = client.get(reverse("www:worklist_export", args=[name]), {"region": "140106"})
    cells = [cell for row in load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True) for cell in row]
    assert shown(theirs[key]) not in cells
    assert AuditEvent.objects.get(action=AuditAction.EXPORT).object_type == f"worklist:{name}"


def test_worklist_rows_are_masked(client):
    records = everything_in("140105")
    client.force_login(UserFactory())
    for name, key in [("graduates_not_served", "graduate"), ("unemployed_without_contact", "unemployed")]:
        text = client.get(reverse("www:worklist", args=[name])).text
        assert records[key].person.ric_masked in text
        assert full_ric(records[key].person) not in text


def reveal_buttons(text: str) -> list[str]:
    """The person-number URLs that the page's reveal buttons post to."""
    return re.findall(r'hx-post="(/[^"]*/ric/)"', text)


@pytest.mark.parametrize(
    ("url_name", "args", "key"),
    [
        ("www:person_list", [], "hard"),
        ("www:register", ["hard_to_employ"], "hard"),
        ("www:worklist", ["graduates_not_served"], "graduate"),
        ("www:worklist", ["hard_to_employ_without_service"], "hard"),
        ("www:worklist", ["unemployed_without_contact"], "unemployed"),
    ],
)
def test_list_rows_offer_the_audited_reveal_only_with_the_permission(client, url_name, args, key):
    records = everything_in("140105")
    person = records[key].person
    url = reverse(url_name, args=args)
    client.force_login(UserFactory())
    assert reveal_buttons(client.get(url).text) == []

    client.force_login(unmasker())
    text = client.get(url).text

    assert reverse("www:person_ric", args=[person.pk]) in reveal_buttons(text)
    assert full_ric(person) not in text  # masked until the button is pressed
    response = client.post(reverse("www:person_ric", args=[person.pk]), headers={"HX-Request": "true"})
    assert full_ric(person) in response.text
    assert 'class="ric-slot"' in response.text  # swapped in place of the row's slot (hx-target="closest .ric-slot")
    assert AuditEvent.objects.get(action=AuditAction.UNMASK).person == person


def test_unknown_worklist_is_404(client):
    client.force_login(UserFactory())
    assert client.get(reverse("www:worklist", args=["nothing"])).status_code == 404
    assert client.get(reverse("www:worklist_export", args=["nothing"])).status_code == 404


def test_home_shows_the_worklist_counts_of_the_region(client):
    everything_in("140105")
    graduate()
    everything_in("140106")
    client.force_login(UserFactory(region="140105"))
    response = client.get(reverse("www:home"))
    counts = {item["name"]: item["count"] for item in response.context["worklists"]}
    assert counts == {
        "graduates_not_served": 2,
        "zero_employment_households": 1,
        "hard_to_employ_without_service": 1,
        "unemployed_without_contact": 1,
    }
    assert "待办工作" in response.text
    assert reverse("www:worklist", args=["graduates_not_served"]) in response.text


def test_city_home_counts_the_whole_city_and_a_county_page_its_county(client):
    everything_in("140105")
    everything_in("140106")
    client.force_login(UserFactory(region="1401"))
    city = {item["name"]: item["count"] for item in client.get(reverse("www:home")).context["worklists"]}
    county = client.get(reverse("www:region", args=["140106"])).context["worklists"]
    assert city["graduates_not_served"] == 2
    assert {item["name"]: item["count"] for item in county}["graduates_not_served"] == 1


# -------------------------------------------------------------------------------------------------------- audit log


def test_audit_log_is_for_administrators_only(client):
    client.force_login(UserFactory())
    assert client.get(reverse("www:audit_log")).status_code == 403
    client.force_login(UserFactory(roles=[Role.ANALYST]))
    assert client.get(reverse("www:audit_log")).status_code == 403


def test_audit_log_shows_the_administrators_county_masked(client):
    mine, theirs = resident(name="本县人员"), resident("140106", name="外县人员")
    for person in (mine, theirs):
        serve(person, ServiceKind.CAREER_GUIDANCE, ago(1))
    client.force_login(administrator("140105"))
    response = client.get(reverse("www:audit_log"))
    assert response.status_code == 200
    assert "本县人员" in response.text
    assert mine.ric_masked in response.text
    assert "外县人员" not in response.text
    assert all(event.region_code.startswith("140105") for event in response.context["page"])
    assert full_ric(mine) not in response.text


def test_audit_log_filters_by_person(client):
    first, second = resident(name="甲"), resident(name="乙")
    for person in (first, second):
        serve(person, ServiceKind.JOB_REFERRAL, ago(1))
    client.force_login(administrator())

    def people(**params) -> set:
        return {event.person for event in client.get(reverse("www:audit_log"), params).context["page"]}

    assert people(person=str(first.pk)) == {first}
    assert people(person=second.ric_masked) == {second}
    assert people(person=full_ric(second)) == {second}
    assert people(person="乙") == {second}
    assert people(username="nobody-like-this") == set()
    assert people(action="export") == set()


def test_audit_log_filter_by_username(client):
    writer = unmasker()
    person = resident()
    client.force_login(writer)
    client.post(reverse("www:person_ric", args=[person.pk]))
    client.force_login(administrator())
    page = client.get(reverse("www:audit_log"), {"username": writer.username}).context["page"]
    assert [event.action for event in page] == [AuditAction.UNMASK]


# ----------------------------------------------------------------------------------------------- every new view


@pytest.mark.parametrize(
    "url_of",
    [
        lambda theirs: reverse("www:person_list") + f"?q={full_ric(theirs['graduate'].person)}",  # an old link
        lambda theirs: reverse("www:person_list") + "?region=140106",
        lambda theirs: reverse("www:registers"),
        lambda theirs: reverse("www:register", args=["unplaced_graduate"]) + "?region=140106&exited=1",
        lambda theirs: reverse("www:register", args=["hard_to_employ"]) + "?region=14",
        lambda theirs: reverse("www:worklist", args=["graduates_not_served"]) + "?region=140106",
        lambda theirs: reverse("www:worklist", args=["zero_employment_households"]),
        lambda theirs: reverse("www:worklist", args=["hard_to_employ_without_service"]),
        lambda theirs: reverse("www:worklist", args=["unemployed_without_contact"]),
        lambda theirs: reverse("www:audit_log") + f"?person={theirs['graduate'].person_id}",
        lambda theirs: reverse("www:home"),
    ],
)
def test_county_user_never_sees_another_countys_records(client, url_of):
    theirs = everything_in("140106", "外县")
    client.force_login(administrator("140105"))
    response = client.get(url_of(theirs), follow=True)
    assert response.status_code == 200
    for name in ("外县毕业生", "外县户主", "外县困难人员", "外县失业人员"):
        assert name not in response.text
    if "worklists" in response.context:
        assert all(item["count"] == 0 for item in response.context["worklists"])


@pytest.mark.parametrize(
    "url_of",
    [
        lambda theirs: reverse("www:person_card", args=[theirs["graduate"].person_id]),
        lambda theirs: reverse("www:person_card", args=[theirs["household"].members.get().pk]),
    ],
)
def test_county_user_cannot_open_another_countys_card(client, url_of):
    theirs = everything_in("140106", "外县")
    client.force_login(unmasker("140105"))
    assert client.get(url_of(theirs)).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        ("www:register_export", "unplaced_graduate"),
        ("www:register_export", "hard_to_employ"),
        ("www:register_export", "unemployment_registration"),
        ("www:worklist_export", "graduates_not_served"),
        ("www:worklist_export", "zero_employment_households"),
        ("www:worklist_export", "hard_to_employ_without_service"),
        ("www:worklist_export", "unemployed_without_contact"),
    ],
)
def test_county_user_exports_nothing_of_another_county(client, url):
    everything_in("140106", "外县")
    client.force_login(unmasker("140105"))
    for query, data in (("", None), ("?region=140106", None), ("?unmasked=1", PURPOSE)):
        target = reverse(url[0], args=[url[1]]) + query
        response = client.post(target, data) if data else client.get(target)
        assert response.status_code == 200
        rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
        assert rows == []


# ---------------------------------------------------------------------------------------------------- query counts


@pytest.mark.parametrize(
    ("url_name", "args", "params"),
    [
        ("www:person_list", [], {}),
        ("www:registers", [], {}),
        ("www:register", ["unplaced_graduate"], {}),
        ("www:register", ["hard_to_employ"], {"exited": "1"}),
        *[("www:worklist", [name], {}) for name in WORKLIST_NAMES],
        ("www:audit_log", [], {}),
        ("www:home", [], {}),
    ],
)
def test_list_pages_run_a_fixed_number_of_queries(client, url_name, args, params):
    """An N+1 on a list page shows as a query count growing with the rows."""
    client.force_login(administrator("14"))

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url_name, args=args), params).status_code == 200
        return len(queries)

    def add(region: str) -> None:
        records = everything_in(region)
        serve_1131(records["graduate"].person, ago(3), referrals=1)

    add("140105")
    few = count_queries()
    for region in ("140106", "140212", "140105"):
        add(region)
    assert count_queries() == few


def test_person_card_page_runs_a_fixed_number_of_queries(client):
    household, person = zero_employment_household()
    enter(person, KeyGroup.UNPLACED_GRADUATE, ago(60))
    serve(person, ServiceKind.JOB_REFERRAL, ago(5))
    client.force_login(unmasker())

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("www:person_card", args=[person.pk])).status_code == 200
        return len(queries)

    few = count_queries()
    serve_1131(person, ago(3))
    enter(person, KeyGroup.HARD_TO_EMPLOY, ago(10))
    for _member in range(3):
        household_add_member(
            actor=SETUP, household=household, person=resident(), relationship=HouseholdRelationship.CHILD
        )
    assert count_queries() == few


def test_search_by_number_is_posted_so_it_stays_out_of_urls(client):
    person = PersonFactory(ric="140105199003070012", name="王晋生")
    client.force_login(UserFactory(region="140105"))
    page = client.get(reverse("www:person_list")).text
    assert 'hx-post="/people/"' in page
    response = client.post(reverse("www:person_list"), {"q": "140105199003070012"}, headers={"HX-Request": "true"})
    assert response.status_code == 303
    assert "140105199003070012" not in response.url
    rows = client.get(response.url, headers={"HX-Request": "true"})
    assert list(rows.context["page"].object_list) == [person]
    assert "<html" not in rows.text

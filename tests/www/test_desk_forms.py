"""The desk's forms on the person card: each saves through its service (with htmx the section comes back with the
message, and the sections the write changed out of band; without, the card with the message on top), and each
shows a refusal in Chinese on the field it concerns."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiuye.people.enums import EmploymentStatus, ServiceKind
from jiuye.people.models import Household, Person, RegisterEntry, Service
from jiuye.reference.enums import KeyGroup
from jiuye.reference.services import region_get_or_create
from jiuye.seekers.enums import SeekerStatus
from jiuye.www.people.forms import yuan_to_fen
from tests.accounts.factories import UserFactory
from tests.people.factories import PersonFactory, make_ric, resident
from tests.www.desk import HTMX, ago, records, today

pytestmark = pytest.mark.django_db

RIC = "140105199003070012"


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _errors(response) -> dict:
    """The form's errors as the page shows them, by field."""
    form = response.context.get("form") or response.context["spec"].form
    return dict(form.errors)


# ---------------------------------------------------------------------------------------------------- 新增人员


def _new(client, **values):
    data = {"ric": RIC, "name": "王晋生", "residence_region": "140105", "phone": "13900000001",
            "education_level": "bachelor", "household_region": "140106"} | values  # fmt: skip
    return client.post(reverse("www:person_new"), data)


def test_a_new_person_is_created_and_the_card_opens(client, officer):
    form = client.get(reverse("www:person_new")).content.decode()
    assert 'method="post"' in form
    assert '<option value="140105" selected>小店区</option>' in form  # the county office's own county
    response = _new(client)
    person = Person.objects.get()
    assert response.url == reverse("www:person_card", args=[person.pk])
    assert RIC not in response.url
    assert (person.name, person.phone, person.household_region_id, person.ric_masked) == (
        "王晋生", "13900000001", "140106", "140105********0012"
    )  # fmt: skip
    assert _messages(response) == ["已新增人员：王晋生。"]


def test_a_street_or_community_of_the_county_is_chosen_by_name(client, officer):
    region_get_or_create(code="140105001", name="坞城街道")
    region_get_or_create(code="140105001001", name="南内环社区")
    form = client.get(reverse("www:person_new")).content.decode()
    assert '<option value="140105001">坞城街道</option>' in form
    assert '<option value="140105001001">坞城街道 / 南内环社区</option>' in form
    assert 'value="140106"' not in form.split('name="residence_region"')[1].split("</select>")[0]
    _new(client, residence_region="140105001001")
    assert Person.objects.get().residence_region_id == "140105001001"
    client.force_login(UserFactory(region="1401"))  # a city office: no county preselected, each named in full
    form = client.get(reverse("www:person_new")).content.decode()
    assert '<option value="" selected>—</option>' in form
    assert '<option value="140105001001">小店区 / 坞城街道 / 南内环社区</option>' in form


def test_a_number_already_registered_here_leads_to_that_persons_card(client, officer):
    known = PersonFactory(ric=RIC, name="王晋生")
    response = _new(client, ric="140105 19900307 0012", name="别的名字")  # spaces, as typed
    assert response.url == reverse("www:person_card", args=[known.pk])
    assert _messages(response) == ["该人员已登记，这是其人员卡片。"]
    assert Person.objects.count() == 1
    known.refresh_from_db()
    assert known.name == "王晋生"  # opening the card changes nothing


def test_a_number_registered_in_another_region_is_refused_on_the_number(client, officer):
    PersonFactory(ric=RIC, residence_region_id="140106")
    response = _new(client)
    assert response.status_code == 200
    assert _errors(response) == {"ric": ["该人员已由其他地区登记管理，请联系其现居住地的经办机构。"]}
    assert RIC not in response.content.decode().replace(f'value="{RIC}"', "")


def test_a_wrong_number_is_refused_in_chinese_on_its_field(client, officer):
    response = _new(client, ric="140105199003070013")
    assert _errors(response) == {"ric": ["公民身份号码“140105199003070013”的校验位不正确"]}
    assert not Person.objects.exists()


# ---------------------------------------------------------------------------------------------------------- 修改


def test_the_edit_saves_and_the_identity_section_comes_back(client, officer):
    person = records().person
    url = reverse("www:person_edit", args=[person.pk])
    opened = client.get(url, **HTMX).content.decode()
    assert opened.startswith('<section class="card" id="identity"')
    assert f'hx-post="{url}"' in opened
    assert 'hx-disabled-elt="find button[type=submit]"' in opened  # no double submission
    data = {"name": "王晋升", "residence_region": "140105", "phone": "", "education_level": "master",
            "household_region": ""}  # fmt: skip
    response = client.post(url, data, **HTMX)
    text = response.content.decode()
    assert text.startswith('<section class="card" id="identity"')
    assert "人员信息已保存。" in text
    assert '<section class="card" id="household" hx-swap-oob="true">' in text
    person.refresh_from_db()
    assert (person.name, person.phone, person.education_level, person.household_region_id) == (
        "王晋升", "", "master", None
    )  # fmt: skip


def test_the_edit_without_javascript_goes_back_to_the_card(client, officer):
    person = records().person
    url = reverse("www:person_edit", args=[person.pk])
    page = client.get(url)
    assert "www/people/desk_page.html" in [template.name for template in page.templates]
    assert "hx-post" not in page.content.decode()
    data = {"name": "王晋生", "residence_region": "140105", "phone": "139-0000-0002"}
    response = client.post(url, data)
    assert response.url == reverse("www:person_card", args=[person.pk]) + "#identity"
    assert _messages(response) == ["人员信息已保存。"]


def test_of_two_caseworkers_editing_the_person_the_second_is_refused_and_the_first_change_stays(client, officer):
    person = records().person
    url = reverse("www:person_edit", args=[person.pk])
    colleague = Client()
    colleague.force_login(UserFactory(region="140105", first_name="李四", last_name=""))
    shown = f'<input type="hidden" name="version" value="{person.version}" id="id_version">'
    assert shown in client.get(url, **HTMX).content.decode()
    assert shown in colleague.get(url, **HTMX).content.decode()
    data = {"residence_region": "140105", "phone": "", "education_level": "", "household_region": "",
            "version": person.version}  # fmt: skip

    assert "人员信息已保存。" in colleague.post(url, data | {"name": "王晋升"}, **HTMX).content.decode()
    response = client.post(url, data | {"name": "王晋生"}, **HTMX)

    opened_at = person.version
    person.refresh_from_db()
    when = timezone.localtime(person.updated_at).strftime("%Y-%m-%d %H:%M")
    message = f"该记录已于{when}被李四修改（现为第{opened_at + 1}版），请刷新后重新编辑。"
    assert _errors(response) == {"__all__": [message]}
    assert message in response.content.decode()  # shown on the form
    assert (person.name, person.version) == ("王晋升", opened_at + 1)


def test_a_phone_with_letters_is_refused_on_its_field(client, officer):
    person = records().person
    response = client.post(
        reverse("www:person_edit", args=[person.pk]),
        {"name": "王晋生", "residence_region": "140105", "phone": "请打座机"},
        **HTMX,
    )
    assert _errors(response) == {"phone": ["联系电话只能填写数字、“-”或“+”。"]}
    assert 'id="identity"' in response.content.decode()


# ----------------------------------------------------------------------------------------------------- 就业状态


def test_a_status_change_updates_the_history_the_badge_and_the_timeline(client, officer):
    person = records().person
    url = reverse("www:person_status", args=[person.pk])
    assert 'value="employed" selected' in client.get(url, **HTMX).content.decode()  # the likely change
    response = client.post(url, {"status": "employed", "effective_on": ago(1).isoformat(), "note": "自主就业"}, **HTMX)
    text = response.content.decode()
    assert text.startswith('<section class="card" id="status-history"')
    assert "就业状态已变更为“就业”。" in text
    assert "自主就业" in text
    for section in ("identity", "household", "timeline"):
        assert f'id="{section}" hx-swap-oob="true"' in text
    assert 'class="badge status-employed"' in text
    person.refresh_from_db()
    assert (person.employment_status, person.employment_status_since) == (EmploymentStatus.EMPLOYED, ago(1))


def test_a_status_change_after_today_or_to_the_same_status_is_refused_on_its_field(client, officer):
    person = records().person
    url = reverse("www:person_status", args=[person.pk])
    tomorrow = client.post(url, {"status": "employed", "effective_on": ago(-1).isoformat()}, **HTMX)
    assert _errors(tomorrow) == {"effective_on": ["状态生效日期不能晚于今天。"]}
    same = client.post(url, {"status": "unemployed", "effective_on": today().isoformat()}, **HTMX)
    assert _errors(same) == {"status": ["该人员当前已是“失业”。"]}
    assert not person.status_changes.exists()


def test_the_date_input_carries_an_iso_value_and_today_as_its_limit(client, officer):
    person = records().person
    page = client.get(reverse("www:person_status", args=[person.pk])).content.decode()
    assert f'type="date" name="effective_on" value="{today().isoformat()}"' in page
    assert f'max="{today().isoformat()}"' in page


# ------------------------------------------------------------------------------------------------------- 服务


@pytest.mark.parametrize(
    ("typed", "fen"),
    [("1,234.50", 123450), ("1234.5", 123450), ("１２３４", 123400), ("¥80", 8000), ("0.01", 1), ("", None)],
)
def test_amounts_are_typed_in_yuan_and_kept_in_fen(typed, fen):
    assert yuan_to_fen(typed) == fen


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("-5", "金额应大于0元。"),
        ("0", "金额应大于0元。"),
        ("12.345", "金额最多精确到分（两位小数）。"),
        ("12,34", "金额“12,34”不是数字，请按元填写，如 1234.50。"),
        ("一千", "金额“一千”不是数字，请按元填写，如 1234.50。"),
        ("100000000", "金额过大，请核对（按元填写，不是分）。"),
    ],
)
def test_wrong_amounts_are_refused_in_chinese_on_the_amount(client, officer, typed, reason):
    person = records().person
    data = {"kind": "subsidy", "provided_on": today().isoformat(), "subsidy_kind": "social_insurance_subsidy",
            "amount_fen": typed}  # fmt: skip
    response = client.post(reverse("www:person_service_new", args=[person.pk]), data, **HTMX)
    assert _errors(response) == {"amount_fen": [reason]}
    assert not Service.objects.exists()


def test_a_subsidy_is_recorded_in_fen(client, officer):
    person = records().person
    data = {"kind": "subsidy", "provided_on": ago(2).isoformat(), "subsidy_kind": "social_insurance_subsidy",
            "amount_fen": "1,234.50", "description": "社保补贴一季度"}  # fmt: skip
    response = client.post(reverse("www:person_service_new", args=[person.pk]), data, **HTMX)
    text = response.content.decode()
    assert text.startswith('<section class="card" id="services"')
    assert "已记录服务：补贴发放。" in text
    assert "1234.50" in text
    service = Service.objects.get()
    assert (service.amount_fen, service.subsidy_kind, service.caseworker) == (
        123450, "social_insurance_subsidy", officer
    )  # fmt: skip


def test_a_subsidy_without_its_kind_and_employment_after_a_briefing_are_refused_on_their_fields(client, officer):
    person = records().person
    url = reverse("www:person_service_new", args=[person.pk])
    no_kind = client.post(url, {"kind": "subsidy", "provided_on": today().isoformat(), "amount_fen": "100"})
    assert _errors(no_kind) == {"amount_fen": ["补贴发放须填写补贴类型和大于0的金额。"]}
    briefing = {"kind": "policy_briefing", "provided_on": today().isoformat(), "resulted_in_employment": "on"}
    assert _errors(client.post(url, briefing)) == {
        "resulted_in_employment": ["“政策宣讲”本身不会带来就业，不能登记为实现就业。"]
    }
    assert not Service.objects.exists()


@pytest.mark.parametrize("kind", ServiceKind.values)
def test_each_of_the_nine_services_is_recorded(client, officer, kind):
    person = records().person
    data = {"kind": kind, "provided_on": today().isoformat()}
    if kind == ServiceKind.SUBSIDY:
        data |= {"subsidy_kind": "hiring_subsidy", "amount_fen": "1000"}
    response = client.post(reverse("www:person_service_new", args=[person.pk]), data)
    assert response.url == reverse("www:person_card", args=[person.pk]) + "#services"
    assert Service.objects.get().kind == kind


def test_a_referral_that_led_to_a_job_makes_the_person_employed(client, officer):
    person = records().person
    data = {"kind": "public_welfare_job", "provided_on": ago(3).isoformat(), "resulted_in_employment": "on"}
    text = client.post(reverse("www:person_service_new", args=[person.pk]), data, **HTMX).content.decode()
    assert 'id="status-history" hx-swap-oob="true"' in text
    assert "经公益性岗位安置实现就业" in text
    person.refresh_from_db()
    assert person.employment_status == EmploymentStatus.EMPLOYED


# ------------------------------------------------------------------------------------------------------- 台账


def test_a_graduate_needs_a_graduation_date_on_its_field(client, officer):
    person = records().person
    url = reverse("www:person_register_new", args=[person.pk])
    data = {"group": "unplaced_graduate", "entered_on": today().isoformat(), "school": "山西大学"}
    response = client.post(url, data, **HTMX)
    assert _errors(response) == {"graduation_date": ["离校未就业高校毕业生须填写毕业时间。"]}
    response = client.post(url, data | {"graduation_date": "2026-06-30", "major": "软件工程"}, **HTMX)
    assert "已登记：离校未就业高校毕业生。" in response.content.decode()
    entry = RegisterEntry.objects.get(person=person, group=KeyGroup.UNPLACED_GRADUATE)
    assert (entry.school, entry.major, entry.organisation) == ("山西大学", "软件工程", officer.org_unit)


def test_details_of_another_group_are_not_kept_and_a_category_is_required(client, officer):
    person = records().person
    url = reverse("www:person_register_new", args=[person.pk])
    hard = {"group": "hard_to_employ", "entered_on": today().isoformat(), "school": "山西大学"}
    assert _errors(client.post(url, hard)) == {"hard_to_employ_category": ["就业困难人员须填写困难类别。"]}
    client.post(url, hard | {"hard_to_employ_category": "long_term_unemployed", "disability": "肢体二级"})
    entry = RegisterEntry.objects.get(person=person, group=KeyGroup.HARD_TO_EMPLOY)
    assert (entry.school, entry.hard_to_employ_category, entry.disability) == ("", "long_term_unemployed", "肢体二级")


def test_closing_an_entry_asks_to_confirm_and_checks_its_date(client, officer):
    data = records()
    url = reverse("www:person_register_exit", args=[data.person.pk, data.entry.pk])
    asked = client.get(url, **HTMX).content.decode()
    assert "确定将王晋生退出“登记失业人员”台账吗？" in asked
    assert "确认退出" in asked
    early = client.post(url, {"exited_on": ago(200).isoformat(), "reason": "employed"}, **HTMX)
    assert _errors(early) == {"exited_on": ["退出日期不能早于登记日期。"]}
    done = client.post(url, {"exited_on": ago(1).isoformat(), "reason": "employed"}, **HTMX).content.decode()
    assert "已退出登记失业人员台账。" in done
    assert 'id="timeline" hx-swap-oob="true"' in done
    data.entry.refresh_from_db()
    assert (data.entry.exited_on, data.entry.exit_reason) == (ago(1), "employed")
    assert client.get(url).status_code == 404  # closed: nothing left to close


# ------------------------------------------------------------------------------------------------------- 家庭


def test_a_household_is_created_for_the_person_and_its_zero_employment_shown(client, officer):
    person = resident(unemployed=True, name="赵大")
    url = reverse("www:person_household_new", args=[person.pk])
    assert _errors(client.post(url, {"head_name": "", "region": "140105", "relationship": "head"}, **HTMX)) == {
        "head_name": ["这个字段是必填项。"]
    }
    data = {"head_name": "赵大", "address": "坞城路1号", "region": "140105", "relationship": "head",
            "able_to_work": "on"}  # fmt: skip
    text = client.post(url, data, **HTMX).content.decode()
    assert text.startswith('<section class="card" id="household"')
    assert "已建立家庭：赵大户。" in text
    assert 'data-testid="zero-employment"' in text
    person.refresh_from_db()
    assert (person.household.address, person.household_relationship) == ("坞城路1号", "head")


def test_a_member_is_found_by_name_or_number_within_the_region_then_added(client, officer):
    data = records()
    spouse = resident(unemployed=True, name="钱二")
    resident("140106", name="钱二外县")
    url = reverse("www:person_household_member", args=[data.person.pk])
    nobody = client.post(url, {"who": "孙三", "relationship": "spouse", "step": "find"}, **HTMX)
    assert _errors(nobody) == {"who": ["本辖区内没有找到“孙三”，或其已在本家庭中。"]}
    found = client.post(url, {"who": "钱二", "relationship": "spouse", "step": "find"}, **HTMX)
    text = found.content.decode()
    assert f'value="{spouse.pk}"' in text
    assert "钱二外县" not in text
    assert spouse.ric_masked in text
    assert not Person.objects.filter(pk=spouse.pk, household__isnull=False).exists()  # found, not yet added
    by_number = client.post(url, {"who": make_ric(born=spouse.birth_date), "relationship": "spouse", "step": "find"})
    assert by_number.context["spec"].form["member"].value() == str(spouse.pk)  # the one found is chosen
    added = client.post(
        url, {"who": "钱二", "member": spouse.pk, "relationship": "spouse", "able_to_work": "on"}, **HTMX
    )
    assert "钱二已加入王晋生户。" in added.content.decode()
    spouse.refresh_from_db()
    assert (spouse.household, spouse.household_relationship) == (data.person.household, "spouse")
    assert Household.objects.get().zero_employment_episodes.filter(cleared_on__isnull=True).exists()


def test_a_search_finding_many_offers_the_first_ten_and_says_so(client, officer):
    data = records()
    for number in range(12):
        resident(name=f"孙{number:02d}")
    response = client.post(
        reverse("www:person_household_member", args=[data.person.pk]),
        {"who": "孙", "relationship": "child", "step": "find"},
    )
    member = response.context["spec"].form.fields["member"]
    assert len(member.choices) == 10
    assert member.help_text == "只列出前10人；没有要找的人时，请输入完整姓名或公民身份号码。"


# --------------------------------------------------------------------------------------------------- 求职登记


def test_the_card_says_why_a_person_cannot_register_instead_of_offering_the_form(client, officer):
    seventy = today().replace(year=today().year - 70, day=min(today().day, 28))
    retired = PersonFactory(ric=make_ric(born=seventy), name="老李", unemployed=True)
    card = client.get(reverse("www:person_card", args=[retired.pk])).content.decode()
    assert "不能办理求职登记：老李现年70岁，不在法定劳动年龄内（16至54岁）" in card
    assert reverse("www:seeker_new", args=[retired.pk]) not in card
    page = client.get(reverse("www:seeker_new", args=[retired.pk])).content.decode()
    assert 'id="seeker-form"' not in page
    assert "不在法定劳动年龄内" in page


def test_the_registration_needs_a_place_or_a_distance_on_its_field(client, officer):
    person = resident(unemployed=True)
    data = {"registered_on": today().isoformat(), "experience_years": 0, "desired_occupations": ["6-18-02-04"]}
    response = client.post(reverse("www:seeker_new", args=[person.pk]), data)
    assert _errors(response) == {"accepted_regions": ["请填写意向工作地，或可接受的通勤距离"]}
    assert '<input type="checkbox" name="accepted_regions" value="140105"' in response.content.decode()


def test_withdrawing_a_registration_asks_to_confirm(client, officer):
    registration = records().registration
    url = reverse("www:seeker_withdraw", args=[registration.pk])
    asked = client.get(url, **HTMX).content.decode()
    assert asked.startswith('<section class="card" id="seeker"')
    assert "确定撤销王晋生于" in asked
    registration.refresh_from_db()
    assert registration.status == SeekerStatus.ACTIVE  # asking changed nothing
    done = client.post(url, {"reason": "已自行找到工作"}, **HTMX).content.decode()
    assert "求职登记已撤销。" in done
    registration.refresh_from_db()
    assert registration.status == SeekerStatus.WITHDRAWN


def test_a_placed_registration_cannot_be_withdrawn(client, officer):
    registration = records().registration
    registration.status = SeekerStatus.PLACED
    registration.save()
    response = client.post(reverse("www:seeker_withdraw", args=[registration.pk]), {}, **HTMX)
    assert _errors(response) == {"__all__": ["求职登记已就业，不能撤销。"]}

"""The matching pages: "推荐岗位" of a seeker with its reasons and the referral button, "推荐人选" of a vacancy with
key groups first; every page a 404 outside the user's region, and no seeker of another region among the candidates."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from jiuye.accounts.enums import Role
from jiuye.people.enums import ServiceKind
from jiuye.people.models import Service
from jiuye.reference.enums import KeyGroup
from jiuye.seekers.enums import SeekerStatus
from jiuye.seekers.models import Referral, SeekerRegistration
from tests.accounts.factories import UserFactory
from tests.employers.factories import VacancyFactory, reporter_of
from tests.matching.records import days, job, seeker
from tests.people.factories import enter

pytestmark = pytest.mark.django_db


def test_seeker_page_lists_vacancies_with_reasons_and_contribution_bars(client, officer):
    registration, welding, caster = seeker(), job(), job(title="铸造工", occupation_id="6-18-02-01", skills="浇注")
    page = client.get(reverse("www:matching_registration", args=[registration.pk])).content.decode()

    assert page.index(reverse("www:vacancy_detail", args=[welding.pk])) < page.index(
        reverse("www:vacancy_detail", args=[caster.pk])
    )
    assert "为什么推荐" in page
    assert "同一职业（细类）：焊工" in page
    assert "同一县（市、区）" in page
    assert 'max="0.1200" value="0.1200"' in page  # the occupation bar: full weight
    assert "推荐给求职者" in page


def test_referring_from_a_recommendation_creates_a_service_and_a_referral(client, officer):
    registration, welding = seeker(), job()
    response = client.post(reverse("www:matching_refer", args=[registration.pk]), {"vacancy": welding.pk})

    assert response.status_code == 302
    referral = Referral.objects.get(person=registration.person, vacancy=welding)
    assert referral.registration == registration
    assert referral.referred_by == officer
    assert referral.score > 0.5
    parts = {row["part"]: row for row in referral.explanation}
    assert parts["occupation"]["reason"] == "同一职业（细类）：焊工"
    assert referral.score == pytest.approx(sum(row["contribution"] for row in referral.explanation), abs=1e-3)
    service = Service.objects.get(pk=referral.service_id)
    assert (service.kind, service.person_id) == (ServiceKind.JOB_REFERRAL, registration.person_id)
    page = client.get(reverse("www:matching_registration", args=[registration.pk])).content.decode()
    assert "已推荐" in page


def test_referring_to_a_vacancy_outside_the_seekers_places_is_refused(client, officer):
    registration, far = seeker(), job(region_id="140802")  # Yuncheng, far beyond the seeker's county
    response = client.post(reverse("www:matching_refer", args=[registration.pk]), {"vacancy": far.pk}, follow=True)
    assert "不在此求职者的推荐范围内" in response.content.decode()
    assert not Referral.objects.exists()


def test_analyst_sees_recommendations_but_cannot_refer(client):
    registration, welding = seeker(), job()
    client.force_login(UserFactory(region="1401", roles=[Role.ANALYST]))
    page = client.get(reverse("www:matching_registration", args=[registration.pk])).content.decode()
    assert welding.title in page
    assert "推荐给求职者" not in page
    assert (
        client.post(reverse("www:matching_refer", args=[registration.pk]), {"vacancy": welding.pk}).status_code == 403
    )


def test_vacancy_page_lists_candidates_key_groups_first_and_masked(client, officer):
    welding, _plain, graduate = job(), seeker(name="王五"), seeker(name="李四")
    enter(graduate.person, KeyGroup.UNPLACED_GRADUATE, days(-30))
    page = client.get(reverse("www:matching_vacancy", args=[welding.pk])).content.decode()

    assert page.index("李四") < page.index("王五")
    assert '<span class="badge warning key-group">离校未就业高校毕业生</span>' in page
    assert "重点群体：离校未就业高校毕业生" in page
    assert "139****5678" in page
    assert "13912345678" not in page


def test_candidates_offer_the_audited_reveal_only_with_the_permission(client, officer):
    welding, person = job(), seeker(name="王五").person
    reveal = f'hx-post="{reverse("www:person_ric", args=[person.pk])}"'
    assert reveal not in client.get(reverse("www:matching_vacancy", args=[welding.pk])).content.decode()
    officer.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    assert reveal in client.get(reverse("www:matching_vacancy", args=[welding.pk])).content.decode()


def test_pages_are_404_outside_the_region(client, officer):
    theirs, their_job = seeker("140106"), job(region_id="140106")
    assert client.get(reverse("www:matching_registration", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("www:matching_vacancy", args=[their_job.pk])).status_code == 404
    assert client.post(reverse("www:matching_refer", args=[theirs.pk]), {"vacancy": their_job.pk}).status_code == 404


def test_candidates_never_show_a_seeker_of_another_region(client, officer):
    welding, mine = job(), seeker(name="本区人员")
    other = seeker("140106", name="迎泽人员")
    other.accepted_regions.set(["140105", "140106"])  # would take the Xiaodian job
    page = client.get(reverse("www:matching_vacancy", args=[welding.pk])).content.decode()
    assert "本区人员" in page
    assert "迎泽人员" not in page
    assert mine.person.ric_masked in page


def test_an_employer_account_gets_no_candidates(client):
    welding = job()
    seeker()
    client.force_login(reporter_of(welding.employer))
    response = client.get(reverse("www:matching_vacancy", args=[welding.pk]))
    assert response.url == reverse("www:monitoring_mine")  # an officers' page: the account goes to its portal


def test_seeker_page_query_count_does_not_grow_with_the_list(client, officer, django_assert_max_num_queries):
    registration = seeker()
    for n in range(12):
        job(title=f"电焊工{n}")
    client.get(reverse("www:matching_registration", args=[registration.pk]))  # builds the cached table
    with django_assert_max_num_queries(16):
        response = client.get(reverse("www:matching_registration", args=[registration.pk]))
    assert response.content.decode().count('class="match"') == 10


def test_vacancy_page_query_count_does_not_grow_with_the_list(client, officer, django_assert_max_num_queries):
    welding = job()
    for n in range(25):
        seeker(name=f"求职者{n}")
    client.get(reverse("www:matching_vacancy", args=[welding.pk]))  # builds the cached table
    with django_assert_max_num_queries(14):
        response = client.get(reverse("www:matching_vacancy", args=[welding.pk]))
    assert response.content.decode().count('class="match"') == 20


def test_the_person_card_and_the_vacancy_page_lead_to_the_recommendations(client, officer):
    registration, vacancy = seeker(), job()

    card = client.get(reverse("www:person_card", args=[registration.person_id])).content.decode()
    detail = client.get(reverse("www:vacancy_detail", args=[vacancy.pk])).content.decode()

    assert reverse("www:matching_registration", args=[registration.pk]) in card
    assert reverse("www:matching_vacancy", args=[vacancy.pk]) in detail


def test_an_employer_account_is_not_led_to_the_candidates(client):
    vacancy = job()
    client.force_login(reporter_of(vacancy.employer))

    detail = client.get(reverse("www:vacancy_detail", args=[vacancy.pk])).content.decode()

    assert vacancy.title in detail
    assert reverse("www:matching_vacancy", args=[vacancy.pk]) not in detail


# Why a list is empty, in numbers, and what the header shows.
def accountant(**kwargs):
    """An open vacancy sharing no occupation group, title gram or skill with the welder seeker."""
    return job(title="会计", occupation_id="2-06-03-00", skills="记账、报税", **kwargs)


def why_empty(page) -> str:
    text = page.content.decode()
    assert 'class="match"' not in text
    return page.context["why_empty"]


def test_the_seeker_header_names_the_chosen_occupations_titles_skills_and_places(client, officer):
    registration = seeker(accepts=["140105", "140106"])
    registration.desired_occupations.set(["6-18-02-04", "6-18-02-01"])
    registration.desired_titles, registration.commute_km = "电焊工、焊工", None
    registration.save()

    page = client.get(reverse("www:matching_registration", args=[registration.pk]))
    wishes = page.context["wishes"]

    assert wishes.occupations == ["焊工", "铸造工"]  # names, in the order chosen (the engine matches the first)
    header = page.content.decode().split('id="wishes"')[1].split("</dl>")[0]
    assert "焊工、铸造工" in header
    assert "6-18-02" not in header
    assert "电焊工、焊工" in header
    assert "电焊、识图" in header
    assert "小店区、迎泽区" in header
    assert "5500 元" in header


def test_a_seeker_without_places_is_matched_within_the_commute_radius(client, officer):
    registration = seeker(accepts=[])
    accountant()
    page = client.get(reverse("www:matching_registration", args=[registration.pk]))
    assert "不限，居住地50公里内" in page.content.decode()
    assert why_empty(page) == (
        "有 1 个有效岗位在居住地50公里的通勤范围内，但职业、岗位名称和技能都不相关。"
        "其中 1 个的最高月工资达到期望的 5500 元。"
    )


def test_a_seeker_with_vacancies_in_reach_but_unrelated_is_told_so_in_numbers(client, officer):
    registration = seeker()
    for wage in (5000, 6000, 9000):
        accountant(wage_min=4000, wage_max=wage)
    job(region_id="140802")  # a welder's job, but far away: out of reach, not counted as in reach

    page = client.get(reverse("www:matching_registration", args=[registration.pk]))

    assert why_empty(page) == (
        "有 3 个有效岗位在意向工作地（小店区），但职业、岗位名称和技能都不相关。"
        "其中 2 个的最高月工资达到期望的 5500 元。"
    )


def test_a_seeker_with_no_open_vacancy_in_the_places_accepted(client, officer):
    registration = seeker()
    job(region_id="140802")
    VacancyFactory(region_id="140105", valid_from=days(-30), valid_until=days(-1))  # expired: not counted at all
    page = client.get(reverse("www:matching_registration", args=[registration.pk]))
    assert why_empty(page) == "今日共有 1 个有效岗位，但没有一个在意向工作地（小店区）。"


def test_a_seeker_when_no_vacancy_is_open_today(client, officer):
    registration = seeker()
    job(status="closed")
    page = client.get(reverse("www:matching_registration", args=[registration.pk]))
    assert why_empty(page) == "今日没有有效的岗位。"


def test_an_expired_or_ended_registration_gets_its_own_reason(client, officer):
    expired, withdrawn = seeker(), seeker(name="李四")
    job()
    SeekerRegistration.objects.filter(pk=expired.pk).update(expires_on=days(-3))
    SeekerRegistration.objects.filter(pk=withdrawn.pk).update(status=SeekerStatus.WITHDRAWN)

    page = client.get(reverse("www:matching_registration", args=[expired.pk]))
    assert why_empty(page) == f"该求职登记已于{days(-3).isoformat()}过期，续期后才推荐岗位。"
    page = client.get(reverse("www:matching_registration", args=[withdrawn.pk]))
    assert why_empty(page) == "该求职登记为“已撤销”，不再推荐岗位。"


def test_the_vacancy_header_names_its_occupation(client, officer):
    welding = job()
    page = client.get(reverse("www:matching_vacancy", args=[welding.pk])).content.decode()
    terms = page.split('id="terms"')[1].split("</dl>")[0]
    assert "<dd>焊工</dd>" in terms
    assert "电焊、气割、识图" in terms
    assert "5000–7000 元" in terms


def test_a_vacancy_with_seekers_in_reach_but_unrelated_is_told_so_in_numbers(client, officer):
    vacancy = accountant(wage_max=5000)
    seeker(), seeker(name="李四"), seeker(name="王五", accepts=["140106"])
    cheap = seeker(name="赵六")
    cheap.expected_wage = 4500
    cheap.save()

    page = client.get(reverse("www:matching_vacancy", args=[vacancy.pk]))

    assert why_empty(page) == (
        "您辖区内有 4 个有效求职者，其中 3 个可到小店区工作，但职业、岗位名称和技能都不相关。"
        "其中 1 个的期望月工资不高于本岗位的最高 5000 元（或未填期望工资）。"
    )


def test_a_vacancy_no_seeker_may_reach(client, officer):
    vacancy = job()
    seeker(accepts=["140106"])
    page = client.get(reverse("www:matching_vacancy", args=[vacancy.pk]))
    assert why_empty(page) == "您辖区内有 1 个有效求职者，但小店区不在其中任何人的意向工作地或通勤范围内。"


def test_a_vacancy_when_the_region_has_no_active_seeker(client, officer):
    vacancy = job()
    seeker("140106")  # another county's seeker is not counted
    page = client.get(reverse("www:matching_vacancy", args=[vacancy.pk]))
    assert why_empty(page) == "您辖区内今日没有有效的求职登记。"


@pytest.mark.parametrize(
    ("terms", "reason"),
    [
        ({"status": "filled"}, "该岗位“已招满”，不推荐人选。"),
        ({"valid_until": days(-2)}, f"该岗位的有效期已于{days(-2).isoformat()}结束，不推荐人选。"),
        ({"valid_from": days(3)}, f"该岗位{days(3).isoformat()}起才开始招聘，届时再推荐人选。"),
    ],
)
def test_a_vacancy_not_open_today_says_why(client, officer, terms, reason):
    seeker()
    vacancy = VacancyFactory(**{"valid_from": days(-5), "valid_until": days(60), **terms})
    page = client.get(reverse("www:matching_vacancy", args=[vacancy.pk]))
    assert why_empty(page) == reason

"""Supply-and-demand pages: vacancies, employers, job-seeker registration and referral answers. Every page keeps
to the user's region (404 for a record outside it, absent from lists); an employer's account sees its own employers'
vacancies only, and the people referred to them by name and masked phone."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jiuye.employers.enums import VacancyStatus
from jiuye.employers.models import Vacancy
from jiuye.people.enums import EmploymentStatus
from jiuye.seekers.enums import SeekerStatus
from jiuye.seekers.models import SeekerRegistration
from jiuye.seekers.services import referral_create
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerContactFactory, EmployerFactory, VacancyFactory, reporter_of
from tests.people.factories import resident
from tests.seekers.factories import SeekerRegistrationFactory

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def open_vacancy(**kwargs) -> Vacancy:
    return VacancyFactory(valid_from=days(-30), valid_until=days(30), **kwargs)


def referred(vacancy: Vacancy, region: str = "140105", phone: str = "13912345678"):
    person = resident(region, unemployed=True, phone=phone)
    registration = SeekerRegistrationFactory(person=person, registered_on=days(-10), expires_on=days(170))
    officer = UserFactory(region=region)
    return referral_create(
        actor=officer, person=person, vacancy=vacancy, referred_on=days(-2), registration=registration
    )


def test_vacancy_list_keeps_to_the_region_and_searches(client, officer):
    mine = open_vacancy(title="电焊工")
    driver = open_vacancy(title="叉车司机", occupation_id="4-02-02-06")
    theirs = open_vacancy(title="电焊工", region_id="140106")
    page = client.get(reverse("www:vacancy_list")).content.decode()
    assert reverse("www:vacancy_detail", args=[mine.pk]) in page
    assert reverse("www:vacancy_detail", args=[driver.pk]) in page
    assert reverse("www:vacancy_detail", args=[theirs.pk]) not in page
    rows = client.get(reverse("www:vacancy_list"), {"q": "叉车"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in rows
    assert reverse("www:vacancy_detail", args=[driver.pk]) in rows
    assert reverse("www:vacancy_detail", args=[mine.pk]) not in rows
    by_employer = client.get(reverse("www:vacancy_list"), {"q": mine.employer.name}).content.decode()
    assert reverse("www:vacancy_detail", args=[mine.pk]) in by_employer
    assert reverse("www:vacancy_detail", args=[driver.pk]) not in by_employer


def test_vacancy_list_filters_status_and_runs_a_fixed_number_of_queries(client, officer):
    closed = open_vacancy(status=VacancyStatus.CLOSED)
    page = client.get(reverse("www:vacancy_list"), {"status": "closed"}).content.decode()
    assert reverse("www:vacancy_detail", args=[closed.pk]) in page
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("www:vacancy_list"))
    for _ in range(10):
        referred(open_vacancy())
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("www:vacancy_list"))
    assert response.context["page"].paginator.count == 11
    assert len(many) == len(few)


def test_vacancy_detail_shows_only_the_referrals_of_the_users_region(client, officer):
    vacancy = open_vacancy(headcount=3)
    local, outsider = referred(vacancy), referred(vacancy, region="140106", phone="13700001111")
    page = client.get(reverse("www:vacancy_detail", args=[vacancy.pk])).content.decode()
    assert local.person.name in page
    assert "13912345678" in page  # an officer of the person's region sees the phone
    assert outsider.person.name not in page
    # Another county's vacancy is a job advert (docs/access-policy.md, 2): it opens, without its employer's page,
    # its candidates or its changes, which stay with its county.
    other_county = open_vacancy(region_id="140106")
    advert = client.get(reverse("www:vacancy_detail", args=[other_county.pk])).content.decode()
    assert other_county.employer.name in advert
    for hidden in ("www:employer_detail", "www:matching_vacancy", "www:vacancy_edit"):
        pk = other_county.employer_id if hidden == "www:employer_detail" else other_county.pk
        assert reverse(hidden, args=[pk]) not in advert
        assert client.get(reverse(hidden, args=[pk])).status_code == 404


def test_the_employers_account_sees_its_vacancies_and_masked_phones_only(client):
    vacancy = open_vacancy()
    referral = referred(vacancy)
    other = open_vacancy()
    clerk = reporter_of(vacancy.employer)
    client.force_login(clerk)
    page = client.get(reverse("www:vacancy_detail", args=[vacancy.pk])).content.decode()
    assert referral.person.name in page
    assert "139****5678" in page
    assert "13912345678" not in page
    assert reverse("www:person_card", args=[referral.person_id]) not in page
    listing = client.get(reverse("www:vacancy_list")).content.decode()
    assert reverse("www:vacancy_detail", args=[other.pk]) not in listing  # same county, another employer
    for name in ("www:vacancy_detail", "www:vacancy_edit"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    assert client.post(reverse("www:vacancy_close", args=[other.pk])).status_code == 404
    assert client.get(reverse("www:employer_detail", args=[other.employer_id])).status_code == 404
    assert client.get(reverse("www:vacancy_new", args=[other.employer_id])).status_code == 404
    other.refresh_from_db()
    assert other.status == VacancyStatus.OPEN


def test_employer_page_masks_contacts_and_keeps_to_the_region(client, officer):
    employer = EmployerFactory(address="小店区长治路1号")
    EmployerContactFactory(employer=employer, name="王经理", phone="13812345678")
    clerk = reporter_of(employer)
    vacancy = open_vacancy(employer=employer)
    page = client.get(reverse("www:employer_detail", args=[employer.pk])).content.decode()
    assert "王经理" in page
    assert "138****5678" in page
    assert "13812345678" not in page
    assert clerk.username in page
    assert reverse("www:vacancy_detail", args=[vacancy.pk]) in page
    elsewhere = EmployerFactory(region_id="140106")
    assert client.get(reverse("www:employer_detail", args=[elsewhere.pk])).status_code == 404


def vacancy_form(**overrides) -> dict:
    return {
        "occupation": "6-18-02-04 电焊工", "title": "电焊工", "region": "140105", "headcount": 2, "wage_min": 5000,
        "wage_max": 7000, "education": "", "experience_years": 0, "contract_kind": "full_time",
        "valid_from": days(0).isoformat(), "valid_until": days(60).isoformat(), **overrides,
    }  # fmt: skip


def test_vacancy_form_creates_edits_and_shows_service_errors(client, officer):
    employer = EmployerFactory()
    url = reverse("www:vacancy_new", args=[employer.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, vacancy_form(wage_min=8000))
    assert "月工资上限（7000元）不能低于下限（8000元）" in response.content.decode()
    response = client.post(url, vacancy_form())
    vacancy = Vacancy.objects.get()
    assert response.url == reverse("www:vacancy_detail", args=[vacancy.pk])
    assert (vacancy.occupation_id, vacancy.channel, vacancy.created_by) == ("6-18-02-04", "caseworker", officer)
    client.post(reverse("www:vacancy_edit", args=[vacancy.pk]), vacancy_form(occupation="4-02-02-06", wage_max=7500))
    vacancy.refresh_from_db()
    assert (vacancy.occupation_id, vacancy.occupation.code, vacancy.wage_max) == ("4-02-02-06", "4-02-02-06", 7500)
    client.post(reverse("www:vacancy_close", args=[vacancy.pk]), {"reason": "已招到"})
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.CLOSED
    elsewhere = EmployerFactory(region_id="140106")
    assert client.get(reverse("www:vacancy_new", args=[elsewhere.pk])).status_code == 404


def test_person_card_has_the_seeker_section_and_the_registration_form(client, officer):
    person = resident(unemployed=True)
    card = client.get(reverse("www:person_card", args=[person.pk])).content.decode()
    assert 'id="seeker"' in card
    assert reverse("www:seeker_new", args=[person.pk]) in card
    response = client.post(
        reverse("www:seeker_new", args=[person.pk]),
        {"registered_on": days(0).isoformat(), "accepted_regions": ["140105", "140106"],
         "desired_occupations": "6-18-02-04", "experience_years": 1, "expected_wage": 4800},
    )  # fmt: skip
    assert response.url == reverse("www:person_card", args=[person.pk]) + "#seeker"
    registration = SeekerRegistration.objects.get(person=person)
    assert sorted(registration.accepted_regions.values_list("code", flat=True)) == ["140105", "140106"]
    card = client.get(reverse("www:person_card", args=[person.pk])).content.decode()
    assert "求职中" in card
    assert "焊工" in card
    client.post(reverse("www:seeker_withdraw", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.status == SeekerStatus.WITHDRAWN


def test_seeker_pages_of_another_regions_person_are_404(client, officer):
    person = resident("140106")
    registration = SeekerRegistrationFactory(person=person, registered_on=days(-170), expires_on=days(10))
    assert client.get(reverse("www:seeker_new", args=[person.pk])).status_code == 404
    assert client.post(reverse("www:seeker_renew", args=[registration.pk])).status_code == 404
    assert client.post(reverse("www:seeker_withdraw", args=[registration.pk])).status_code == 404
    registration.refresh_from_db()
    assert (registration.status, registration.renewed_on) == ("active", None)


def test_referral_outcome_page_records_a_hire(client):
    vacancy = open_vacancy(headcount=1)
    referral = referred(vacancy)
    clerk = reporter_of(vacancy.employer)
    client.force_login(clerk)
    url = reverse("www:referral_outcome", args=[referral.pk])
    page = client.get(url).content.decode()
    assert "139****5678" in page
    assert "13912345678" not in page
    assert referral.person.ric_masked not in page
    response = client.post(url, {"outcome": "hired", "on": days(0).isoformat(), "note": "下周一到岗"})
    assert response.url == url
    referral.person.refresh_from_db()
    vacancy.refresh_from_db()
    assert (referral.person.employment_status, vacancy.status) == (EmploymentStatus.EMPLOYED, VacancyStatus.FILLED)
    response = client.post(url, {"outcome": "refused", "on": days(0).isoformat(), "refusal_reason": "skills"})
    assert "职业介绍当前为“已录用”，不能登记为“未录用”。" in response.content.decode()


def test_referral_outcome_page_is_404_for_other_regions_and_other_employers(client):
    referral = referred(open_vacancy())
    for user in (UserFactory(region="140106"), reporter_of(EmployerFactory())):
        client.force_login(user)
        assert client.get(reverse("www:referral_outcome", args=[referral.pk])).status_code == 404
        response = client.post(reverse("www:referral_outcome", args=[referral.pk]), {"outcome": "hired"})
        assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.outcome == "pending"


def test_navigation_enables_supply_and_demand(client, officer):
    page = client.get(reverse("www:vacancy_list")).content.decode()
    assert f'href="{reverse("www:vacancy_list")}" class="active"' in page

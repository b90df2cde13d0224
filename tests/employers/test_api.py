"""The vacancy, job-seeker and referral-answer endpoints: scoped by the caller's region (404 for a record outside
it, absent from lists), an employer's account limited to its own employers, personal data masked."""

import datetime

import pytest
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.accounts.services import api_token_create
from jiuye.employers.enums import VacancyStatus
from jiuye.employers.models import Vacancy
from jiuye.people.enums import EmploymentStatus
from jiuye.seekers.models import SeekerRegistration
from jiuye.seekers.services import referral_create
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory, VacancyFactory, reporter_of
from tests.people.factories import resident
from tests.seekers.factories import SeekerRegistrationFactory

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def open_vacancy(**kwargs) -> Vacancy:
    return VacancyFactory(valid_from=days(-30), valid_until=days(30), **kwargs)


def as_user(client, user):
    client.force_login(user)
    return user


def vacancy_payload(employer, **overrides) -> dict:
    return {
        "employer": employer.uscc, "occupation": "6-18-02-04", "title": "电焊工", "region": "140105",
        "wage_min": 5000, "wage_max": 7000, "valid_from": days(0).isoformat(), "valid_until": days(60).isoformat(),
        "headcount": 2, "skills": "电焊", **overrides,
    }  # fmt: skip


def test_vacancy_list_keeps_to_the_region_and_the_advert_opens_everywhere(client):
    mine, theirs = open_vacancy(), open_vacancy(region_id="140106")
    as_user(client, UserFactory())
    items = client.get("/api/vacancies").json()["items"]
    assert [(row["id"], row["employer_uscc"], row["occupation"]) for row in items] == [
        (mine.pk, mine.employer.uscc, "6-18-02-04")
    ]
    assert client.get(f"/api/vacancies/{mine.pk}").json()["wage_max"] == 7000
    assert client.get("/api/vacancies", {"region": "140106"}).json()["items"] == []
    # A vacancy is a job advert: another county's opens read-only (docs/access-policy.md, 2), never changes.
    assert client.get(f"/api/vacancies/{theirs.pk}").json()["employer_name"] == theirs.employer.name
    patch = client.patch(f"/api/vacancies/{theirs.pk}", {"headcount": 9}, content_type="application/json")
    assert patch.status_code == 404


def test_bearer_token_and_no_authentication():
    from django.test import Client

    vacancy = open_vacancy()
    assert Client().get("/api/vacancies").status_code == 401
    _token, secret = api_token_create(user=UserFactory(), name="省就业信息系统")
    response = Client().get("/api/vacancies", headers={"Authorization": f"Bearer {secret}"})
    assert [row["id"] for row in response.json()["items"]] == [vacancy.pk]


def test_post_patch_close_a_vacancy(client):
    officer = as_user(client, UserFactory())
    employer = EmployerFactory()
    response = client.post("/api/vacancies", vacancy_payload(employer), content_type="application/json")
    assert response.status_code == 201
    vacancy = Vacancy.objects.get(pk=response.json()["id"])
    assert (vacancy.channel, vacancy.source, vacancy.created_by, vacancy.skills) == (
        "caseworker",
        "api",
        officer,
        "电焊",
    )
    response = client.patch(f"/api/vacancies/{vacancy.pk}", {"wage_max": 7600}, content_type="application/json")
    assert (response.status_code, response.json()["wage_max"]) == (200, 7600)
    response = client.patch(f"/api/vacancies/{vacancy.pk}", {"wage_min": 9000}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"wage_max": "月工资上限（7600元）不能低于下限（9000元）"}
    response = client.post(f"/api/vacancies/{vacancy.pk}/close", {"reason": "招满"}, content_type="application/json")
    assert response.json()["status"] == "closed"
    response = client.patch(f"/api/vacancies/{vacancy.pk}", {"wage_max": 8000}, content_type="application/json")
    assert response.json()["error"] == {"code": "validation_error", "message": "岗位已关闭，不能再修改", "fields": {}}


def test_post_refuses_unknown_codes_and_other_regions_employers(client):
    as_user(client, UserFactory())
    employer = EmployerFactory()
    response = client.post(
        "/api/vacancies", vacancy_payload(employer, occupation="9-99"), content_type="application/json"
    )
    assert (response.status_code, response.json()["error"]["fields"]) == (422, {"occupation": "代码“9-99”不存在"})
    elsewhere = EmployerFactory(region_id="140106")
    response = client.post("/api/vacancies", vacancy_payload(elsewhere), content_type="application/json")
    assert response.status_code == 404
    assert not Vacancy.objects.exists()


def test_reporter_of_one_employer_cannot_touch_anothers_vacancy(client):
    mine, theirs = open_vacancy(), open_vacancy()
    as_user(client, reporter_of(mine.employer))
    assert [row["id"] for row in client.get("/api/vacancies").json()["items"]] == [mine.pk]
    assert client.get(f"/api/vacancies/{theirs.pk}").status_code == 404
    patch = client.patch(f"/api/vacancies/{theirs.pk}", {"headcount": 9}, content_type="application/json")
    assert patch.status_code == 404
    assert client.post(f"/api/vacancies/{theirs.pk}/close", {}, content_type="application/json").status_code == 404
    response = client.post("/api/vacancies", vacancy_payload(theirs.employer), content_type="application/json")
    assert response.status_code == 404
    response = client.post("/api/vacancies", vacancy_payload(mine.employer), content_type="application/json")
    assert (response.status_code, Vacancy.objects.get(pk=response.json()["id"]).channel) == (201, "employer")
    theirs.refresh_from_db()
    assert (theirs.headcount, theirs.status) == (2, VacancyStatus.OPEN)


def test_seekers_list_is_scoped_and_masked(client):
    mine = SeekerRegistrationFactory(person=resident(phone="13912345678"))
    theirs = SeekerRegistrationFactory(person=resident("140106"))
    as_user(client, UserFactory())
    items = client.get("/api/seekers").json()["items"]
    assert [row["id"] for row in items] == [mine.pk]
    row = items[0]
    assert (row["phone"], row["ric"], row["accepted_regions"]) == ("139****5678", mine.person.ric_masked, ["140105"])
    assert "*" in row["ric"]
    assert theirs.pk not in [row["id"] for row in client.get("/api/seekers", {"region": "140106"}).json()["items"]]
    as_user(client, reporter_of(EmployerFactory()))
    assert client.get("/api/seekers").json()["items"] == []


def test_post_seeker_registers_a_person_of_the_region_only(client):
    as_user(client, UserFactory())
    person, outsider = resident(unemployed=True), resident("140106")
    payload = {
        "person_id": person.pk, "registered_on": days(0).isoformat(), "accepted_regions": ["140105"],
        "desired_occupations": ["6-18-02-04"], "expected_wage": 5000,
    }  # fmt: skip
    response = client.post("/api/seekers", payload, content_type="application/json")
    assert response.status_code == 201
    assert (response.json()["desired_occupations"], response.json()["status"]) == (["6-18-02-04"], "active")
    again = client.post("/api/seekers", payload, content_type="application/json")
    assert again.status_code == 422
    payload["person_id"] = outsider.pk
    assert client.post("/api/seekers", payload, content_type="application/json").status_code == 404
    assert SeekerRegistration.objects.count() == 1
    as_user(client, UserFactory(roles=[Role.ANALYST]))
    payload["person_id"] = resident().pk
    assert client.post("/api/seekers", payload, content_type="application/json").status_code == 403


def referral(vacancy):
    person = resident(unemployed=True, phone="13912345678")
    SeekerRegistrationFactory(person=person, registered_on=days(-10), expires_on=days(170))
    return referral_create(actor=UserFactory(), person=person, vacancy=vacancy, referred_on=days(-2))


def test_referral_outcome_endpoint_records_a_hire_for_the_employers_account(client):
    vacancy = open_vacancy(headcount=1)
    made = referral(vacancy)
    as_user(client, reporter_of(vacancy.employer))
    response = client.post(
        f"/api/referrals/{made.pk}/outcome", {"outcome": "hired", "on": days(0).isoformat()},
        content_type="application/json",
    )  # fmt: skip
    body = response.json()
    assert (response.status_code, body["outcome"], body["phone"], body["name"]) == (
        200, "hired", "139****5678", made.person.name,
    )  # fmt: skip
    made.person.refresh_from_db()
    vacancy.refresh_from_db()
    assert (made.person.employment_status, vacancy.status) == (EmploymentStatus.EMPLOYED, VacancyStatus.FILLED)


def test_referral_outcome_endpoint_is_404_outside_the_region_or_employer(client):
    made = referral(open_vacancy())
    for user in (UserFactory(region="140106"), reporter_of(EmployerFactory())):
        as_user(client, user)
        response = client.post(
            f"/api/referrals/{made.pk}/outcome", {"outcome": "hired", "on": days(0).isoformat()},
            content_type="application/json",
        )  # fmt: skip
        assert response.status_code == 404
    as_user(client, UserFactory())
    response = client.post(
        f"/api/referrals/{made.pk}/outcome", {"outcome": "refused", "on": days(0).isoformat()},
        content_type="application/json",
    )  # fmt: skip
    assert (response.status_code, response.json()["error"]["fields"]) == (
        422,
        {"refusal_reason": "未录用须选择原因。"},
    )
    made.refresh_from_db()
    assert made.outcome == "pending"

"""The one masking policy (`jiuye.people.masking`) on every surface that shows a phone or an ID number: the lists of
people (masked for everyone), a person's own pages (whole phone for the officers who may edit people, masked for an
analyst and for an enterprise's account), the exports (masked unless a full-number export) and the API."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jiuye.accounts.enums import Role
from jiuye.people import crypto
from jiuye.reference.enums import KeyGroup
from jiuye.seekers.services import referral_create
from tests.accounts.factories import UserFactory
from tests.employers.factories import VacancyFactory, reporter_of
from tests.people.factories import enter, resident
from tests.seekers.factories import SeekerRegistrationFactory

pytestmark = pytest.mark.django_db

PHONE, MASKED = "13912345678", "139****5678"


def ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def person():
    someone = resident(phone=PHONE, unemployed=True, name="王晋生")
    enter(someone, KeyGroup.UNEMPLOYMENT_REGISTRATION, ago(100))
    enter(someone, KeyGroup.HARD_TO_EMPLOY, ago(100))
    return someone


def analyst():
    return UserFactory(roles=[Role.ANALYST])


def shows(client, user, url: str) -> str:
    """Whether the page shows the phone whole, masked or not at all."""
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.content.decode()
    return "whole" if PHONE in text else "masked" if MASKED in text else "absent"


@pytest.mark.parametrize(
    "url",
    [
        reverse("www:person_list"),
        reverse("www:worklist", args=["hard_to_employ_without_service"]),
        reverse("www:worklist", args=["unemployed_without_contact"]),
    ],
)
def test_lists_of_people_mask_the_phone_for_everyone(client, person, url):
    for user in (UserFactory(), analyst()):
        assert shows(client, user, url) == "masked"


def test_the_seeker_list_masks_the_phone(client, person):
    SeekerRegistrationFactory(person=person, registered_on=ago(10), expires_on=ago(-170))
    assert shows(client, UserFactory(), reverse("www:seeker_list")) == "masked"


def test_the_person_card_shows_the_phone_whole_to_the_editing_officer_only(client, person):
    url = reverse("www:person_card", args=[person.pk])
    assert shows(client, UserFactory(), url) == "whole"
    assert shows(client, analyst(), url) == "masked"
    text = client.get(url).content.decode()
    assert person.ric_masked in text
    assert crypto.decrypt(person.ric_encrypted) not in text  # the ID number masked for everyone


def referral_to_a_vacancy(person):
    vacancy = VacancyFactory(valid_from=ago(30), valid_until=ago(-30))
    registration = SeekerRegistrationFactory(person=person, registered_on=ago(10), expires_on=ago(-170))
    return referral_create(
        actor=UserFactory(), person=person, vacancy=vacancy, referred_on=ago(2), registration=registration
    )


def test_the_vacancy_page_shows_referred_phones_by_the_policy(client, person):
    referral = referral_to_a_vacancy(person)
    url = reverse("www:vacancy_detail", args=[referral.vacancy_id])
    assert shows(client, UserFactory(), url) == "whole"
    assert shows(client, analyst(), url) == "masked"
    assert shows(client, reporter_of(referral.vacancy.employer), url) == "masked"


def test_the_referral_answer_page_shows_the_phone_by_the_policy(client, person):
    referral = referral_to_a_vacancy(person)
    url = reverse("www:referral_outcome", args=[referral.pk])
    assert shows(client, UserFactory(), url) == "whole"
    assert shows(client, reporter_of(referral.vacancy.employer), url) == "masked"


def test_exports_mask_the_phone_unless_full_numbers_are_asked(client, person):
    client.force_login(UserFactory())
    response = client.get(reverse("www:worklist_export", args=["hard_to_employ_without_service"]))
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert MASKED in cells
    assert PHONE not in cells


def test_the_api_list_masks_and_the_card_follows_the_policy(client, person):
    client.force_login(UserFactory())
    assert client.get("/api/people").json()["items"][0]["phone"] == MASKED
    assert client.get(f"/api/people/{person.pk}").json()["phone"] == PHONE
    client.force_login(analyst())
    assert client.get(f"/api/people/{person.pk}").json()["phone"] == MASKED
    assert client.get(f"/api/people/{person.pk}").json()["ric"] == person.ric_masked


def test_the_api_seeker_list_masks_the_phone(client, person):
    SeekerRegistrationFactory(person=person, registered_on=ago(10), expires_on=ago(-170))
    client.force_login(UserFactory())
    [item] = client.get("/api/seekers").json()["items"]
    assert (item["phone"], item["ric"]) == (MASKED, person.ric_masked)

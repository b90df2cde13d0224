"""The occupation picker: one partial on the vacancy form, the seeker registration and the seeker list, the same
reference endpoint; on the registration it picks several occupations, which are saved."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jiuye.seekers.models import SeekerRegistration
from tests.employers.factories import EmployerFactory
from tests.people.factories import resident

pytestmark = pytest.mark.django_db

ENDPOINT = reverse("api:occupations")


def test_the_vacancy_form_the_registration_and_the_seeker_list_share_the_picker(client, officer):
    person = resident(unemployed=True)
    pages = [
        reverse("www:vacancy_new", args=[EmployerFactory().pk]),
        reverse("www:seeker_new", args=[person.pk]),
        reverse("www:seeker_list"),
    ]
    for url in pages:
        response = client.get(url)
        assert "www/supply/occupation_picker.html" in [template.name for template in response.templates]
        text = response.content.decode()
        assert text.count(f'"{ENDPOINT}"') == 1
        assert 'list="occupation-choices"' in text
    registration_form = client.get(pages[1]).content.decode()
    assert 'data-target="id_desired_occupations"' in registration_form


def test_the_registration_saves_several_picked_occupations(client, officer):
    person = resident(unemployed=True)
    picked = "6-18-02-04 焊工，4-02-02-06 公路收费及监控员，6-18-02-04 焊工"  # as the picker fills it, one twice
    response = client.post(
        reverse("www:seeker_new", args=[person.pk]),
        {"registered_on": timezone.localdate().isoformat(), "accepted_regions": "140105", "experience_years": 0,
         "desired_occupations": picked},
    )  # fmt: skip
    assert response.status_code == 302
    registration = SeekerRegistration.objects.get(person=person)
    codes = sorted(registration.desired_occupations.values_list("code", flat=True))
    assert codes == ["4-02-02-06", "6-18-02-04"]


def test_codes_typed_by_hand_still_work_and_an_unknown_one_is_named(client, officer):
    person = resident(unemployed=True)
    data = {"registered_on": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "accepted_regions": "140105", "experience_years": 0}  # fmt: skip
    url = reverse("www:seeker_new", args=[person.pk])
    response = client.post(url, {**data, "desired_occupations": "6-18-02-04、9-99-99-99 不存在的职业"})
    assert response.context["form"].errors["desired_occupations"] == ["职业代码不存在：9-99-99-99"]
    client.post(url, {**data, "desired_occupations": "6-18-02-04、4-02-02-06"})
    registration = SeekerRegistration.objects.get(person=person)
    assert registration.desired_occupations.count() == 2

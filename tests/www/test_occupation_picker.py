"""The occupation pickers. The vacancy form and the seeker list share one partial and the reference endpoint; the
job-seeker registration picks several occupations by name or common job title (`www:occupation_picker`), never by
typing a code, and also takes names typed without JavaScript."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jiuye.seekers.models import SeekerRegistration
from tests.employers.factories import EmployerFactory
from tests.people.factories import resident

pytestmark = pytest.mark.django_db

ENDPOINT = reverse("api:occupations")
PICKER = reverse("www:occupation_picker")


def test_the_vacancy_form_and_the_seeker_list_share_the_picker(client, officer):
    pages = [reverse("www:vacancy_new", args=[EmployerFactory().pk]), reverse("www:seeker_list")]
    for url in pages:
        response = client.get(url)
        assert "www/supply/occupation_picker.html" in [template.name for template in response.templates]
        text = response.content.decode()
        assert text.count(f'"{ENDPOINT}"') == 1
        assert 'list="occupation-choices"' in text


def test_the_registration_searches_names_and_common_titles(client, officer):
    person = resident(unemployed=True)
    form = client.get(reverse("www:seeker_new", args=[person.pk])).content.decode()
    assert f'hx-get="{PICKER}"' in form
    assert 'name="occupation_names"' in form

    found = client.get(PICKER, {"occupation_names": "电焊"}).content.decode()
    assert 'data-code="6-18-02-04"' in found
    assert "常用名称：电焊工" in found  # the title that matched, beside the occupation's name
    assert ">焊工<" in found
    nanny = client.get(PICKER, {"q": "月嫂"}).content.decode()
    assert 'data-code="4-10-01-06"' in nanny
    assert "常用名称：月嫂" in nanny
    assert "没有找到与“赛博格”相关的职业" in client.get(PICKER, {"q": "赛博格"}).content.decode()
    # What was typed before the last separator is done: "焊工、叉" looks for "叉".
    assert 'data-code="6-30-05-01"' in client.get(PICKER, {"q": "焊工、叉"}).content.decode()


def _data(**values) -> dict:
    return {"registered_on": timezone.localdate().isoformat(), "accepted_regions": ["140105"], "experience_years": 0,
            **values}  # fmt: skip


def test_the_registration_saves_several_picked_occupations(client, officer):
    person = resident(unemployed=True)
    picked = ["6-18-02-04", "4-02-02-06", "6-18-02-04"]  # as the picker's chips send them, one twice
    response = client.post(reverse("www:seeker_new", args=[person.pk]), _data(desired_occupations=picked))
    assert response.status_code == 302
    registration = SeekerRegistration.objects.get(person=person)
    codes = sorted(registration.desired_occupations.values_list("code", flat=True))
    assert codes == ["4-02-02-06", "6-18-02-04"]


def test_names_typed_without_javascript_are_found_and_an_unknown_one_is_named(client, officer):
    person = resident(unemployed=True)
    url = reverse("www:seeker_new", args=[person.pk])
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(url, _data(registered_on=yesterday, occupation_names="电焊工、赛博格"))
    assert response.context["form"].errors["occupation_names"] == [
        "没有名为“赛博格”的职业或常用岗位名称，请从查找结果中选择。"
    ]
    assert not SeekerRegistration.objects.exists()
    client.post(
        url, _data(registered_on=yesterday, occupation_names="电焊工，叉车司机", desired_occupations=["6-18-02-04"])
    )
    registration = SeekerRegistration.objects.get(person=person)
    assert sorted(registration.desired_occupations.values_list("code", flat=True)) == ["6-18-02-04", "6-30-05-01"]


def test_picked_occupations_stay_picked_when_the_form_comes_back_with_an_error(client, officer):
    person = resident(unemployed=True)
    response = client.post(
        reverse("www:seeker_new", args=[person.pk]), _data(desired_occupations=["6-30-05-01"], expected_wage=0)
    )
    assert "expected_wage" in response.context["form"].errors
    page = response.content.decode()
    assert 'name="desired_occupations" value="6-30-05-01"' in page
    assert "<span>起重装卸机械操作工</span>" in page  # the chip shows the occupation's name
    assert [o.code for o in response.context["picked"]] == ["6-30-05-01"]

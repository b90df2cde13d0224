"""docs/access-policy.md, 2: a vacancy is a job advert. A seeker of Xiaodian who accepts work in Datong's Xinrong
district is recommended a Xinrong vacancy; the Xiaodian caseworker who sees it there opens its page and its API
detail too, read-only. Its referrals of other counties, its employer's page, its candidates and its changes stay with
Xinrong, and an enterprise's own account reads its own employers' vacancies only."""

import pytest
from django.urls import reverse

from jiuye.employers.models import Vacancy
from tests.accounts.factories import UserFactory
from tests.employers.factories import reporter_of
from tests.matching.records import job, seeker

pytestmark = pytest.mark.django_db


def test_a_vacancy_recommended_from_another_county_opens_read_only(client):
    registration = seeker(accepts=["140105", "140212"])
    elsewhere = job(region_id="140212", title="电焊工（新荣）")
    client.force_login(UserFactory(region="140105"))

    recommended = client.get(reverse("www:matching_registration", args=[registration.pk])).content.decode()
    advert_url = reverse("www:vacancy_detail", args=[elsewhere.pk])
    assert f'href="{advert_url}"' in recommended

    advert = client.get(advert_url)
    assert advert.status_code == 200
    assert elsewhere.employer.name in advert.text
    assert reverse("www:employer_detail", args=[elsewhere.employer_id]) not in advert.text
    assert reverse("www:vacancy_edit", args=[elsewhere.pk]) not in advert.text
    assert client.get(f"/api/vacancies/{elsewhere.pk}").json()["title"] == "电焊工（新荣）"

    refused = [
        client.get(reverse("www:vacancy_edit", args=[elsewhere.pk])),
        client.post(reverse("www:vacancy_edit", args=[elsewhere.pk]), {"title": "改"}),
        client.post(reverse("www:vacancy_close", args=[elsewhere.pk])),
        client.get(reverse("www:matching_vacancy", args=[elsewhere.pk])),
        client.get(reverse("www:employer_detail", args=[elsewhere.employer_id])),
        client.patch(f"/api/vacancies/{elsewhere.pk}", {"headcount": 9}, content_type="application/json"),
        client.post(f"/api/vacancies/{elsewhere.pk}/close", {}, content_type="application/json"),
    ]
    assert [response.status_code for response in refused] == [404] * len(refused)
    elsewhere.refresh_from_db()
    assert (elsewhere.title, elsewhere.headcount, elsewhere.status) == ("电焊工（新荣）", 2, "open")
    assert [row["id"] for row in client.get("/api/vacancies").json()["items"]] == []  # lists keep to the region


def test_an_enterprise_account_reads_its_own_employers_vacancies_only(client):
    own, other = job(), job()
    client.force_login(reporter_of(own.employer))
    assert client.get(reverse("www:vacancy_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("www:vacancy_detail", args=[other.pk])).status_code == 404
    assert client.get(f"/api/vacancies/{other.pk}").status_code == 404
    assert Vacancy.objects.count() == 2

"""The matching endpoints: both directions with parts and reasons, scoped by the caller's region (404 outside,
never a seeker of another region), personal data masked, bearer tokens accepted."""

import pytest

from jiuye.accounts.services import api_token_create
from jiuye.reference.enums import KeyGroup
from tests.accounts.factories import UserFactory
from tests.matching.records import days, job, seeker
from tests.people.factories import enter

pytestmark = pytest.mark.django_db


def test_vacancies_for_a_registration_with_parts(client):
    registration, welding = seeker(), job()
    job(title="中式烹调师", occupation_id="4-03-02-01", skills="炒菜")
    client.force_login(UserFactory())
    rows = client.get(f"/api/matching/registrations/{registration.pk}/vacancies", {"k": 1}).json()

    assert [(row["rank"], row["vacancy_id"], row["region"]) for row in rows] == [(1, welding.pk, "140105")]
    parts = {part["part"]: part for part in rows[0]["parts"]}
    assert parts["occupation"] == {
        "part": "occupation", "label": "职业", "value": 1.0, "contribution": 0.12, "reason": "同一职业（细类）：焊工"
    }  # fmt: skip
    assert rows[0]["score"] == pytest.approx(sum(part["contribution"] for part in rows[0]["parts"]), abs=1e-3)


def test_seekers_for_a_vacancy_key_groups_first_masked_and_scoped(client):
    welding = job()
    plain, graduate = seeker(), seeker()
    enter(graduate.person, KeyGroup.UNPLACED_GRADUATE, days(-30))
    seeker("140106", accepts=["140105", "140106"])  # another district's seeker who would take the job
    token = api_token_create(user=UserFactory(region="140105"), name="人社系统")[1]
    response = client.get(
        f"/api/matching/vacancies/{welding.pk}/seekers", headers={"Authorization": f"Bearer {token}"}
    )

    rows = response.json()
    assert [row["registration_id"] for row in rows] == [graduate.pk, plain.pk]
    assert rows[0]["key_groups"] == ["离校未就业高校毕业生"]
    assert rows[0]["phone"] == "139****5678"
    assert rows[0]["ric"] == graduate.person.ric_masked
    assert rows[0]["residence_region"] == "140105"
    assert {part["part"] for part in rows[0]["parts"]} >= {"key_group", "occupation", "location"}


def test_outside_the_region_is_404(client):
    theirs, their_job = seeker("140106"), job(region_id="140106")
    client.force_login(UserFactory(region="140105"))
    assert client.get(f"/api/matching/registrations/{theirs.pk}/vacancies").status_code == 404
    assert client.get(f"/api/matching/vacancies/{their_job.pk}/seekers").status_code == 404


def test_k_is_bounded_and_login_required(client):
    registration = seeker()
    assert client.get(f"/api/matching/registrations/{registration.pk}/vacancies").status_code == 401
    client.force_login(UserFactory())
    assert client.get(f"/api/matching/registrations/{registration.pk}/vacancies", {"k": 0}).status_code == 422
    assert client.get(f"/api/matching/registrations/{registration.pk}/vacancies", {"k": 51}).status_code == 422

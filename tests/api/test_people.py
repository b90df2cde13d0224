import pytest
from django.contrib.auth.models import Permission

from jiuye.accounts.enums import Role
from jiuye.accounts.services import api_token_create
from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.people import services
from jiuye.people.models import Person
from tests.accounts.factories import UserFactory
from tests.people.factories import PersonFactory, make_ric

pytestmark = pytest.mark.django_db

RIC = "140105199003070012"


@pytest.fixture
def caseworker(client):
    user = UserFactory(region="140105")
    client.force_login(user)
    return user


@pytest.fixture
def people():
    return PersonFactory(name="本县人员", ric=RIC), PersonFactory(name="外县人员", residence_region_id="140106")


def test_needs_authentication(client, people):
    assert client.get("/api/people").status_code == 401


def test_search_is_scoped_and_masked(client, caseworker, people):
    _mine, theirs = people
    items = client.get("/api/people").json()["items"]
    assert [item["name"] for item in items] == ["本县人员"]
    assert items[0]["ric"] == "140105********0012"
    assert RIC not in client.get("/api/people").text
    assert client.get("/api/people", {"q": theirs.name}).json()["items"] == []
    assert client.get("/api/people", {"region": "140106"}).json()["items"] == []


def search(client, **body):
    return client.post("/api/people/search", body, content_type="application/json")


def test_search_by_exact_ric_posts_the_number_in_the_body(client, caseworker, people):
    found = search(client, q=RIC)
    assert found.status_code == 200
    assert [item["name"] for item in found.json()["items"]] == ["本县人员"]
    assert found.json()["items"][0]["ric"] == "140105********0012"
    assert RIC not in found.text


def test_post_search_has_the_lists_scope_and_shape(client, caseworker, people):
    _mine, theirs = people
    assert search(client).json() == client.get("/api/people").json()  # items, count: the same page
    assert search(client, q=services.ric_of(theirs)).json()["items"] == []  # another county's person: not found
    assert search(client, q=theirs.name).json()["items"] == []
    assert search(client, region="140106").json()["items"] == []


def test_post_search_needs_authentication(client, people):
    assert search(client, q=RIC).status_code == 401


def test_get_search_refuses_a_full_number_in_the_url(client, caseworker, people):
    for typed in (RIC, "140105 19900307 0012", "140105900307001", "14010519900307001X"):
        refused = client.get("/api/people", {"q": typed})
        assert refused.status_code == 422, typed
        assert "POST /api/people/search" in refused.json()["error"]["fields"]["q"]
    assert client.get("/api/people", {"q": "13912345678"}).status_code == 200  # a phone is no ID number
    assert client.get("/api/people", {"q": "本县"}).status_code == 200


def test_card_is_scoped_and_masked(client, caseworker, people):
    mine, theirs = people
    card = client.get(f"/api/people/{mine.pk}").json()
    assert card["ric"] == "140105********0012"
    assert set(card) >= {"register_entries", "services", "status_changes"}
    assert client.get(f"/api/people/{theirs.pk}").status_code == 404
    for path in ("registers", "services", "ric"):
        assert client.get(f"/api/people/{theirs.pk}/{path}").status_code == 404


def test_full_number_needs_permission_and_is_audited(client, caseworker, people):
    mine, _theirs = people
    assert client.get(f"/api/people/{mine.pk}/ric").status_code == 403
    caseworker.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    client.force_login(caseworker)  # granted full numbers: the next session confirms a second factor too
    response = client.get(f"/api/people/{mine.pk}/ric")
    assert response.json() == {"ric": RIC}
    assert AuditEvent.objects.filter(action=AuditAction.UNMASK, person=mine, user=caseworker).count() == 1


def test_create_then_the_same_number_again_is_one_person(client, caseworker):
    payload = {"ric": "140105900307001", "name": "王晋生", "residence_region": "140105", "phone": "13900000001"}
    first = client.post("/api/people", payload, content_type="application/json")
    assert first.status_code == 201
    assert first.json()["ric"] == "140105********0012"
    second = client.post("/api/people", payload | {"ric": RIC}, content_type="application/json")
    assert second.status_code == 200
    assert Person.objects.count() == 1


def test_create_refuses_bad_numbers_and_other_regions_in_chinese(client, caseworker):
    bad = client.post(
        "/api/people",
        {"ric": "1.40105E+17", "name": "甲", "residence_region": "140105"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "科学计数法" in bad.text
    outside = client.post(
        "/api/people", {"ric": RIC, "name": "甲", "residence_region": "140106"}, content_type="application/json"
    )
    assert outside.status_code == 422
    assert "管辖范围" in outside.text


def test_create_answers_alike_whether_or_not_another_region_holds_the_number(client, caseworker):
    """No existence oracle (issue 15): with another county as residence, a number Jinyuan holds and a number nobody
    holds get the same refusal, status and body."""
    held = make_ric(area="140106", sequence=7)
    PersonFactory(ric=held, residence_region_id="140106")
    unheld = make_ric(area="140106", sequence=8)

    def create(number):
        payload = {"ric": number, "name": "甲", "residence_region": "140106"}
        return client.post("/api/people", payload, content_type="application/json")

    answers = [create(held), create(unheld)]

    assert [(answer.status_code, answer.json()) for answer in answers] == [(422, answers[1].json())] * 2
    assert "管辖范围" in answers[0].text
    assert "其他地区" not in answers[0].text
    assert Person.objects.count() == 1


def test_an_update_over_someone_elses_is_refused_and_nothing_is_written(client, caseworker, people):
    mine, _theirs = people
    url = f"/api/people/{mine.pk}"
    version = client.get(url).json()["version"]
    first = client.patch(url, {"phone": "13800000000", "version": version}, content_type="application/json")
    assert first.json()["version"] == version + 1

    stale = client.patch(url, {"phone": "13900000000", "version": version}, content_type="application/json")

    assert stale.status_code == 422
    assert f"现为第{version + 1}版），请刷新后重新编辑。" in stale.json()["error"]["message"]
    mine.refresh_from_db()
    assert (mine.phone, mine.version) == ("13800000000", version + 1)


def test_update_status_registers_and_services(client, caseworker, people):
    mine, _theirs = people
    assert (
        client.patch(f"/api/people/{mine.pk}", {"phone": "13800000000"}, content_type="application/json").json()[
            "phone"
        ]
        == "13800000000"
    )
    status = client.post(
        f"/api/people/{mine.pk}/status",
        {"status": "unemployed", "effective_on": "2026-09-01"},
        content_type="application/json",
    )
    assert status.json()["employment_status"] == "unemployed"
    entry = client.post(
        f"/api/people/{mine.pk}/registers",
        {"group": "unemployment_registration", "entered_on": "2026-09-02"},
        content_type="application/json",
    )
    assert entry.status_code == 201
    service = client.post(
        f"/api/people/{mine.pk}/services",
        {"kind": "job_referral", "provided_on": "2026-09-03", "resulted_in_employment": True},
        content_type="application/json",
    )
    assert service.status_code == 201
    assert service.json()["provider"].startswith("小店区")
    card = client.get(f"/api/people/{mine.pk}").json()
    assert card["employment_status"] == "employed"
    assert [change["status"] for change in card["status_changes"]] == ["unemployed", "employed"]


def test_writes_to_another_countys_person_are_404(client, caseworker, people):
    _mine, theirs = people
    assert client.patch(f"/api/people/{theirs.pk}", {"phone": "1"}, content_type="application/json").status_code == 404
    posted = client.post(
        f"/api/people/{theirs.pk}/services",
        {"kind": "job_referral", "provided_on": "2026-09-03"},
        content_type="application/json",
    )
    assert posted.status_code == 404


def test_analysts_cannot_write(client, people):
    client.force_login(UserFactory(region="140105", roles=[Role.ANALYST]))
    response = client.post(
        "/api/people", {"ric": RIC, "name": "甲", "residence_region": "140105"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_token_acts_within_its_users_region(client, people):
    _token, secret = api_token_create(user=UserFactory(region="140106"), name="省就业信息系统")
    items = client.get("/api/people", headers={"Authorization": f"Bearer {secret}"}).json()["items"]
    assert [item["name"] for item in items] == ["外县人员"]
    assert make_ric() not in str(items)

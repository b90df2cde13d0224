"""The admin pages of households, registers, services, status history, zero-employment episodes and the audit log:
within the region scope for a county administrator, and never showing the encrypted resident ID number."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.people.enums import EmploymentStatus, HouseholdRelationship, ServiceKind, SubsidyKind
from jiuye.people.models import EmploymentStatusChange, RegisterEntry, Service, ZeroEmploymentEpisode
from jiuye.reference.enums import KeyGroup
from jiuye.reference.models import Region
from tests.accounts.factories import OrgUnitFactory, UserFactory, administrator
from tests.people.factories import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 6, 1)
MINE, THEIRS = "140105", "140106"
URL_NAMES = {
    "household": "people_household",
    "entry": "people_registerentry",
    "service": "people_service",
    "change": "people_employmentstatuschange",
    "episode": "people_zeroemploymentepisode",
    "event": "audit_auditevent",
}


def _records_in(region: str) -> dict:
    """One record of each kind in a county; the person is a member of the household."""
    household = HouseholdFactory(region_id=region, head_name=f"户主{region}")
    person = PersonFactory(
        residence_region_id=region, household=household, household_relationship=HouseholdRelationship.HEAD
    )
    provider = OrgUnitFactory(region=Region.objects.get(code=region))
    service = Service.objects.create(
        person=person, kind=ServiceKind.SUBSIDY, provided_on=DAY, provider=provider,
        subsidy_kind=SubsidyKind.SOCIAL_INSURANCE, amount_fen=150_000,
    )  # fmt: skip
    return {
        "person": person,
        "household": household,
        "entry": RegisterEntry.objects.create(person=person, group=KeyGroup.VETERAN, entered_on=DAY),
        "service": service,
        "change": EmploymentStatusChange.objects.create(
            person=person, status=EmploymentStatus.EMPLOYED, effective_on=DAY
        ),
        "episode": ZeroEmploymentEpisode.objects.create(household=household, started_on=DAY),
        "event": AuditEvent.objects.create(
            action=AuditAction.UPDATE,
            object_type="people.Person",
            object_id=str(person.pk),
            person=person,
            region_code=region,
            summary="修改人员信息",
        ),
    }


@pytest.fixture
def mine():
    return _records_in(MINE)


@pytest.fixture
def theirs():
    return _records_in(THEIRS)


@pytest.fixture
def admin_client(client):
    client.force_login(administrator(MINE))
    return client


@pytest.mark.parametrize("kind", list(URL_NAMES))
def test_county_administrator_sees_own_county_rows_only(admin_client, mine, theirs, kind):
    response = admin_client.get(reverse(f"admin:{URL_NAMES[kind]}_changelist"))
    assert response.status_code == 200
    shown = {row.pk for row in response.context["cl"].result_list}
    assert shown == {mine[kind].pk}


@pytest.mark.parametrize("kind", list(URL_NAMES))
def test_another_countys_change_page_redirects(admin_client, mine, theirs, kind):
    assert admin_client.get(reverse(f"admin:{URL_NAMES[kind]}_change", args=[mine[kind].pk])).status_code == 200
    response = admin_client.get(reverse(f"admin:{URL_NAMES[kind]}_change", args=[theirs[kind].pk]))
    # Django's admin answers a record outside the queryset by redirecting to the index with a message.
    assert response.status_code == 302


@pytest.mark.parametrize("kind", list(URL_NAMES))
def test_changelists_cost_the_same_queries_for_more_rows(admin_client, mine, kind):
    url = reverse(f"admin:{URL_NAMES[kind]}_changelist")
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for _more in range(3):
        _records_in(MINE)
    with CaptureQueriesContext(connection) as more:
        response = admin_client.get(url)
    assert len(response.context["cl"].result_list) == 4
    assert len(more) == len(few)


def test_caseworker_has_no_admin(client, mine):
    client.force_login(UserFactory(region=MINE, is_staff=True))
    for url_name in URL_NAMES.values():
        assert client.get(reverse(f"admin:{url_name}_changelist")).status_code == 403


def test_audit_log_is_read_only_even_for_a_superuser(client, mine):
    event = mine["event"]
    for user in (administrator(MINE), UserFactory(org_unit=None, is_superuser=True, is_staff=True)):
        client.force_login(user)
        assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
        response = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
        assert response.status_code == 200
        assert not response.context["has_change_permission"]
        assert "修改人员信息" in response.text
        assert 'name="_save"' not in response.text
        posted = client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"summary": "篡改"})
        assert posted.status_code == 403
        assert client.get(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403
    event.refresh_from_db()
    assert event.summary == "修改人员信息"


def test_audit_log_is_searched_by_masked_number_and_filtered_by_action(admin_client, mine):
    other = PersonFactory(residence_region_id=MINE)
    AuditEvent.objects.create(action=AuditAction.UNMASK, object_type="people.Person", person=other, region_code=MINE)
    url = reverse("admin:audit_auditevent_changelist")
    found = admin_client.get(url, {"q": mine["person"].ric_masked}).context["cl"].result_list
    assert [event.pk for event in found] == [mine["event"].pk]
    unmasked = admin_client.get(url, {"action__exact": AuditAction.UNMASK}).context["cl"].result_list
    assert [event.person_id for event in unmasked] == [other.pk]


def test_audit_user_filter_lists_only_users_of_the_region(admin_client, mine, theirs):
    outsider = UserFactory(region=THEIRS, username="outsider")
    AuditEvent.objects.create(user=outsider, action=AuditAction.EXPORT, object_type="export", region_code=THEIRS)
    response = admin_client.get(reverse("admin:audit_auditevent_changelist"))
    assert "outsider" not in response.text


def test_person_admin_never_shows_the_encrypted_number(admin_client, mine):
    person = mine["person"]
    pages = [
        admin_client.get(reverse("admin:people_person_changelist")),
        admin_client.get(reverse("admin:people_person_change", args=[person.pk])),
        admin_client.get(reverse("admin:people_household_change", args=[mine["household"].pk])),
    ]
    for response in pages:
        assert response.status_code == 200
        assert person.ric_masked in response.text
        for secret in ("ric_encrypted", "ric_hash", person.ric_encrypted, person.ric_hash):
            assert secret not in response.text
    form = pages[1].context["adminform"].form
    assert not {"ric_encrypted", "ric_hash", "ric_masked", "birth_date", "employment_status"} & set(form.fields)


def test_people_are_not_added_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:people_person_add")).status_code == 403


def test_household_members_are_listed_read_only_and_within_the_region(admin_client, mine):
    household = mine["household"]
    outside = PersonFactory(name="外县成员", residence_region_id=THEIRS, household=household)
    response = admin_client.get(reverse("admin:people_household_change", args=[household.pk]))
    assert mine["person"].name in response.text
    assert outside.name not in response.text
    inline = response.context["inline_admin_formsets"][0]
    assert not inline.has_add_permission
    assert not inline.has_change_permission
    assert not inline.has_delete_permission


def test_a_service_cannot_be_moved_to_another_countys_person(admin_client, mine, theirs):
    service = mine["service"]
    url = reverse("admin:people_service_change", args=[service.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["person"] = theirs["person"].pk
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "person" in response.context["adminform"].form.errors
    service.refresh_from_db()
    assert service.person_id == mine["person"].pk


def test_person_admin_saves_what_it_may_change(admin_client, mine):
    person = mine["person"]
    url = reverse("admin:people_person_change", args=[person.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() if form[name].value() is not None else "" for name in form.fields}
    data["name"] = "改名后"
    response = admin_client.post(url, data)
    assert response.status_code == 302
    person_before = (person.ric_hash, person.ric_encrypted, person.employment_status)
    person.refresh_from_db()
    assert person.name == "改名后"
    assert (person.ric_hash, person.ric_encrypted, person.employment_status) == person_before

"""Who gets the desk's forms: the caseworker of the person's county sees every action on the card; a caseworker of
another county gets the Chinese 404 for each form, read or posted; an analyst sees the card without any form, and
each form is a 403 to them, posted or not. Nothing is written by a refused request."""

import pytest
from django.urls import reverse

from jiuye.accounts.enums import Role
from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.people.models import Person
from tests.accounts.factories import UserFactory, administrator
from tests.www.desk import HTMX, form_urls, not_found_reason, records

pytestmark = pytest.mark.django_db

PERSON_GONE = "该人员不存在或不在您的管辖范围内。"
REASONS = {"seeker_withdraw": "该求职登记不存在或不在您的管辖范围内。"}
FORMS = [
    "person_edit", "person_status", "person_service_new", "person_register_new", "person_register_exit",
    "person_household_new", "person_household_member", "seeker_new", "seeker_withdraw",
]  # fmt: skip


def _writes() -> int:
    return AuditEvent.objects.filter(action__in=[AuditAction.CREATE, AuditAction.UPDATE]).count()


def test_the_caseworker_of_the_county_sees_every_action_on_the_card(client, officer):
    data = records()
    card = client.get(reverse("www:person_card", args=[data.person.pk])).content.decode()
    urls = form_urls(data)
    shown = {name for name, url in urls.items() if f'href="{url}"' in card}
    # A person in a household gets 添加家庭成员, not 建立家庭; one with an active registration, no 办理求职登记.
    assert shown == set(FORMS) - {"person_household_new", "seeker_new"}
    assert "谁查看或修改过此人" not in card  # the audit log is for administrators


@pytest.mark.parametrize("name", FORMS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_caseworker_of_another_county_gets_the_chinese_404(client, officer, name, method):
    data = records("140106")
    url = form_urls(data)[name]
    before = _writes()
    assert getattr(client, method)(url).status_code == 404
    assert getattr(client, method)(url, **HTMX).status_code == 404
    assert not_found_reason(officer, url, method) == REASONS.get(name, PERSON_GONE)
    assert _writes() == before


@pytest.mark.parametrize("name", FORMS)
def test_an_analyst_sees_no_form_and_a_post_is_refused(client, name):
    data = records()
    client.force_login(UserFactory(region="140105", roles=[Role.ANALYST]))
    card = client.get(reverse("www:person_card", args=[data.person.pk])).content.decode()
    assert form_urls(data)[name] not in card
    assert "desk-form" not in card
    before = _writes()
    assert client.get(form_urls(data)[name]).status_code == 403
    assert client.post(form_urls(data)[name], {"status": "employed", "reason": "test"}).status_code == 403
    assert _writes() == before


def test_an_analyst_is_not_offered_the_registration_or_a_household(client):
    person = records().person
    person.household = None
    person.save()
    person.seeker_registrations.all().delete()
    client.force_login(UserFactory(region="140105", roles=[Role.ANALYST]))
    card = client.get(reverse("www:person_card", args=[person.pk])).content.decode()
    for name in ("person_household_new", "seeker_new"):
        assert reverse(f"www:{name}", args=[person.pk]) not in card
    assert "不能办理求职登记" not in card  # the rule is told to those who could register


def test_creating_a_person_is_offered_to_caseworkers_only(client, officer):
    new = reverse("www:person_new")
    assert f'href="{new}"' in client.get(reverse("www:person_list")).content.decode()
    assert f'href="{new}"' in client.get(reverse("www:home")).content.decode()
    client.force_login(UserFactory(region="140105", roles=[Role.ANALYST]))
    assert new not in client.get(reverse("www:person_list")).content.decode()
    assert new not in client.get(reverse("www:home")).content.decode()
    assert client.get(new).status_code == 403
    response = client.post(new, {"ric": "140105199003070012", "name": "王晋生", "residence_region": "140105"})
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_administrators_see_who_saw_or_changed_the_person(client):
    person = records().person
    client.force_login(administrator())
    card = client.get(reverse("www:person_card", args=[person.pk])).content.decode()
    link = f"{reverse('www:audit_log')}?person={person.pk}"
    assert f'href="{link}"' in card
    assert "谁查看或修改过此人" in card
    assert client.get(link).status_code == 200

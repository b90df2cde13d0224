"""The Django admin, in Chinese, within the region scope for non-superusers."""

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory, administrator
from tests.employers.factories import EmployerFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    return {
        "person": (PersonFactory(name="本县人员"), PersonFactory(name="外县人员", residence_region_id="140106")),
        "employer": (
            EmployerFactory(name="本县单位"),
            EmployerFactory(name="外县单位", region_id="140106"),
        ),
        "user": (UserFactory(last_name="本县同事"), UserFactory(last_name="外县同事", region="140106")),
    }


def test_admin_is_in_chinese(client):
    client.force_login(administrator())
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "站点管理" in response.text or "数据管理" in response.text


@pytest.mark.parametrize(("kind", "url_name"), [("person", "people_person"), ("employer", "employers_employer")])
def test_county_administrator_sees_own_county_in_changelist(client, records, kind, url_name):
    mine, theirs = records[kind]
    client.force_login(administrator())
    response = client.get(reverse(f"admin:{url_name}_changelist"))
    assert response.status_code == 200
    assert mine.name in response.text
    assert theirs.name not in response.text


@pytest.mark.parametrize(
    ("kind", "url_name"),
    [("person", "people_person"), ("employer", "employers_employer"), ("user", "accounts_user")],
)
def test_county_administrator_cannot_open_another_countys_record(client, records, kind, url_name):
    mine, theirs = records[kind]
    client.force_login(administrator())
    assert client.get(reverse(f"admin:{url_name}_change", args=[mine.pk])).status_code == 200
    response = client.get(reverse(f"admin:{url_name}_change", args=[theirs.pk]))
    # Django's admin answers a record outside the queryset by redirecting to the index with a message.
    assert response.status_code == 302
    assert client.get(reverse(f"admin:{url_name}_delete", args=[theirs.pk])).status_code == 302


def test_user_changelist_is_scoped(client, records):
    client.force_login(administrator())
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert "本县同事" in response.text
    assert "外县同事" not in response.text


def test_caseworker_without_administrator_role_has_no_admin(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("admin:people_person_changelist"))
    assert response.status_code == 403


def test_superuser_sees_every_county(client, records):
    client.force_login(UserFactory(org_unit=None, is_superuser=True, is_staff=True))
    response = client.get(reverse("admin:people_person_changelist"))
    assert "本县人员" in response.text
    assert "外县人员" in response.text


def test_region_choices_are_limited_to_the_administrators_region(client):
    client.force_login(administrator())
    response = client.get(reverse("admin:accounts_orgunit_add"))
    choices = {str(choice[0]) for choice in response.context["adminform"].form.fields["region"].choices if choice[0]}
    assert "140105" in choices
    assert "140106" not in choices


def test_regional_administrator_cannot_make_superusers(client, records):
    client.force_login(administrator())
    mine = records["user"][0]
    response = client.get(reverse("admin:accounts_user_change", args=[mine.pk]))
    assert "is_superuser" not in response.context["adminform"].form.fields

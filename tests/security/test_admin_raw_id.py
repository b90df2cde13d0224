"""The admin's raw-id fields name only records the administrator may see: Django's widget looked up any id typed
into a form, so a form sent back with an error showed another county's person or employer by name (a leak found by
the access walk, tests/security/test_walk.py)."""

import pytest

from tests.accounts.factories import administrator
from tests.employers.factories import EmployerFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_an_id_of_another_county_is_not_named_beside_the_field(client):
    client.force_login(administrator("140105"))
    own, theirs = PersonFactory(name="小店某人"), PersonFactory(name="新荣某人", residence_region_id="140212")
    for person in (own, theirs):
        page = client.post("/admin/people/service/add/", {"person": person.pk}).content.decode()
        assert ("新荣某人" in page, "小店某人" in page) == (False, person == own)
    employer = EmployerFactory(region_id="140212", name="新荣某公司")
    page = client.post("/admin/employers/vacancy/add/", {"employer": employer.pk}).content.decode()
    assert "新荣某公司" not in page

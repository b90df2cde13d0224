"""Personal data as shown to those who may not see it whole: the masks, and the one policy deciding who sees a
phone whole where (each surface's own test is in tests/www/test_masking_surfaces.py)."""

import pytest
from django.contrib.auth.models import Permission

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.people.masking import View, mask_phone, mask_ric, may_see_full_phone, shown_phone
from tests.accounts.factories import UserFactory, administrator
from tests.employers.factories import EmployerFactory, reporter_of


def test_a_resident_id_number_keeps_its_area_and_last_four():
    assert mask_ric("140105199003070012") == "140105********0012"


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("13912345678", "139****5678"), ("03514567890", "035****7890"), ("123456", "******"), ("", "")],
)
def test_a_phone_number_keeps_its_first_three_and_last_four(phone, masked):
    assert mask_phone(phone) == masked


# ------------------------------------------------------------------------------------------------- the one policy


def unmasker():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    return User.objects.get(pk=user.pk)  # permissions are cached per instance


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("make_user", "view", "whole"),
    [
        (lambda: UserFactory(), View.LIST, False),  # a list is for finding, never whole
        (lambda: UserFactory(), View.PERSON, True),  # the caseworker on the person's own page
        (lambda: administrator(), View.PERSON, True),
        (lambda: UserFactory(roles=[Role.ANALYST]), View.PERSON, False),  # reads, edits nothing
        (lambda: reporter_of(EmployerFactory()), View.PERSON, False),  # an enterprise's account: never
        (lambda: UserFactory(), View.FULL_EXPORT, False),  # no unmask permission
        (unmasker, View.FULL_EXPORT, True),
        (unmasker, View.LIST, False),
        (lambda: None, View.PERSON, False),
    ],
)
def test_who_sees_a_whole_phone_where(make_user, view, whole):
    user = make_user()
    assert may_see_full_phone(user, view) is whole
    assert shown_phone("13912345678", user=user, view=view) == ("13912345678" if whole else "139****5678")


def test_an_empty_phone_stays_empty():
    assert shown_phone("", user=None, view=View.PERSON) == ""

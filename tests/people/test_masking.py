"""Personal data as shown to those who may not see it whole."""

import pytest

from jiuye.people.masking import mask_phone, mask_ric


def test_a_resident_id_number_keeps_its_area_and_last_four():
    assert mask_ric("140105199003070012") == "140105********0012"


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("13912345678", "139****5678"), ("03514567890", "035****7890"), ("123456", "******"), ("", "")],
)
def test_a_phone_number_keeps_its_first_three_and_last_four(phone, masked):
    assert mask_phone(phone) == masked

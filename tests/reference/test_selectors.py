"""Reference rows by code for the API's payloads: an unknown code is a 422 on its field."""

import pytest
from django.core.exceptions import ValidationError

from jiuye.reference.models import Occupation, Region
from jiuye.reference.selectors import reference_rows

pytestmark = pytest.mark.django_db


def test_reference_rows_by_code():
    assert [region.name for region in reference_rows(Region, ["140105"], field="region")] == ["小店区"]
    rows = reference_rows(Region, ["140106", "140105", "140105"], field="accepted_regions")
    assert sorted(region.code for region in rows) == ["140105", "140106"]
    assert reference_rows(Occupation, [], field="desired_occupations") == []


def test_unknown_codes_are_named_on_the_field():
    with pytest.raises(ValidationError) as error:
        reference_rows(Occupation, ["9-99"], field="occupation")
    assert error.value.message_dict == {"occupation": ["代码“9-99”不存在"]}
    with pytest.raises(ValidationError) as error:
        reference_rows(Region, ["140105", "999999", "888888"], field="accepted_regions")
    assert error.value.message_dict == {"accepted_regions": ["代码“888888”、“999999”不存在"]}

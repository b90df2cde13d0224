"""Reference rows by code for the API's payloads: an unknown code is a 422 on its field. The occupation picker's
suggestions and the occupations named by name or common title."""

import pytest
from django.core.exceptions import ValidationError

from jiuye.reference.models import Occupation, Region
from jiuye.reference.selectors import occupation_suggestions, occupations_named, reference_rows

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


def test_the_pickers_suggestions_come_closest_first_with_the_titles_that_matched():
    welders = occupation_suggestions("焊工")
    assert (welders[0].occupation.code, welders[0].group) == ("6-18-02-04", "机械热加工人员")
    assert welders[0].titles == ["二保焊工", "气焊工", "氩弧焊工", "电焊工"]
    drivers = {item.occupation.code: item.titles for item in occupation_suggestions("司机")[:5]}
    assert "货车司机" in drivers["4-02-02-02"]  # 道路货运汽车驾驶员, found by its common titles
    assert occupation_suggestions("") == []


def test_occupations_are_named_by_their_name_or_a_common_title():
    found, missing = occupations_named(["电焊工", "焊工", "家政服务员", "赛博格"])
    assert [occupation.code for occupation in found] == ["6-18-02-04", "4-10-01-06"]
    assert missing == ["赛博格"]

"""The shipped reference classifications: counts, hierarchy, and idempotent loading."""

import pytest
from django.core.exceptions import ValidationError

from jiuye.reference.enums import IndustryLevel, OccupationLevel, RegionLevel
from jiuye.reference.models import Industry, Occupation, OccupationAlias, Region
from jiuye.reference.services import normalise_region_code, reference_load, region_get_or_create

pytestmark = pytest.mark.django_db

# GB/T 4754-2017: the code range of divisions in each section.
SECTION_RANGES = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52), "G": (53, 60),
    "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72), "M": (73, 75), "N": (76, 79),
    "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90), "S": (91, 96), "T": (97, 97),
}  # fmt: skip


def test_shanxi_has_11_cities_and_117_counties():
    assert Region.objects.get(code="14").name == "山西省"
    assert Region.objects.filter(level=RegionLevel.CITY).count() == 11
    assert Region.objects.filter(level=RegionLevel.COUNTY).count() == 117


def test_every_region_has_the_right_parent():
    for region in Region.objects.exclude(level=RegionLevel.PROVINCE):
        expected_length = {RegionLevel.CITY: 2, RegionLevel.COUNTY: 4}[region.level]
        assert region.parent_id == region.code[:expected_length], region.code
        assert len(region.code) == expected_length + 2


def test_counties_have_seat_coordinates_inside_shanxi():
    for region in Region.objects.exclude(level=RegionLevel.PROVINCE):
        assert 110 < region.longitude < 115, region
        assert 34.5 < region.latitude < 40.8, region


def test_current_codes_are_used():
    """Codes changed by the 2018-2019 reorganisations of Datong, Changzhi and Jinzhong."""
    names = dict(Region.objects.filter(code__in=["140213", "140403", "140703", "140681"]).values_list("code", "name"))
    assert names == {"140213": "平城区", "140403": "潞州区", "140703": "太谷区", "140681": "怀仁市"}


def test_city_population_is_the_2020_census():
    assert Region.objects.get(code="1401").population == 5_304_061
    total = sum(Region.objects.filter(level=RegionLevel.CITY).values_list("population", flat=True))
    assert total == 34_915_616  # 山西省第七次全国人口普查公报


def test_industries_have_20_sections_and_97_divisions():
    assert Industry.objects.filter(level=IndustryLevel.SECTION).count() == 20
    assert Industry.objects.filter(level=IndustryLevel.DIVISION).count() == 97


def test_each_division_is_in_the_right_section():
    for division in Industry.objects.filter(level=IndustryLevel.DIVISION):
        low, high = SECTION_RANGES[division.parent_id]
        assert low <= int(division.code) <= high, division


def test_occupations_have_8_major_and_79_medium_groups():
    assert Occupation.objects.filter(level=OccupationLevel.MAJOR).count() == 8
    assert Occupation.objects.filter(level=OccupationLevel.MEDIUM).count() == 79


def test_occupation_codes_nest_in_their_parents():
    for occupation in Occupation.objects.exclude(level=OccupationLevel.MAJOR):
        assert occupation.parent.level == occupation.level - 1
        assert occupation.code.startswith(occupation.parent_id + "-"), occupation


def test_aliases_point_to_occupations():
    assert OccupationAlias.objects.count() >= 100
    assert not OccupationAlias.objects.filter(occupation__isnull=True).exists()


def test_loading_twice_changes_nothing():
    summaries = reference_load()
    assert all(summary.created == summary.updated == 0 for summary in summaries.values())
    assert summaries["regions"].unchanged == 1 + 11 + 117


def test_a_changed_name_is_updated_back_from_the_file():
    Region.objects.filter(code="140105").update(name="旧名")
    assert reference_load()["regions"].updated == 1
    assert Region.objects.get(code="140105").name == "小店区"


@pytest.mark.parametrize(
    ("code", "expected"),
    [("140000", "14"), ("140100", "1401"), ("140105", "140105"), ("140105000000", "140105"),
     ("140105001000", "140105001"), ("140105001002", "140105001002")],
)  # fmt: skip
def test_padded_codes_are_shortened_to_their_level(code, expected):
    assert normalise_region_code(code) == expected


def test_streets_and_communities_are_created_as_needed():
    street = region_get_or_create(code="140105001000", name="坞城街道")
    community = region_get_or_create(code="140105001002", name="某社区")
    assert (street.code, street.level, street.parent_id) == ("140105001", RegionLevel.STREET, "140105")
    assert (community.level, community.parent_id) == (RegionLevel.COMMUNITY, "140105001")
    assert region_get_or_create(code="140105001", name="别名") == street


def test_a_street_of_an_unknown_county_is_refused():
    with pytest.raises(ValidationError, match="上级"):
        region_get_or_create(code="149999001", name="无")
    with pytest.raises(ValidationError, match="位数"):
        region_get_or_create(code="1401051", name="无")


def test_created_streets_are_not_reported_stale():
    region_get_or_create(code="140105001", name="坞城街道")
    assert reference_load()["regions"].stale == []

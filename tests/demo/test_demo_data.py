import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from jiuye.accounts.models import OrgUnit, User
from jiuye.demo.services import demo_data_load
from jiuye.employers.models import Employer
from jiuye.employers.services import uscc_normalise
from jiuye.people.models import Person
from jiuye.reference.enums import RegionLevel

pytestmark = pytest.mark.django_db

SMALL = 0.05  # 500 people, 40 employers


def _digest() -> str:
    """A fingerprint of the demo rows without ids and timestamps, which differ between runs by design."""
    people = Person.objects.order_by("pk").values_list(
        "name", "sex", "birth_date", "phone", "education_level", "residence_region", "employment_status"
    )
    employers = Employer.objects.order_by("pk").values_list("uscc", "name", "industry", "region", "headcount")
    users = User.objects.order_by("username").values_list("username", "org_unit__name", "org_unit__region")
    text = repr((list(people), list(employers), list(users)))
    return hashlib.sha256(text.encode()).hexdigest()


def test_same_seed_gives_the_same_province():
    demo_data_load(seed=7, scale=SMALL)
    first = _digest()
    demo_data_load(seed=7, scale=SMALL, reset=True)
    assert _digest() == first
    demo_data_load(seed=8, scale=SMALL, reset=True)
    assert _digest() != first


def test_second_run_changes_nothing():
    first = demo_data_load(seed=7, scale=SMALL)
    assert all(not part.skipped for part in first)
    before = _digest()
    second = demo_data_load(seed=7, scale=SMALL)
    assert all(part.skipped for part in second)
    assert _digest() == before


def test_another_scale_on_top_is_refused():
    demo_data_load(seed=7, scale=SMALL)
    with pytest.raises(ValidationError, match="--reset"):
        demo_data_load(seed=7, scale=SMALL * 2)


def test_sizes_follow_the_scale():
    demo_data_load(seed=7, scale=SMALL)
    assert Person.objects.count() == 500
    assert Employer.objects.count() == 40


def test_users_at_all_five_service_levels():
    demo_data_load(seed=7, scale=SMALL)
    levels = set(OrgUnit.objects.filter(users__isnull=False).values_list("service_level", flat=True))
    assert levels == set(RegionLevel.values)
    assert User.objects.filter(org_unit__service_level=RegionLevel.CITY).count() == 11


def test_people_spread_over_cities_like_the_population():
    demo_data_load(seed=7, scale=0.3)
    taiyuan = Person.objects.filter(residence_region__code__startswith="1401").count()
    yangquan = Person.objects.filter(residence_region__code__startswith="1403").count()
    # Census 2020: Taiyuan 5.30 million, Yangquan 1.32 million, a ratio of about 4.
    assert 3 < taiyuan / yangquan < 5.5
    assert Person.objects.values("residence_region").distinct().count() > 100


def test_employer_codes_are_valid_and_in_their_county():
    demo_data_load(seed=7, scale=SMALL)
    for uscc, region in Employer.objects.values_list("uscc", "region"):
        assert uscc_normalise(uscc) == uscc
        assert uscc[2:8] == region


def test_command_prints_logins(capsys):
    call_command("demo_data", "--scale", str(SMALL))
    output = capsys.readouterr().out
    assert "province" in output
    assert "city_1401" in output
    assert "已生成" in output

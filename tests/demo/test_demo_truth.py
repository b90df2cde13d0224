"""The demo tells the truth: names fit the sex in the ID number."""

from collections import Counter

import pytest

from jiuye.demo.services import demo_data_load
from jiuye.demo.synthetic import GIVEN_NAMES, NEUTRAL_GIVEN_NAMES, SURNAMES
from jiuye.people import crypto
from jiuye.people.enums import Sex
from jiuye.people.models import Person
from jiuye.people.ric import ric_sex

pytestmark = pytest.mark.django_db

SMALL = 0.05  # 500 people, 40 employers, a panel of 10 enterprises


def test_names_fit_the_sex_in_the_id_number():
    """The 17th digit of the ID number is odd for men and even for women; the given name is one of the sex's common
    names, or one given to both."""
    male = {name for (sex, _generation), names in GIVEN_NAMES.items() if sex == "male" for name in names}
    female = {name for (sex, _generation), names in GIVEN_NAMES.items() if sex == "female" for name in names}
    neutral = set(NEUTRAL_GIVEN_NAMES)
    assert not male & female
    assert not neutral & (male | female)
    demo_data_load(seed=7, scale=SMALL)
    given_to = Counter()
    for name, sex, encrypted in Person.objects.values_list("name", "sex", "ric_encrypted"):
        assert ric_sex(crypto.decrypt(encrypted)) == sex
        surname, given = name[0], name[1:]
        assert surname in SURNAMES
        kind = "both" if given in neutral else "male" if given in male else "female" if given in female else name
        assert kind in ("both", "male" if sex == Sex.MALE else "female"), name
        given_to[kind] += 1
    assert 0 < given_to["both"] < 0.15 * sum(given_to.values())
    assert given_to["male"] > 0
    assert given_to["female"] > 0

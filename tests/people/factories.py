import datetime

import factory
from stdnum.cn.ric import calc_check_digit

from jiuye.people import crypto
from jiuye.people.enums import EmploymentStatus
from jiuye.people.models import Household, Person
from jiuye.people.ric import mask_ric, ric_birth_date, ric_sex
from jiuye.reference.enums import EducationLevel


def make_ric(area: str = "140105", born: datetime.date = datetime.date(1995, 3, 8), sequence: int = 2) -> str:
    """A checksum-valid resident ID number: area, birth date, 3-digit sequence (odd for men), check character."""
    body = f"{area}{born:%Y%m%d}{sequence:03d}"
    return body + calc_check_digit(body + "0")


class PersonFactory(factory.django.DjangoModelFactory):
    """A woman born 1995 living in Xiaodian district unless told `residence_region_id="140202"` or `ric=...`."""

    class Meta:
        model = Person
        exclude = ("ric",)

    class Params:
        unemployed = factory.Trait(employment_status=EmploymentStatus.UNEMPLOYED)

    ric = factory.Sequence(lambda n: make_ric(born=datetime.date(1960, 1, 1) + datetime.timedelta(days=n), sequence=2))
    name = factory.Sequence(lambda n: f"测试人员{n}")
    ric_encrypted = factory.LazyAttribute(lambda person: crypto.encrypt(person.ric))
    ric_hash = factory.LazyAttribute(lambda person: crypto.keyed_hash(person.ric))
    ric_masked = factory.LazyAttribute(lambda person: mask_ric(person.ric))
    sex = factory.LazyAttribute(lambda person: ric_sex(person.ric))
    birth_date = factory.LazyAttribute(lambda person: ric_birth_date(person.ric))
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    education_level = EducationLevel.BACHELOR
    residence_region_id = "140105"
    household_region_id = factory.SelfAttribute("residence_region_id")
    employment_status = EmploymentStatus.EMPLOYED


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    region_id = "140105"
    head_name = factory.Sequence(lambda n: f"户主{n}")

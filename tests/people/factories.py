import datetime

import factory

from jiuye.people.enums import EmploymentStatus, Sex
from jiuye.people.models import Person
from jiuye.reference.enums import EducationLevel


class PersonFactory(factory.django.DjangoModelFactory):
    """A resident of Xiaodian district unless told `residence_region_id="140202"`."""

    class Meta:
        model = Person

    class Params:
        unemployed = factory.Trait(employment_status=EmploymentStatus.UNEMPLOYED)

    name = factory.Sequence(lambda n: f"测试人员{n}")
    sex = Sex.FEMALE
    birth_date = datetime.date(1995, 3, 8)
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    education_level = EducationLevel.BACHELOR
    residence_region_id = "140105"
    household_region_id = factory.SelfAttribute("residence_region_id")
    employment_status = EmploymentStatus.EMPLOYED

import datetime

import factory

from jiuye.seekers.enums import SeekerStatus
from jiuye.seekers.models import SeekerRegistration
from tests.people.factories import PersonFactory


class SeekerRegistrationFactory(factory.django.DjangoModelFactory):
    """An active registration of an unemployed person, wanting a welder's job in their county, valid into 2027."""

    class Meta:
        model = SeekerRegistration
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory, unemployed=True)
    desired_titles = "电焊工"
    skills = "电焊、识图"
    experience_years = 2
    expected_wage = 5500
    registered_on = datetime.date(2026, 10, 1)
    expires_on = datetime.date(2027, 3, 31)
    status = SeekerStatus.ACTIVE

    @factory.post_generation
    def accepted_regions(self, create, extracted, **kwargs):
        if create:
            self.accepted_regions.set(extracted if extracted is not None else [self.person.residence_region_id])

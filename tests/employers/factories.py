import datetime

import factory

from jiuye.accounts.enums import Role
from jiuye.employers.demo import demo_uscc
from jiuye.employers.enums import Ownership, SizeClass, VacancyChannel, VacancyStatus
from jiuye.employers.models import Employer, EmployerContact, Vacancy
from tests.accounts.factories import UserFactory


class EmployerFactory(factory.django.DjangoModelFactory):
    """A Xiaodian coal company unless told otherwise."""

    class Meta:
        model = Employer

    region_id = "140105"
    uscc = factory.LazyAttributeSequence(lambda employer, n: demo_uscc(employer.region_id[:6], 20_000_000 + n))
    name = factory.Sequence(lambda n: f"测试煤业{n}有限公司")
    industry_id = "06"
    ownership = Ownership.PRIVATE
    size_class = SizeClass.MEDIUM
    headcount = 350


class VacancyFactory(factory.django.DjangoModelFactory):
    """An open welder vacancy in Xiaodian, valid through 2026, unless told otherwise."""

    class Meta:
        model = Vacancy

    employer = factory.SubFactory(EmployerFactory, region_id=factory.SelfAttribute("..region_id"))
    occupation_id = "6-18-02-04"
    title = "电焊工"
    skills = "电焊、气割、识图"
    region_id = "140105"
    headcount = 2
    wage_min = 5000
    wage_max = 7000
    valid_from = datetime.date(2026, 1, 1)
    valid_until = datetime.date(2026, 12, 31)
    status = VacancyStatus.OPEN
    channel = VacancyChannel.CASEWORKER


class EmployerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerContact

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Sequence(lambda n: f"联系人{n}")
    title = "人事经理"
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    is_primary = True


def reporter_of(*employers: Employer, region: str = "140105"):
    """An employer's own account (企业填报员), listed in the employers' `reporters`."""
    user = UserFactory(region=region, roles=[Role.ENTERPRISE_REPORTER])
    for employer in employers:
        employer.reporters.add(user)
    return user

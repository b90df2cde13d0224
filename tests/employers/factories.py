import factory

from jiuye.employers.demo import demo_uscc
from jiuye.employers.enums import Ownership, SizeClass
from jiuye.employers.models import Employer


class EmployerFactory(factory.django.DjangoModelFactory):
    """A Xiaodian coal company unless told otherwise."""

    class Meta:
        model = Employer

    region_id = "140105"
    uscc = factory.LazyAttributeSequence(lambda employer, n: demo_uscc(employer.region_id, 20_000_000 + n))
    name = factory.Sequence(lambda n: f"测试煤业{n}有限公司")
    industry_id = "06"
    ownership = Ownership.PRIVATE
    size_class = SizeClass.MEDIUM
    headcount = 350

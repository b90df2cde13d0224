import factory

from jiuye.accounts.actors import SystemActor
from jiuye.accounts.enums import Role
from jiuye.accounts.models import OrgUnit, RoleAssignment, User
from jiuye.reference.models import Region

PASSWORD = "correct-horse-battery"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("region", "name")

    region = factory.LazyFunction(lambda: Region.objects.get(code="140105"))
    name = factory.LazyAttribute(lambda unit: f"{unit.region.name}人力资源和社会保障局")
    service_level = factory.LazyAttribute(lambda unit: unit.region.level)


class UserFactory(factory.django.DjangoModelFactory):
    """A caseworker of Xiaodian district (140105) unless told otherwise: `UserFactory(region="1402")`,
    `UserFactory(roles=[Role.ANALYST])`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        region = "140105"

    username = factory.Sequence(lambda n: f"user{n}")
    org_unit = factory.LazyAttribute(lambda user: OrgUnitFactory(region=Region.objects.get(code=user.region)))
    password = factory.django.Password(PASSWORD)
    is_staff = False

    @factory.post_generation
    def roles(user, create, extracted, **kwargs):
        if create:
            roles = extracted if extracted is not None else [Role.CASEWORKER]
            RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=role) for role in roles])


def administrator(region: str = "140105", **kwargs) -> User:
    return UserFactory(region=region, is_staff=True, roles=[Role.ADMINISTRATOR], **kwargs)


# Test set-up writes as the platform: it passes the services' role and region checks, as a nightly job does.
SETUP = SystemActor(job="测试准备")

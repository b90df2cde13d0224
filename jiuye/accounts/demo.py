"""Demo org units and users at all five service levels."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission

from jiuye.accounts.enums import Role
from jiuye.accounts.models import OrgUnit, RoleAssignment, User
from jiuye.demo.neighbourhoods import demo_community, demo_street
from jiuye.demo.registry import DemoContext, register, register_logins
from jiuye.reference.enums import RegionLevel
from jiuye.reference.models import Region

DEMO_PASSWORD = "jiuye-demo-2026"  # noqa: S105  (printed for the demo; never use demo data in production)
DEMO_EMAIL_DOMAIN = "demo.invalid"

ORG_UNIT_SUFFIX = {
    RegionLevel.PROVINCE: "人力资源和社会保障厅",
    RegionLevel.CITY: "人力资源和社会保障局",
    RegionLevel.COUNTY: "人力资源和社会保障局",
    RegionLevel.STREET: "劳动保障事务所",
    RegionLevel.COMMUNITY: "劳动保障工作站",
}
ROLES = {
    RegionLevel.PROVINCE: [Role.ANALYST, Role.CASEWORKER, Role.ADMINISTRATOR],
    RegionLevel.CITY: [Role.ANALYST, Role.CASEWORKER],
    RegionLevel.COUNTY: [Role.CASEWORKER],
    RegionLevel.STREET: [Role.CASEWORKER],
    RegionLevel.COMMUNITY: [Role.CASEWORKER],
}
# The first county's caseworker may see full ID numbers (each view and export audited), so that the demo shows it.
FULL_NUMBER_USERS = ("county_140105",)


def demo_regions() -> list[Region]:
    """Shanxi, its 11 cities, the first county of each city, and a street and a community of the first county
    (小店区 坞城街道 坞城社区, where demo people live: `jiuye.demo.neighbourhoods`)."""
    province = Region.objects.get(code="14")
    cities = list(Region.objects.filter(level=RegionLevel.CITY).order_by("code"))
    counties = [Region.objects.filter(parent=city).order_by("code").first() for city in cities]
    return [province, *cities, *counties, demo_street(), demo_community()]


def place_name(region: Region) -> str:
    """Counties are named with their city, as their offices are (two cities have a `城区`), and streets with their
    county: 太原市小店区, 小店区坞城街道."""
    if region.level in (RegionLevel.COUNTY, RegionLevel.STREET):
        return f"{region.parent.name}{region.name}"
    return region.name


def _username(region: Region) -> str:
    return "province" if region.level == RegionLevel.PROVINCE else f"{region.level}_{region.code}"


def reset_accounts() -> None:
    """Only the demo's own users, and their org units once no other user is left in them."""
    users = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    org_unit_ids = list(users.values_list("org_unit_id", flat=True))
    users.delete()
    OrgUnit.objects.filter(pk__in=org_unit_ids, users__isnull=True).delete()


@register("accounts", order=10, reset=reset_accounts)
def generate_accounts(context: DemoContext) -> int:
    # One hash for all demo users: hashing is deliberately slow, and they share the printed password anyway.
    password = make_password(DEMO_PASSWORD)
    users = []
    for region in demo_regions():
        org_unit, _created = OrgUnit.objects.get_or_create(
            region=region,
            name=f"{place_name(region)}{ORG_UNIT_SUFFIX[region.level]}",
            defaults={"service_level": region.level},
        )
        user = User.objects.create(
            username=_username(region),
            password=password,
            last_name="演示用户",
            email=f"{_username(region)}@{DEMO_EMAIL_DOMAIN}",
            org_unit=org_unit,
            is_staff=region.level == RegionLevel.PROVINCE,
        )
        RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=role) for role in ROLES[region.level]])
        users.append(user)
    unmask = Permission.objects.get(content_type__app_label="people", codename="unmask_ric")
    unmask.user_set.add(*[user for user in users if user.username in FULL_NUMBER_USERS])
    return len(users)


@register_logins(f"演示账号（密码均为 {DEMO_PASSWORD}）：", order=10)
def demo_logins() -> list[tuple[str, str, str]]:
    users = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").select_related("org_unit")
    users = users.exclude(role_assignments__role=Role.ENTERPRISE_REPORTER)  # printed with their employers
    rows = [(user.username, user.org_unit.get_service_level_display(), user.org_unit.name) for user in users]
    return sorted(rows, key=lambda row: (len(row[0].split("_")[-1]) if "_" in row[0] else 0, row[0]))

"""Demo enterprise reporter accounts (企业填报员): `reporter_1` … `reporter_3`, password `jiuye-demo-2026`.

Each is the own account of one demo employer of the monitoring panel (the three with the most staff at enrolment
that still report, largest first), listed in its `Employer.reporters`: signed in, it files the enterprise's monthly
reports, posts and manages its vacancies, answers the referrals to them and keeps its contacts, and sees nothing
else of its county. The account belongs to the county office of the employer's county, as a reporter enrolled there.

The part "reporters" runs last (order 110): the supply part takes every demo account of a county office as that
county's caseworker, so reporters created before it would change its referrals. Running it again changes nothing
(accounts are found by username); `demo_data --reset` deletes them.
"""

from django.contrib.auth.hashers import make_password

from jiuye.accounts.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, ORG_UNIT_SUFFIX, place_name
from jiuye.accounts.enums import Role
from jiuye.accounts.models import OrgUnit, RoleAssignment, User
from jiuye.demo.registry import DemoContext, register, register_logins
from jiuye.employers.models import Employer
from jiuye.monitoring.models import MonitoredEnterprise
from jiuye.reference.enums import DataSource, RegionLevel
from jiuye.reference.models import Region

REPORTERS = 3
USERNAME = "reporter_{number}"


def _demo_reporters():
    return User.objects.filter(username__startswith="reporter_", email__endswith=f"@{DEMO_EMAIL_DOMAIN}")


def reset_reporters() -> None:
    """The demo's reporter accounts. Their county offices stay: the people part's services and registrations name
    the same offices, and the accounts part removes the empty ones."""
    _demo_reporters().delete()


def reporter_employers() -> list[Employer]:
    """The demo employers that get a reporter account, in the order of their numbers."""
    enterprises = (
        MonitoredEnterprise.objects.filter(employer__source=DataSource.DEMO, left_on__isnull=True)
        .select_related("employer__region__parent")
        .order_by("-baseline_headcount", "employer__uscc")
    )
    return [enterprise.employer for enterprise in enterprises[:REPORTERS]]


@register("reporters", order=110, reset=reset_reporters)
def generate_reporters(context: DemoContext) -> int:
    employers = reporter_employers()
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is slow and the password is shared
    for number, employer in enumerate(employers, start=1):
        username = USERNAME.format(number=number)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "password": password, "last_name": "演示填报员", "email": f"{username}@{DEMO_EMAIL_DOMAIN}",
                "org_unit": _county_office(employer.region),
            },
        )  # fmt: skip
        if created:
            RoleAssignment.objects.create(user=user, role=Role.ENTERPRISE_REPORTER)
        employer.reporters.add(user)
    return len(employers)


def _county_office(region: Region) -> OrgUnit:
    """The employment office of the employer's county, named as the accounts demo names county offices."""
    county = region
    while county.level not in (RegionLevel.COUNTY, RegionLevel.CITY, RegionLevel.PROVINCE) and county.parent:
        county = county.parent
    office, _created = OrgUnit.objects.get_or_create(
        region=county,
        name=f"{place_name(county)}{ORG_UNIT_SUFFIX[county.level]}",
        defaults={"service_level": county.level},
    )
    return office


@register_logins("企业填报员账号（密码同上，只能看到本单位）：", order=20)
def demo_reporter_logins() -> list[tuple[str, str]]:
    """(username, employer name) of the demo reporter accounts, for `demo_data` to print."""
    users = _demo_reporters().prefetch_related("reporting_employers")
    rows = [(user.username, employer.name) for user in users for employer in user.reporting_employers.all()]
    return sorted(rows, key=lambda row: (len(row[0]), row[0]))

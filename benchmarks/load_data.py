"""Who the load benchmark's users log in as, and what each looks up (`benchmarks.load`).

Caseworkers: the demo's county, street and community accounts, whose only role is caseworker (no second factor is
asked of them), each with people it may see (names to search for), active job seekers (for their recommended
vacancies) and an API token of its own (the API's rate limit counts per token). Reporters: one account per simulated
reporter, `bench_reporter_<n>`, each the reporter of its own monitored enterprise, so that no two users revise the
same monthly report at once (the demo has three reporter accounts; fifty users would share them). Each files a
period it may still revise: one whose report is not yet accepted.
"""

import random

from django.contrib.auth.hashers import make_password
from django.db.models import Count, Q
from django.utils import timezone

from benchmarks.load_users import CASEWORKER_ACTIONS, Account
from jiuye.accounts.demo import DEMO_PASSWORD
from jiuye.accounts.enums import Role
from jiuye.accounts.models import ApiToken, OrgUnit, RoleAssignment, User
from jiuye.accounts.services import api_token_create, api_token_revoke
from jiuye.monitoring import qc
from jiuye.monitoring.enums import ReportStatus
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport
from jiuye.monitoring.selectors import periods_owed
from jiuye.people.models import Person
from jiuye.plans.perms import plan_home_code
from jiuye.seekers.enums import SeekerStatus
from jiuye.seekers.models import SeekerRegistration
from jiuye.www.monitoring.common import latest_period

TOKEN_NAME = "benchmarks.load"  # noqa: S105 (the tokens' label, no secret)
LOOKUPS = 50  # names, people and job seekers per account
REPORTER = "bench_reporter_{number}"


def accounts_prepare(*, reporters: int, rng: random.Random) -> tuple[list[Account], list[Account]]:
    return caseworker_accounts(rng), reporter_accounts(reporters)


def caseworker_accounts(rng: random.Random) -> list[Account]:
    """Every demo caseworker account that sees people and job seekers, with fresh API tokens (the old revoked)."""
    users = (
        User.objects.filter(username__regex=r"^(county|street|community)_\d+$", is_active=True)
        .annotate(other_roles=Count("role_assignments", filter=~Q(role_assignments__role=Role.CASEWORKER)))
        .filter(other_roles=0)
        .order_by("username")
    )
    for token in ApiToken.objects.filter(name=TOKEN_NAME, revoked_at__isnull=True):
        api_token_revoke(token=token)
    today = timezone.localdate()
    accounts = []
    for user in users:
        people = list(Person.objects.visible_to(user).order_by("pk").values_list("pk", "name")[: LOOKUPS * 20])
        seekers = SeekerRegistration.objects.visible_to(user).filter(status=SeekerStatus.ACTIVE, expires_on__gte=today)
        registrations = list(seekers.order_by("pk").values_list("pk", flat=True)[: LOOKUPS * 20])
        if not people or not registrations:
            continue
        chosen = rng.sample(people, min(LOOKUPS, len(people)))
        _token, secret = api_token_create(user=user, name=TOKEN_NAME)
        accounts.append(
            Account(
                username=user.username,
                password=DEMO_PASSWORD,
                names=[name for _pk, name in chosen],
                person_ids=[pk for pk, _name in chosen],
                registration_ids=rng.sample(registrations, min(LOOKUPS, len(registrations))),
                api_token=secret,
                # A street's or community's office has no plan dashboard (a 404 by design): its users never open it.
                actions=[a for a in CASEWORKER_ACTIONS if a != "dashboard" or plan_home_code(user) is not None],
            )
        )
    return accounts


def reporter_accounts(count: int) -> list[Account]:
    """`count` reporter accounts, each bound to one monitored enterprise with a period it may revise (fewer when
    the demo has fewer such enterprises)."""
    password = make_password(DEMO_PASSWORD)  # hashed once, as the demo does
    accounts = []
    for number, (enterprise, period) in enumerate(_enterprises_to_report(count), start=1):
        username = REPORTER.format(number=number)
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"password": password, "last_name": "负载测试填报员", "email": f"{username}@bench.invalid"},
        )
        user.org_unit = _office(enterprise)
        user.save(update_fields=["org_unit"])
        if created:
            RoleAssignment.objects.create(user=user, role=Role.ENTERPRISE_REPORTER)
        user.reporting_employers.set([enterprise.employer])
        report_form = f"/monitoring/enterprises/{enterprise.pk}/report/?period={period}"
        accounts.append(Account(username=username, password=DEMO_PASSWORD, report_form=report_form))
    return accounts


def _enterprises_to_report(count: int) -> list[tuple[MonitoredEnterprise, str]]:
    """Open enterprises without a demo reporter account, each with its newest period it may still file: one whose
    report is submitted or returned (its figures passed the checks, so sent back as they are they pass again), or
    one not yet reported whose previous month was (the form then starts from that month's headcount). The demo's
    own reports are all accepted; the first run files the month just ended, later runs revise it."""
    latest = latest_period()
    enterprises = (
        MonitoredEnterprise.objects.filter(left_on__isnull=True)
        .exclude(employer__reporters__email__endswith="@demo.invalid")
        .select_related("employer__region")
        .order_by("pk")
    )
    chosen = []
    for enterprise in enterprises.iterator():
        owed = periods_owed(enterprise, latest=latest)
        if not owed:
            continue
        wanted = [*owed, qc.previous_period(owed[-1])]
        reports = dict(
            MonthlyReport.objects.filter(enterprise=enterprise, period__in=wanted).values_list("period", "status")
        )
        for period in owed:
            status = reports.get(period)
            if status in (ReportStatus.SUBMITTED, ReportStatus.RETURNED) or (
                status is None and qc.previous_period(period) in reports
            ):
                chosen.append((enterprise, period))
                break
        if len(chosen) == count:
            break
    return chosen


def _office(enterprise: MonitoredEnterprise) -> OrgUnit | None:
    """The office of the enterprise's county (or city), where the demo enrols its reporters."""
    code = enterprise.employer.region.code
    offices = OrgUnit.objects.filter(region__code__in=[code[:6], code[:4], code[:2]]).order_by("-region__code")
    return offices.first()

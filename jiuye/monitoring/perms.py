"""Who may see and do what with monitored enterprises, their reports and the warnings.

- Officers (caseworkers, administrators) and analysts read by the region scope: a county officer sees the
  county's panel, reports and warnings.
- A reporter account (企业填报员, with no officer or analyst role) sees only the enterprises whose employer lists
  it in `Employer.reporters`, wherever they are, and their reports; never another enterprise of the same county,
  never the region's warnings. A coal company's clerk in Xiaodian sees that company, not the district.
- Enrolling enterprises and recording their leaving, returning and accepting reports, importing, and following up
  warnings: officers, within their region.
- Submitting and revising a report: officers within their region, and the reporter accounts of its employer.

The region scope (`jiuye.accounts.scope`, through each model's `employer_path`) applies the reporter rule to every
read of the app.
"""

from typing import TYPE_CHECKING

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.accounts.scope import is_reporter_account as is_reporter_account  # the one rule, re-exported

if TYPE_CHECKING:
    from jiuye.monitoring.models import MonitoredEnterprise

OFFICER_ROLES = (Role.CASEWORKER, Role.ADMINISTRATOR)


def can_manage_monitoring(user: User) -> bool:
    return user.is_active and any(user.has_role(role) for role in OFFICER_ROLES)


def can_submit_report(user: User, enterprise: "MonitoredEnterprise | None" = None) -> bool:
    """Whether `user` may submit or revise reports at all (no `enterprise`), or those of `enterprise`."""
    if not user.is_active:
        return False
    if can_manage_monitoring(user):
        return enterprise is None or enterprise.is_visible_to(user)
    if not user.has_role(Role.ENTERPRISE_REPORTER):
        return False
    return enterprise is None or enterprise.employer.reporters.filter(pk=user.pk).exists()

"""Who may do what with monitored enterprises and their reports.

- Reading: the region scope (`visible_to`), for every role.
- Enrolling enterprises, returning and accepting reports, importing: caseworkers and administrators, within their
  region.
- Submitting and revising a report: those, and enterprise reporters (企业填报员), within their region.
"""

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User


def can_manage_monitoring(user: User) -> bool:
    return user.is_active and (user.has_role(Role.CASEWORKER) or user.has_role(Role.ADMINISTRATOR))


def can_submit_report(user: User) -> bool:
    return can_manage_monitoring(user) or (user.is_active and user.has_role(Role.ENTERPRISE_REPORTER))

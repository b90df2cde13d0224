"""Who may see the monthly analysis of a region.

- A user sees the analysis of their own region and of any region inside it (a city officer: the city and each of
  its counties); never of a region above or beside it, not even built from their part only, since a province
  report computed from one county would mislead.
- Officers (caseworkers, administrators) and analysts read it; an enterprise's reporter account (企业填报员 only)
  does not: the analysis is about the region, its enterprises and its warnings, not the reporter's own company.
"""

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.accounts.perms import can_view_region

READER_ROLES = (Role.CASEWORKER, Role.ADMINISTRATOR, Role.ANALYST)


def can_view_analysis(user: User, region_code: str) -> bool:
    readers = user.is_authenticated and any(user.has_role(role) for role in READER_ROLES)
    return readers and can_view_region(user, region_code)

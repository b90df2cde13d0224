"""Who may see the monthly analysis of a region.

- A user sees the analysis of their own region and of any region inside it (a city officer: the city and each of
  its counties); never of a region above or beside it, not even built from their part only, since a province
  report computed from one county would mislead.
- Officers (caseworkers, administrators) and analysts read it; an enterprise's reporter account (企业填报员 only)
  does not: the analysis is about the region, its enterprises and its warnings, not the reporter's own company.
- It is written for a province, a city or a county: a street or community office has none of its own (its region's
  analysis is the county's, above it).
"""

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.accounts.perms import can_view_region
from jiuye.accounts.scope import user_region_prefix

COUNTY_DIGITS = 6

READER_ROLES = (Role.CASEWORKER, Role.ADMINISTRATOR, Role.ANALYST)


def can_view_analysis(user: User, region_code: str) -> bool:
    readers = user.is_authenticated and any(user.has_role(role) for role in READER_ROLES)
    return readers and can_view_region(user, region_code)


def can_analyse(user: User) -> bool:
    """Whether the user has an analysis of their own region to open: a reader of a province, city or county."""
    prefix = user_region_prefix(user)
    return prefix is not None and len(prefix or "14") <= COUNTY_DIGITS and can_view_analysis(user, prefix)

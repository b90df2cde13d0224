"""Who may see and do what.

- Personal and enterprise data: a user sees records whose region code starts with the region code of the user's
  org unit (`jiuye.accounts.scope`). Superusers see all; users without an org unit see nothing.
- The admin site: staff users with the administrator role, within their region.
- A region page: a user may open their own region and the regions inside it, never a neighbour's or a parent's.
"""

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.accounts.scope import user_region_prefix


def can_view_region(user: User, region_code: str) -> bool:
    """A county caseworker may open their county and its streets, not the neighbouring county."""
    prefix = user_region_prefix(user)
    return prefix is not None and region_code.startswith(prefix)


def can_administer(user: User) -> bool:
    return user.is_active and user.is_staff and (user.is_superuser or user.has_role(Role.ADMINISTRATOR))

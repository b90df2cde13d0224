"""Who may see and do what with the plan's indicators.

- Reading: every officer, analyst and leader reads the indicators of their own region and of the regions inside it
  (a city's page and its counties'); the province's figures are the plan's own and shown to all of them. An
  enterprise's reporter account reads none.
- Entering and revising actual values, and breaking targets down: analysts and administrators, for their region and
  the regions inside it (the province's analysts enter the province's figures from the statistical bulletin).
"""

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.accounts.perms import can_view_region
from jiuye.accounts.scope import is_reporter_account

EDITOR_ROLES = (Role.ANALYST, Role.ADMINISTRATOR)


def can_read_plan(user: User, region_code: str) -> bool:
    return user.is_authenticated and not is_reporter_account(user) and can_view_region(user, region_code)


def can_enter_actuals(user: User, region_code: str) -> bool:
    editor = user.is_active and any(user.has_role(role) for role in EDITOR_ROLES)
    return editor and can_view_region(user, region_code)

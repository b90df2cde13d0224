"""Who may see and do what with the plan's indicators.

- Reading: every officer, analyst and leader reads the indicators of their own region and of the regions inside it
  (a city's page and its counties'); the province's figures are the plan's own and shown to all of them. An
  enterprise's reporter account reads none.
- The dashboard opens on the user's own region when it is a province, city or county (the province for a
  superuser); the officers of a street or a community have no plan page of their own.
- Entering and revising actual values, and breaking targets down: analysts and administrators, for their region and
  the regions inside it (the province's analysts enter the province's figures from the statistical bulletin).
"""

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.accounts.perms import can_view_region
from jiuye.accounts.scope import is_reporter_account, user_region_prefix

EDITOR_ROLES = (Role.ANALYST, Role.ADMINISTRATOR)
PROVINCE = "14"
PLAN_CODE_LENGTHS = (2, 4, 6)  # a province, a city, a county


def can_read_plan(user: User, region_code: str) -> bool:
    return user.is_authenticated and not is_reporter_account(user) and can_view_region(user, region_code)


def can_enter_actuals(user: User, region_code: str) -> bool:
    editor = user.is_active and any(user.has_role(role) for role in EDITOR_ROLES)
    return editor and can_view_region(user, region_code)


def plan_home_code(user: User) -> str | None:
    """The code of the user's own plan page, or None when the user has none."""
    prefix = user_region_prefix(user)
    if prefix is None:
        return None
    code = prefix or PROVINCE
    return code if len(code) in PLAN_CODE_LENGTHS and can_read_plan(user, code) else None

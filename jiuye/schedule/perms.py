"""Who may see and run the scheduled jobs.

The jobs are the province's: they expire vacancies and registrations, match and evaluate warnings across Shanxi. The
province's administrators see their record and may run one now; the province's analysts may read the record (when
last night's matching ran, whether this month's warnings are in). A city's or county's users see neither: the jobs
touch their data, but the schedule is not theirs to run, and its record speaks for the whole province.
"""

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.accounts.perms import can_view_region

PROVINCE = "14"


def _province_user(user: User) -> bool:
    return user.is_authenticated and user.is_active and can_view_region(user, PROVINCE)


def can_view_schedule(user: User) -> bool:
    return _province_user(user) and (user.has_role(Role.ADMINISTRATOR) or user.has_role(Role.ANALYST))


def can_run_schedule(user: User) -> bool:
    return _province_user(user) and user.has_role(Role.ADMINISTRATOR)

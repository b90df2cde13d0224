"""Who may see and do what with the labour force survey.

- Published estimates (`MonthlyEstimate`: the province, its cities, sexes and age groups, month by month): any
  logged-in, active user, whatever their region. They are aggregates over thousands of answers, the figures the
  statistics office publishes for the province and every city, so a county caseworker may read Taiyuan's rate as
  anyone may read it in the yearbook. They hold nothing about a person and are not region-scoped.
- Microdata (`SurveyRecord`: one row per surveyed person, no names but a county, a community, a household and its
  members' ages): personal data, region-scoped like any (`SurveyRecord.objects.visible_to(user)`). Every page that
  shows microdata, even as counts, reads them through the scope, so a county sees its own county's sample only.
- Importing microdata: analysts and administrators of the province (or superusers). The survey is organised and
  delivered province-wide (the provincial survey team's monthly file covers every county), and importing a month
  replaces the whole month, so a city or county office importing its part would erase the others' rows.
- The error report of a microdata import (the rejected rows as typed): whoever may import microdata; downloads are
  audited.
"""

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.accounts.scope import EVERYWHERE, user_region_prefix
from jiuye.lfs.rates import PROVINCE_CODE


def can_view_estimates(user: User) -> bool:
    return user.is_authenticated and user.is_active


def can_import_microdata(user: User) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user_region_prefix(user) in (EVERYWHERE, PROVINCE_CODE)
        and (user.has_role(Role.ANALYST) or user.has_role(Role.ADMINISTRATOR))
    )

"""The main navigation, per role: each user sees the areas they may use, and nothing that would greet them with an
empty list or a refusal.

`navigation` is a list of dicts with `key`, `label`, `url` and `active` (the current page belongs to the area), in
the order of the plan. An enterprise's reporter account (企业填报员) gets its own three areas: its home (reports owed,
returned, referrals to answer), its vacancies and its employer's page. Officers and analysts get the areas of the
platform; administrators of any level also the audit log of their region (`can_read_audit_log`, scoped by
`audit_events`); the province's administrators and analysts also the scheduled jobs (`can_view_schedule`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.models import User
from jiuye.audit.perms import can_read_audit_log
from jiuye.employers.selectors import employers_visible
from jiuye.monitoring.perms import is_reporter_account
from jiuye.plans.perms import plan_home_code
from jiuye.schedule.perms import can_view_schedule


@dataclass(frozen=True)
class Area:
    key: str
    label: str | Promise
    url_name: str
    pages: frozenset[str] = field(default_factory=frozenset)  # the url names that belong to the area
    shown_to: Callable[[User], bool] = lambda user: True

    def url(self, user: User) -> str:
        return reverse(self.url_name)


PEOPLE_PAGES = {
    "www:person_list", "www:person_new", "www:person_card", "www:person_edit", "www:person_status",
    "www:person_service_new", "www:person_register_new", "www:person_register_exit", "www:person_household_new",
    "www:person_household_member", "www:seeker_new",
}  # fmt: skip
SUPPLY_PAGES = {
    "www:employer_list", "www:employer_detail", "www:employer_new", "www:employer_edit", "www:seeker_list",
    "www:vacancy_list", "www:vacancy_detail", "www:vacancy_new", "www:vacancy_edit", "www:referral_outcome",
    "www:matching_registration", "www:matching_vacancy",
}  # fmt: skip
MONITORING_PAGES = {
    "www:monitoring", "www:monitoring_report", "www:monitoring_report_form", "www:monitoring_panel",
    "www:monitoring_enrol", "www:monitoring_enterprise", "www:monitoring_warnings", "www:monitoring_warning",
    "www:monitoring_analysis", "www:monitoring_warning_close", "www:monitoring_report_return",
}  # fmt: skip
IMPORTS_PAGES = {"www:import_list", "www:import_detail", "www:job_detail"}
STATISTICS_PAGES = {
    "www:statistics", "www:statistics_series", "www:statistics_period", "www:statistics_small_areas",
    "www:statistics_imports", "www:statistics_import",
}  # fmt: skip


def has_plan_page(user: User) -> bool:
    return plan_home_code(user) is not None


PLANS_PAGES = {
    "www:plans", "www:plans_region", "www:plans_print", "www:plan_figures", "www:plan_figure_new", "www:plan_figure",
    "www:plan_targets",
}  # fmt: skip

# The areas of the platform in the order of the plan. 规划指标 (the leaders' dashboard) for the officers of a
# province, city or county: a street's or community's have no plan page of their own.
OFFICER_AREAS = (
    Area("home", _("首页"), "www:home", frozenset({"www:home", "www:region"})),
    Area("people", _("人员查询"), "www:person_list", frozenset(PEOPLE_PAGES)),
    Area("registers", _("实名制台账"), "www:registers", frozenset({"www:registers", "www:register", "www:worklist"})),
    Area("imports", _("数据导入"), "www:import_list", frozenset(IMPORTS_PAGES)),
    Area("supply_demand", _("供需对接"), "www:vacancy_list", frozenset(SUPPLY_PAGES)),
    Area("market", _("市场供求分析"), "www:market", frozenset({"www:market"})),
    Area("monitoring", _("失业动态监测"), "www:monitoring", frozenset(MONITORING_PAGES)),
    Area("statistics", _("劳动力调查统计"), "www:statistics", frozenset(STATISTICS_PAGES)),
    Area("plans", _("规划指标"), "www:plans", frozenset(PLANS_PAGES), shown_to=has_plan_page),
    Area("audit", _("审计日志"), "www:audit_log", frozenset({"www:audit_log"}), shown_to=can_read_audit_log),
    # The province's nightly jobs: its administrators run them, its analysts read their record.
    Area("schedule", _("计划任务"), "www:schedule", frozenset({"www:schedule"}), shown_to=can_view_schedule),
)


class EmployerArea(Area):
    """The reporter's employer: its page when it has one employer, the list of its employers when several."""

    def url(self, user: User) -> str:
        employers = list(employers_visible(user).values_list("pk", flat=True)[:2])
        if len(employers) == 1:
            return reverse("www:employer_detail", args=employers)
        return reverse("www:employer_list")


REPORTER_AREAS = (
    Area(
        "portal", _("企业首页"), "www:monitoring_mine",
        frozenset({"www:monitoring_mine", "www:monitoring_report", "www:monitoring_report_form",
                   "www:monitoring_enterprise"}),
    ),
    Area(
        "vacancies", _("岗位和推荐"), "www:vacancy_list",
        frozenset({"www:vacancy_list", "www:vacancy_detail", "www:vacancy_new", "www:vacancy_edit",
                   "www:referral_outcome"}),
    ),
    EmployerArea(
        "employer", _("企业信息"), "www:employer_list",
        frozenset({"www:employer_list", "www:employer_detail", "www:employer_edit"}),
    ),
)  # fmt: skip


def navigation_for(user: User, current: str) -> list[dict]:
    """The areas `user` sees, with the one `current` (a namespaced url name) belongs to marked active."""
    areas = REPORTER_AREAS if is_reporter_account(user) else OFFICER_AREAS
    return [
        {"key": area.key, "label": area.label, "url": area.url(user), "active": current in area.pages}
        for area in areas
        if area.shown_to(user)
    ]


SECOND_FACTOR_STEPS = frozenset({"www:second_factor_enrol", "www:second_factor_verify"})


def navigation(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    current = getattr(request, "resolver_match", None)
    current_name = f"{current.namespace}:{current.url_name}" if current else ""
    # A page shared by several areas (a job's) may say which page it stands for (the list an export came from).
    current_name = getattr(request, "navigation_as", "") or current_name
    if current_name in SECOND_FACTOR_STEPS:  # no area opens before the code is confirmed: none is offered
        return {"navigation": []}
    return {"navigation": navigation_for(request.user, current_name)}

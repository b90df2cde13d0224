from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The areas of the platform in the order of the plan: (key, label, url name, url names that belong to the area).
# An area without a url is shown greyed until it is built.
NAVIGATION = [
    ("home", _("首页"), "www:home", {"www:home", "www:region"}),
    ("people", _("人员查询"), "www:person_list", {"www:person_list", "www:person_card"}),
    ("registers", _("实名制台账"), "www:registers", {"www:registers", "www:register", "www:worklist"}),
    ("imports", _("数据导入"), "www:import_list", {"www:import_list", "www:import_detail"}),
    (
        "supply_demand",
        _("供需对接"),
        "www:vacancy_list",
        {
            "www:employer_list",
            "www:employer_detail",
            "www:employer_new",
            "www:employer_edit",
            "www:seeker_list",
            "www:vacancy_list",
            "www:vacancy_detail",
            "www:vacancy_new",
            "www:vacancy_edit",
            "www:referral_outcome",
        },
    ),
    ("market", _("市场供求分析"), "www:market", {"www:market"}),
    (
        "monitoring",
        _("失业动态监测"),
        "www:monitoring",
        {
            "www:monitoring",
            "www:monitoring_report",
            "www:monitoring_report_form",
            "www:monitoring_mine",
            "www:monitoring_panel",
            "www:monitoring_enrol",
            "www:monitoring_enterprise",
            "www:monitoring_warning",
        },
    ),
    (
        "statistics",
        _("劳动力调查统计"),
        "www:statistics",
        {
            "www:statistics",
            "www:statistics_series",
            "www:statistics_period",
            "www:statistics_imports",
            "www:statistics_import",
        },
    ),
    ("plans", _("规划指标"), None, set()),
]


def navigation(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    current = getattr(request, "resolver_match", None)
    current_name = f"{current.namespace}:{current.url_name}" if current else ""
    items = [
        {"key": key, "label": label, "url": reverse(name) if name else None, "active": current_name in names}
        for key, label, name, names in NAVIGATION
    ]
    return {"navigation": items}

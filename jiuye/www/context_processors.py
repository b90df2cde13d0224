from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The areas of the platform in the order of the plan; an area without a url is shown greyed until it is built.
NAVIGATION = [
    ("home", _("首页"), "www:home"),
    ("registers", _("实名制台账"), "www:person_list"),
    ("supply_demand", _("供需对接"), "www:employer_list"),
    ("monitoring", _("失业动态监测"), None),
    ("statistics", _("劳动力调查统计"), None),
    ("plans", _("规划指标"), None),
]


def navigation(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    current = getattr(request, "resolver_match", None)
    current_name = f"{current.namespace}:{current.url_name}" if current else ""
    items = [
        {"key": key, "label": label, "url": reverse(name) if name else None, "active": name == current_name}
        for key, label, name in NAVIGATION
    ]
    return {"navigation": items}

"""The warnings: a list with filters (level, status, scope, period), paged, and a warning with its names, its
history (acknowledged, notes, refreshed figures, closed) and the officer's follow-up forms.

Reads go through `jiuye.monitoring.selectors` (the region scope): another region's warning is a 404, as if it did
not exist, and an enterprise's reporter account sees no warnings (it is sent to its own home). Codes are shown as
names (`jiuye.monitoring.warning_labels`).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiuye.monitoring.enums import WarningScope, WarningStatus
from jiuye.monitoring.models import MonitoredEnterprise
from jiuye.monitoring.perms import can_manage_monitoring, is_reporter_account
from jiuye.monitoring.selectors import ACTIVE, UNGRADED, warning_get, warning_search
from jiuye.monitoring.warning_labels import level_labels, warning_named, warnings_named
from jiuye.www.monitoring.common import PERIOD
from jiuye.www.paging import paged


def _filters(request: HttpRequest) -> dict[str, str]:
    """The list's filters as asked, each kept only when it is one of its choices (anything else is ignored)."""
    allowed = {
        "status": {ACTIVE, *WarningStatus.values},
        "scope": set(WarningScope.values),
        "level": {UNGRADED, *level_labels()},
    }
    filters = {name: request.GET.get(name, "") for name in ("period", "status", "scope", "level")}
    filters = {name: value if value in allowed.get(name, {value}) else "" for name, value in filters.items()}
    if not PERIOD.match(filters["period"]):
        filters["period"] = ""
    return filters


def warning_list(request: HttpRequest) -> HttpResponse:
    """失业风险预警: every warning routed to the user's region, newest period first; `?status=active` (the overview's
    link) is those not yet closed."""
    if is_reporter_account(request.user):
        return redirect("www:monitoring_mine")
    filters = _filters(request)
    page, params = paged(request, warning_search(user=request.user, **filters))
    context = {
        "page": page,
        "page_params": params,
        "rows": warnings_named(user=request.user, warnings=list(page.object_list)),
        "filters": filters,
        "statuses": [(ACTIVE, _("未关闭")), *WarningStatus.choices],
        "scopes": WarningScope.choices,
        "levels": [*level_labels().items(), (UNGRADED, _("未分级"))],
    }
    return render(request, "www/monitoring/warning_list.html", context)


def warning_detail(request: HttpRequest, pk: int) -> HttpResponse:
    warning = warning_get(user=request.user, pk=pk)
    enterprise = None
    if warning.scope == WarningScope.ENTERPRISE:
        enterprise = (
            MonitoredEnterprise.objects.visible_to(request.user)
            .filter(employer__uscc=warning.subject)
            .select_related("employer")
            .order_by("-entered_on")
            .first()
        )
    context = {
        "named": warning_named(user=request.user, warning=warning),
        "warning": warning,
        "enterprise": enterprise,
        "notes": warning.notes.select_related("user"),
        "can_follow_up": can_manage_monitoring(request.user) and warning.status != WarningStatus.CLOSED,
    }
    return render(request, "www/monitoring/warning_detail.html", context)

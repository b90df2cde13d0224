"""The leaders' dashboard: are the plan's indicators on track in this region, where not, and why; with the map of
its cities or counties, the trend charts, the open warnings, an Excel export and a printable view for meetings.

A region outside the user's scope, a street's or a community's officer asking for their own (they have none) and
an enterprise's reporter account all get the Chinese 404 (`region_for`); the reporter account's pages are sent to
its portal before that (`ReporterPortalMiddleware`).
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jiuye.plans.perms import plan_home_code
from jiuye.plans.selectors import region_for
from jiuye.reports.excel import excel_response
from jiuye.www.dashboard.export import dashboard_workbook
from jiuye.www.dashboard.page import dashboard_for


def dashboard_own(request: HttpRequest) -> HttpResponse:
    code = plan_home_code(request.user)
    if code is None:
        raise Http404(_("您所在的区划没有规划指标页面（规划指标按省、市、县统计）。"))
    return dashboard(request, code)


def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    region = region_for(user=request.user, code=code)
    context = {"dashboard": dashboard_for(user=request.user, region=region)}
    return render(request, "www/dashboard/page.html", context)


def dashboard_print(request: HttpRequest, code: str) -> HttpResponse:
    """The same figures on A4 for a meeting: no menu, the charts drawn without animation, the map's measure the one
    the page showed (`?measure=`)."""
    region = region_for(user=request.user, code=code)
    context = {"dashboard": dashboard_for(user=request.user, region=region), "measure": request.GET.get("measure", "")}
    return render(request, "www/dashboard/print.html", context)


def dashboard_export(request: HttpRequest, code: str) -> HttpResponse:
    region = region_for(user=request.user, code=code)
    return excel_response(dashboard_workbook(dashboard_for(user=request.user, region=region)))

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jiuye.accounts.perms import can_view_region
from jiuye.accounts.scope import user_region_prefix
from jiuye.employers.perms import can_manage_employers, is_reporter_account
from jiuye.employers.selectors import employer_search
from jiuye.people.worklists import WORKLISTS, worklist_counts
from jiuye.reference.models import Region
from jiuye.www import selectors
from jiuye.www.paging import paged, region_param
from jiuye.www.regions import region_picker


def home(request: HttpRequest) -> HttpResponse:
    """The region's dashboard; an enterprise's reporter account has its own home (企业首页), which it lands on after
    login too (LOGIN_REDIRECT_URL is this page)."""
    if is_reporter_account(request.user):
        return redirect("www:monitoring_mine")
    prefix = user_region_prefix(request.user)
    if prefix is None:
        return render(request, "www/no_scope.html", status=403)
    return _region_page(request, Region.objects.get(code=prefix or "14"))


def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    if not can_view_region(request.user, code):
        raise Http404(_("该区划不存在或不在您的管辖范围内。"))
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Http404(_("该区划不存在或不在您的管辖范围内。"))
    return _region_page(request, region)


def _region_page(request: HttpRequest, region: Region) -> HttpResponse:
    overview = selectors.region_overview(user=request.user, region=region)
    ancestors = [r for r in selectors.region_ancestors(region) if can_view_region(request.user, r.code)]
    # The measure the map script (region_map.js, the dashboard's too) draws.
    map_data = {
        "label": _("登记人员"), "unit": _("人"), "decimals": 0, "palette": "people", "min": 0,
        "legend": [_("多"), _("少")],
        "data": [{"code": row.region.code, "name": row.region.name, "value": row.people} for row in overview.children],
    }  # fmt: skip
    counts = worklist_counts(user=request.user, region_code=region.code)
    worklists = [{"name": name, "title": WORKLISTS[name].title, "count": count} for name, count in counts.items()]
    context = {
        "region": region, "overview": overview, "ancestors": ancestors, "map_data": map_data, "worklists": worklists,
    }  # fmt: skip
    return render(request, "www/home.html", context)


def employer_list(request: HttpRequest) -> HttpResponse:
    employers = employer_search(user=request.user, query=request.GET.get("q", ""))
    return _search_page(request, employers, "employer", can_add=can_manage_employers(request.user))


def _search_page(request: HttpRequest, queryset, name: str, **extra) -> HttpResponse:
    """A paged, searchable list with the region picker; an htmx request gets only the rows, to swap in as the user
    types or picks (a history restore gets the whole page)."""
    region = region_param(request)
    page, params = paged(request, queryset.in_region(region) if region else queryset)
    rows_only = request.htmx and not request.htmx.history_restore_request
    template = f"www/{name}_rows.html" if rows_only else f"www/{name}_list.html"
    context = {
        "page": page, "page_params": params, "query": request.GET.get("q", ""),
        "picker": region_picker(request.user, region), **extra,
    }  # fmt: skip
    return render(request, template, context)

"""Paging and region narrowing shared by the list pages."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from jiuye.accounts.scope import user_region_prefix
from jiuye.reference.enums import RegionLevel
from jiuye.reference.models import Region


def region_param(request: HttpRequest) -> str:
    """`?region=` narrows a list to a region inside the user's scope; anything else is ignored."""
    region = request.GET.get("region", "").strip()
    prefix = user_region_prefix(request.user)
    return region if region.isdigit() and prefix is not None and region.startswith(prefix) else ""


def paged(request: HttpRequest, rows) -> tuple[Page, str]:
    """The requested page, and the query string without `page` for the pager's links."""
    params = request.GET.copy()
    params.pop("page", None)
    return Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page")), params.urlencode()


def query_string(request: HttpRequest, keep: tuple[str, ...]) -> str:
    """The request's query string with only the parameters named in ``keep`` (the filters an export link carries)."""
    params = request.GET.copy()
    for key in list(params):
        if key not in keep:
            del params[key]
    return params.urlencode()


def scope_counties(user) -> list[Region]:
    """The counties inside the user's scope, for a list's county filter or a form's region choices: all 117 of
    Shanxi for the province, the city's for a city, the one county for a county office, none below."""
    prefix = user_region_prefix(user)
    if prefix is None:
        return []
    return list(Region.objects.filter(level=RegionLevel.COUNTY, code__startswith=prefix).order_by("code"))

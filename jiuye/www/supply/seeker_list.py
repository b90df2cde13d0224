"""The list of job seekers (求职登记人员) of the user's region: filters by status, county, desired occupation, key
group and name, htmx rows, and its Excel export.

Personal data is shown as on the other lists of people: the resident ID number masked (`140105********0012`) and,
here, the phone masked too (`139****5678`): the list is for finding a seeker, the person card for calling one.
As everywhere, a masked list is not an audit event; the export is, masked or not, with its row count (PIPL art. 55),
and full numbers only for users with the unmask permission. A reporter account (企业填报员) sees no seekers.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiuye.people.masking import mask_phone
from jiuye.people.perms import can_unmask_ric
from jiuye.reference.enums import KeyGroup
from jiuye.reports.excel import excel_response, export_seekers
from jiuye.seekers.enums import SeekerStatus
from jiuye.seekers.perms import can_manage_seekers
from jiuye.seekers.selectors import seeker_search
from jiuye.www.paging import paged, query_string, region_param, scope_counties

FILTERS = ("q", "status", "region", "occupation", "group")


def _filters(request: HttpRequest) -> dict[str, str]:
    """The list's filters as `seeker_search` takes them; with no `status` asked, the active registrations."""
    status = request.GET.get("status", SeekerStatus.ACTIVE)
    group = request.GET.get("group", "")
    return {
        "name": request.GET.get("q", ""),
        "status": status if status in SeekerStatus.values else "",
        "region_code": region_param(request),
        "occupation": request.GET.get("occupation", ""),
        "group": group if group in KeyGroup.values else "",
    }


@login_required
def seeker_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    page, params = paged(request, seeker_search(user=request.user, **filters))
    rows = [(registration, mask_phone(registration.person.phone)) for registration in page]
    template = "www/supply/seeker_rows.html" if request.htmx else "www/supply/seeker_list.html"
    context = {
        "page": page, "rows": rows, "page_params": params, "filters": filters,
        "statuses": SeekerStatus.choices, "groups": KeyGroup.choices, "counties": scope_counties(request.user),
        "can_manage": can_manage_seekers(request.user), "can_unmask": can_unmask_ric(request.user),
        "export_params": query_string(request, FILTERS),
    }  # fmt: skip
    return render(request, template, context)


@login_required
def seeker_export(request: HttpRequest) -> HttpResponse:
    """The list as filtered, every page; `?unmasked=1` for full numbers (403 without the permission)."""
    unmasked = request.GET.get("unmasked") == "1"
    return excel_response(export_seekers(user=request.user, unmasked=unmasked, **_filters(request)))

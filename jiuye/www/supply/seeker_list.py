"""The list of job seekers (求职登记人员) of the user's region: filters by status, region (the region picker),
desired occupation, key group and name, htmx rows, and its Excel export.

Personal data is shown as on the other lists of people (`jiuye.people.masking`): the resident ID number and the phone
masked (`140105********0012`, `139****5678`): the list is for finding a seeker, the person card for calling one.
As everywhere, a masked list is not an audit event; the export is, masked or not, with its row count (PIPL art. 55),
and full numbers only for users with the unmask permission who state the purpose (`jiuye.www.exports`). A reporter
account (企业填报员) sees no seekers.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from jiuye.jobs.exports import ExportRequest
from jiuye.people.perms import can_unmask_ric
from jiuye.reference.enums import KeyGroup
from jiuye.reports.excel import export_seekers
from jiuye.seekers.enums import SeekerStatus
from jiuye.seekers.perms import can_manage_seekers
from jiuye.seekers.selectors import seeker_search
from jiuye.www.exports import ExportPurposeForm, export_response
from jiuye.www.paging import paged, query_string, region_param
from jiuye.www.regions import region_picker

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


def seeker_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    page, params = paged(request, seeker_search(user=request.user, **filters))
    rows_only = request.htmx and not request.htmx.history_restore_request
    can_unmask = can_unmask_ric(request.user)
    context = {
        "page": page, "page_params": params, "filters": filters,
        "statuses": SeekerStatus.choices, "groups": KeyGroup.choices,
        "picker": region_picker(request.user, filters["region_code"]),
        "can_manage": can_manage_seekers(request.user), "can_unmask": can_unmask,
        "export_params": query_string(request, FILTERS), "export_form": ExportPurposeForm() if can_unmask else None,
    }  # fmt: skip
    return render(request, "www/supply/seeker_rows.html" if rows_only else "www/supply/seeker_list.html", context)


@require_http_methods(["GET", "POST"])
def seeker_export(request: HttpRequest) -> HttpResponse:
    """The list as filtered, every page; `?unmasked=1` for full numbers: posted with a purpose, 403 without the
    permission."""
    filters = _filters(request)
    return export_response(
        request,
        lambda unmasked, purpose: export_seekers(user=request.user, unmasked=unmasked, purpose=purpose, **filters),
        ExportRequest("seekers", {"filters": filters}),
    )

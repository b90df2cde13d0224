"""People search: by name, resident ID number or phone, within the user's region; and the audited reveal of a full
resident ID number, for users with the unmask permission. Reads go through `jiuye.people.selectors`."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jiuye.people import selectors
from jiuye.people.perms import can_unmask_ric
from jiuye.people.services import ric_reveal
from jiuye.www.paging import paged, region_param


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    """Search by name (part of it), resident ID number (whole, 15 or 18 digits) or phone; htmx gets the rows only.

    The search form posts, so that a typed resident ID number stays out of the address bar, the browser history and
    the server's access log; links (pages, regions) still use GET."""
    query = request.POST.get("q", request.GET.get("q", ""))
    people = selectors.person_search(user=request.user, query=query)
    region = region_param(request)
    page, params = paged(request, people.in_region(region) if region else people)
    template = "www/people/person_rows.html" if request.htmx else "www/people/person_list.html"
    context = {"page": page, "page_params": params, "query": query, "can_unmask": can_unmask_ric(request.user)}
    return render(request, template, context)


@login_required
@require_POST
@never_cache
def person_ric(request: HttpRequest, pk: int) -> HttpResponse:
    """The full number, for htmx to swap in place of the masked one; `ric_reveal` checks the permission (403) and
    writes the audit event."""
    person = selectors.person_get(user=request.user, pk=pk)
    return render(request, "www/people/ric_full.html", {"ric": ric_reveal(user=request.user, person=person)})

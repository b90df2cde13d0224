"""The people list (实名制人员): search by name, resident ID number or phone, filters (region picked by name, key
group, employment status, age band, the graduates' "1131" progress), sortable columns and page numbers, within the
user's region; and the audited reveal of a full resident ID number, for users with the unmask permission. Reads go
through `jiuye.people.selectors` and `jiuye.people.listing`.

What is typed into the search box never enters a URL (`jiuye.www.kept_search`): the form posts, the text is kept in
the session under a short token, and the list is shown at a GET address holding the token and the filters, so that
back/forward and reload show the same results.
"""

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from jiuye.people import listing, selectors
from jiuye.people.enums import EmploymentStatus
from jiuye.people.listing import AGE_BANDS, GRADUATE_SERVICE, PersonFilters, age_on
from jiuye.people.perms import can_unmask_ric
from jiuye.people.services import ric_reveal
from jiuye.reference.enums import KeyGroup
from jiuye.second_factor.perms import check_second_factor
from jiuye.www.kept_search import search_keep, search_recall
from jiuye.www.paging import paged, region_param, sorting, with_params
from jiuye.www.regions import region_picker

SORT_COLUMNS = {
    "name": gettext_lazy("姓名"),
    "age": gettext_lazy("年龄"),
    "region": gettext_lazy("常住地"),
    "status": gettext_lazy("就业状态"),
    "last_service": gettext_lazy("最近服务"),
}
DEFAULT_SORT = "region"
ANY = [("", gettext_lazy("不限"))]


class PersonFilterForm(forms.Form):
    """The list's filters besides the search text and the region; a value that is no choice counts as none."""

    group = forms.ChoiceField(label=gettext_lazy("重点群体"), choices=ANY + KeyGroup.choices, required=False)
    status = forms.ChoiceField(label=gettext_lazy("就业状态"), choices=ANY + EmploymentStatus.choices, required=False)
    age = forms.ChoiceField(
        label=gettext_lazy("年龄段"), choices=ANY + [(key, band.label) for key, band in AGE_BANDS.items()],
        required=False,
    )  # fmt: skip
    service = forms.ChoiceField(
        label=gettext_lazy("“1131”服务"), choices=ANY + list(GRADUATE_SERVICE.items()), required=False
    )

    def values(self) -> dict[str, str]:
        self.is_valid()
        return {name: self.cleaned_data.get(name, "") for name in self.fields}


@require_http_methods(["GET", "POST"])
def person_list(request: HttpRequest) -> HttpResponse:
    """GET shows the list (htmx gets the results only); a POST of the form, or an old `?q=` link, leads to the GET
    address with the search kept under a token (303, so reload never posts again)."""
    if request.method == "POST" or "q" in request.GET:
        return HttpResponseRedirect(_list_url(request), status=303)
    query = search_recall(request, request.GET.get("s", ""))
    form = PersonFilterForm(request.GET)
    chosen = form.values()
    region = region_param(request)
    filters = PersonFilters(
        query=query or "", region_code=region, group=chosen["group"], status=chosen["status"],
        age_band=chosen["age"], graduate_service=chosen["service"],
    )  # fmt: skip
    today = timezone.localdate()
    order = sorting(request, SORT_COLUMNS, DEFAULT_SORT)
    people = listing.person_list(user=request.user, filters=filters, today=today)
    people = listing.person_order(people, order.key, order.descending)
    page, params = paged(request, people)
    context = {
        "page": page, "page_params": params, "rows": [(person, age_on(person.birth_date, today)) for person in page],
        "sort": order, "sort_param": request.GET.get("sort", ""), "query": query or "", "expired": query is None,
        "form": form, "picker": region_picker(request.user, region), "can_unmask": can_unmask_ric(request.user),
    }  # fmt: skip
    results_only = request.htmx and not request.htmx.history_restore_request
    return render(request, "www/people/person_rows.html" if results_only else "www/people/person_list.html", context)


def _list_url(request: HttpRequest) -> str:
    """The list's GET address for the posted form (or an old `?q=` link): the search as a token, the filters and
    the order as they are, back to page 1."""
    data = request.POST if request.method == "POST" else request.GET
    params = {"s": search_keep(request, data.get("q", "")), "region": region_param(request, data=data)}
    params |= {name: data.get(name, "") for name in (*PersonFilterForm.base_fields, "sort")}
    return with_params(reverse("www:person_list"), params)


@require_POST
@never_cache
def person_ric(request: HttpRequest, pk: int) -> HttpResponse:
    """The full number, for htmx to swap in place of the masked one; `ric_reveal` checks the permission (403) and
    writes the audit event. A session without its second factor is refused first (403)."""
    check_second_factor(request)
    person = selectors.person_get(user=request.user, pk=pk)
    return render(request, "www/people/ric_full.html", {"ric": ric_reveal(user=request.user, person=person)})

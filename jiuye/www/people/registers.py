"""Pages of the real-name registers of the key groups and the worklists, and their Excel exports. Every read goes
through `jiuye.people.selectors`, so it stays inside the user's region. Their region filter is the region picker;
a register's search, which takes ID numbers, is kept out of URLs as the people list's is (`jiuye.www.kept_search`);
a full-number export asks for its purpose (`jiuye.www.exports`)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jiuye.jobs.exports import ExportRequest
from jiuye.people import selectors, worklists
from jiuye.people.perms import can_unmask_ric
from jiuye.people.standard import GraduateProgress, graduate_progress
from jiuye.people.worklists import WORKLISTS, Worklist
from jiuye.reference.enums import KeyGroup
from jiuye.reports.excel import export_register, export_worklist
from jiuye.www.exports import ExportPurposeForm, export_response
from jiuye.www.kept_search import search_keep, search_recall
from jiuye.www.paging import paged, query_string, region_param, with_params
from jiuye.www.regions import region_picker


@dataclass(frozen=True)
class Row:
    """A row of a register or worklist page, with what the page shows beside the record."""

    record: Any
    progress: GraduateProgress | None = None
    waiting_days: int | None = None


def registers(request: HttpRequest) -> HttpResponse:
    counts = selectors.register_counts(user=request.user)
    rows = [{"group": group, "count": counts[group.value]} for group in KeyGroup]
    return render(request, "www/people/registers.html", {"rows": rows})


def _group(group: str) -> KeyGroup:
    if group not in KeyGroup.values:
        raise Http404(_("没有这个台账。"))
    return KeyGroup(group)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, group: str) -> HttpResponse:
    """The register's entries; the search form posts and leads to the GET address with the search as a token."""
    group = _group(group)
    if request.method == "POST" or "q" in request.GET:
        data = request.POST if request.method == "POST" else request.GET
        params = {"s": search_keep(request, data.get("q", "")), "region": region_param(request, data=data)}
        params["exited"] = data.get("exited", "")
        return HttpResponseRedirect(with_params(reverse("www:register", args=[group.value]), params), status=303)
    include_exited = request.GET.get("exited") == "1"
    query = search_recall(request, request.GET.get("s", ""))
    region = region_param(request)
    entries = selectors.register_entries(
        user=request.user, group=group, include_exited=include_exited, query=query or "", region_code=region
    )
    page, params = paged(request, entries)
    graduate = group == KeyGroup.UNPLACED_GRADUATE
    rows = [Row(entry, graduate_progress(entry=entry) if graduate else None) for entry in page]
    context = {
        "group": group, "page": page, "rows": rows, "page_params": params, "query": query or "",
        "expired": query is None, "picker": region_picker(request.user, region), "include_exited": include_exited,
        **_export_context(request),
    }  # fmt: skip
    return render(request, "www/people/register.html", context)


@require_http_methods(["GET", "POST"])
def register_export(request: HttpRequest, group: str) -> HttpResponse:
    group = _group(group)
    include_exited, region = request.GET.get("exited") == "1", region_param(request)

    def build(unmasked: bool, purpose: str):
        return export_register(
            user=request.user, group=group, unmasked=unmasked, purpose=purpose, include_exited=include_exited,
            region_code=region,
        )  # fmt: skip

    large = ExportRequest("register", {"group": group.value, "include_exited": include_exited, "region_code": region})
    return export_response(request, build, large)


def _worklist(name: str) -> Worklist:
    if name not in WORKLISTS:
        raise Http404(_("没有这个工作清单。"))
    return WORKLISTS[name]


def _worklist_row(record, name: str, today: datetime.date) -> Row:
    if name == "graduates_not_served":
        return Row(record, progress=graduate_progress(entry=record))
    if name == "zero_employment_households":
        return Row(record, waiting_days=(today - record.started_on).days)
    return Row(record, waiting_days=(today - (record.last_service_on or record.entered_on)).days)


def worklist(request: HttpRequest, name: str) -> HttpResponse:
    definition = _worklist(name)
    today = timezone.localdate()
    region = region_param(request)
    records = worklists.worklist(user=request.user, name=name, today=today, region_code=region)
    page, params = paged(request, records)
    context = {
        "worklist": definition, "page": page, "page_params": params, "picker": region_picker(request.user, region),
        "rows": [_worklist_row(record, name, today) for record in page],
        "rows_template": f"www/people/worklist_{name}.html", **_export_context(request),
    }  # fmt: skip
    if name == "zero_employment_households":  # no numbers there
        context["can_unmask"] = False
    return render(request, "www/people/worklist.html", context)


@require_http_methods(["GET", "POST"])
def worklist_export(request: HttpRequest, name: str) -> HttpResponse:
    _worklist(name)
    region, today = region_param(request), timezone.localdate()
    return export_response(
        request,
        lambda unmasked, purpose: export_worklist(
            user=request.user, name=name, unmasked=unmasked, purpose=purpose, region_code=region
        ),
        ExportRequest("worklist", {"name": name, "region_code": region, "today": today.isoformat()}),
    )


def _export_context(request: HttpRequest) -> dict:
    """What the export links need: the list's filters an export keeps (region, exited) as a query string, and the
    full-number export's purpose form for users who may use it."""
    can_unmask = can_unmask_ric(request.user)
    return {
        "export_params": query_string(request, ("region", "exited")),
        "can_unmask": can_unmask,
        "export_form": ExportPurposeForm() if can_unmask else None,
    }

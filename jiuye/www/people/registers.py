"""Pages of the real-name registers of the key groups and the worklists, and their Excel exports. Every read goes
through `jiuye.people.selectors`, so it stays inside the user's region."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.people import selectors, worklists
from jiuye.people.perms import can_unmask_ric
from jiuye.people.standard import GraduateProgress, graduate_progress
from jiuye.people.worklists import WORKLISTS, Worklist
from jiuye.reference.enums import KeyGroup
from jiuye.reports.excel import excel_response, export_register, export_worklist
from jiuye.www.paging import paged, query_string, region_param


@dataclass(frozen=True)
class Row:
    """A row of a register or worklist page, with what the page shows beside the record."""

    record: Any
    progress: GraduateProgress | None = None
    waiting_days: int | None = None


@login_required
def registers(request: HttpRequest) -> HttpResponse:
    counts = selectors.register_counts(user=request.user)
    rows = [{"group": group, "count": counts[group.value]} for group in KeyGroup]
    return render(request, "www/people/registers.html", {"rows": rows})


def _group(group: str) -> KeyGroup:
    if group not in KeyGroup.values:
        raise Http404(_("没有这个台账。"))
    return KeyGroup(group)


@login_required
def register(request: HttpRequest, group: str) -> HttpResponse:
    group = _group(group)
    include_exited = request.GET.get("exited") == "1"
    query = request.GET.get("q", "")
    entries = selectors.register_entries(
        user=request.user, group=group, include_exited=include_exited, query=query, region_code=region_param(request)
    )
    page, params = paged(request, entries)
    graduate = group == KeyGroup.UNPLACED_GRADUATE
    rows = [Row(entry, graduate_progress(entry=entry) if graduate else None) for entry in page]
    context = {
        "group": group, "page": page, "rows": rows, "page_params": params, "query": query,
        "include_exited": include_exited, "can_unmask": can_unmask_ric(request.user),
        "export_params": _export_params(request),
    }  # fmt: skip
    return render(request, "www/people/register.html", context)


@login_required
def register_export(request: HttpRequest, group: str) -> HttpResponse:
    file = export_register(
        user=request.user,
        group=_group(group),
        unmasked=request.GET.get("unmasked") == "1",
        include_exited=request.GET.get("exited") == "1",
        region_code=region_param(request),
    )
    return excel_response(file)


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


@login_required
def worklist(request: HttpRequest, name: str) -> HttpResponse:
    definition = _worklist(name)
    today = timezone.localdate()
    records = worklists.worklist(user=request.user, name=name, today=today, region_code=region_param(request))
    page, params = paged(request, records)
    context = {
        "worklist": definition, "page": page, "page_params": params,
        "can_unmask": can_unmask_ric(request.user) and name != "zero_employment_households",  # no numbers there
        "rows": [_worklist_row(record, name, today) for record in page], "export_params": _export_params(request),
        "rows_template": f"www/people/worklist_{name}.html",
    }  # fmt: skip
    return render(request, "www/people/worklist.html", context)


@login_required
def worklist_export(request: HttpRequest, name: str) -> HttpResponse:
    _worklist(name)
    file = export_worklist(
        user=request.user,
        name=name,
        unmasked=request.GET.get("unmasked") == "1",
        region_code=region_param(request),
    )
    return excel_response(file)


def _export_params(request: HttpRequest) -> str:
    """The list's filters an export keeps (region, exited), as a query string."""
    return query_string(request, ("region", "exited"))

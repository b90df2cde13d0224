"""Exports of many rows, and the province's Word report, as jobs.

A list's export is written in the request while it is small: under EXPORT_JOB_ROWS rows (default 5,000, a few
seconds) the page gives the file at once, as it always did. A larger one is a job: the page counts the rows the
export would write (the same query), and above the threshold enqueues an `export` job that writes the same file
with the same export function (`jiuye.reports.excel`) on a worker, reporting rows written of the total, and leaves
it for download (`jiuye.jobs.files`). The export's audit event is the same, written by the same function when the
worker writes the file.

Each list that may be large is an `ExportSource`: how to count its rows and how to write it, from the job's
params (JSON: the list's filters, never a resident ID number), so that the worker builds what the page asked.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.jobs.enums import JobKind
from jiuye.jobs.models import Job
from jiuye.jobs.services import job_enqueue
from jiuye.monitoring.analysis.perms import can_view_analysis
from jiuye.people.selectors import register_entries
from jiuye.people.worklists import WORKLISTS, worklist
from jiuye.reference.enums import KeyGroup
from jiuye.reports.excel import ExcelFile, check_unmask, export_register, export_seekers, export_worklist
from jiuye.seekers.selectors import seeker_search

DEFAULT_EXPORT_JOB_ROWS = 5000
PROVINCE = "14"


def export_job_rows() -> int:
    """Above this many rows an export runs as a job (setting EXPORT_JOB_ROWS)."""
    return int(getattr(settings, "EXPORT_JOB_ROWS", DEFAULT_EXPORT_JOB_ROWS))


@dataclass(frozen=True)
class ExportSource:
    title: Callable[[dict], str]
    rows: Callable[[User, dict], QuerySet]
    write: Callable[[User, dict, bool, str], ExcelFile]


def _worklist_day(params: dict) -> datetime.date:
    return datetime.date.fromisoformat(params["today"]) if params.get("today") else timezone.localdate()


EXPORT_SOURCES: dict[str, ExportSource] = {
    "register": ExportSource(
        title=lambda params: _("%(group)s台账") % {"group": KeyGroup(params["group"]).label},
        rows=lambda user, params: register_entries(
            user=user, group=KeyGroup(params["group"]), include_exited=params["include_exited"],
            region_code=params["region_code"],
        ),
        write=lambda user, params, unmasked, purpose: export_register(
            user=user, group=params["group"], unmasked=unmasked, purpose=purpose,
            include_exited=params["include_exited"], region_code=params["region_code"],
        ),
    ),
    "worklist": ExportSource(
        title=lambda params: str(WORKLISTS[params["name"]].title),
        rows=lambda user, params: worklist(
            user=user, name=params["name"], today=_worklist_day(params), region_code=params["region_code"]
        ),
        write=lambda user, params, unmasked, purpose: export_worklist(
            user=user, name=params["name"], unmasked=unmasked, purpose=purpose, today=_worklist_day(params),
            region_code=params["region_code"],
        ),
    ),
    "seekers": ExportSource(
        title=lambda params: _("求职登记人员"),
        rows=lambda user, params: seeker_search(user=user, **params["filters"]),
        write=lambda user, params, unmasked, purpose: export_seekers(
            user=user, unmasked=unmasked, purpose=purpose, **params["filters"]
        ),
    ),
}  # fmt: skip


@dataclass(frozen=True)
class ExportRequest:
    """What a page would export, as a job could write it: a source of EXPORT_SOURCES and its params."""

    source: str
    params: dict


def export_rows(*, user: User, request: ExportRequest) -> int:
    return EXPORT_SOURCES[request.source].rows(user, request.params).count()


def export_is_large(*, user: User, request: ExportRequest) -> bool:
    return export_rows(user=user, request=request) > export_job_rows()


def export_job_enqueue(*, user: User, request: ExportRequest, unmasked: bool = False, purpose: str = "") -> Job:
    """A list's export as a job. The full-number permission and the purpose are checked here, so that the page says
    a refusal at once (403, or the purpose form again); the worker checks them again when it writes the file."""
    purpose = check_unmask(user, unmasked, purpose) or ""
    source = EXPORT_SOURCES[request.source]
    what = _("导出%(name)s（完整号码）") if unmasked else _("导出%(name)s")
    return job_enqueue(
        user=user, kind=JobKind.EXPORT, title=what % {"name": source.title(request.params)},
        params={"source": request.source, **request.params, "unmasked": unmasked, "purpose": purpose},
    )  # fmt: skip


def export_source_request(job: Job) -> ExportRequest:
    """The export a job's params ask for, as the worker rebuilds it."""
    params = {key: value for key, value in job.params.items() if key not in ("source", "unmasked", "purpose")}
    return ExportRequest(source=job.params["source"], params=params)


def report_is_large(region_code: str) -> bool:
    """The Word analysis of the whole province is a job; a city's or a county's is written in the request."""
    return region_code == PROVINCE


def report_job_enqueue(*, user: User, period: str, region_code: str) -> Job:
    """The monthly analysis's Word report of a region as a job; a region outside the user's scope is refused at
    once (403), a bad period is the job's Chinese error."""
    if not can_view_analysis(user, region_code):
        raise PermissionDenied(_("该地区不在您的管辖范围内。"))
    return job_enqueue(
        user=user, kind=JobKind.REPORT, title=_("生成%(period)s失业动态监测月度分析报告（Word）") % {"period": period},
        params={"period": period, "region_code": region_code},
    )  # fmt: skip

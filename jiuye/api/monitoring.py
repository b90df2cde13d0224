"""`/api/monitoring`: the panel, monthly reports and warnings, for other government systems and enterprise software.

Reads go through the region scope (for an enterprise's reporter account: its own enterprises, see perms.py); a
report is submitted (or revised, with a reason) by the enterprise's unified social credit code, through the same
service and quality control as the web form and the Excel import. Officers enrol employers by USCC, record their
leaving, and follow warnings up (acknowledge, note, close) through the same services as the pages, which check who
may (a 403 otherwise); what the caller may not see is a 404.
"""

import datetime

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from jiuye.api.auth import user_auth
from jiuye.api.pagination import paginate
from jiuye.employers.models import Employer
from jiuye.monitoring import qc
from jiuye.monitoring.aggregates import GROUPINGS, aggregate, rate_text
from jiuye.monitoring.enums import ReductionReason, WarningScope, WarningStatus
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport
from jiuye.monitoring.selectors import enterprise_get, panel_search, report_rows, warning_get, warning_search
from jiuye.monitoring.services import enterprise_enrol, enterprise_leave, report_submit
from jiuye.monitoring.warning_followup import warning_acknowledge, warning_close, warning_note

router = Router(tags=["失业动态监测"], auth=user_auth)
PERIOD = r"^\d{4}-(0[1-9]|1[0-2])$"


class ReportIn(Schema):
    uscc: str
    period: str = Field(pattern=PERIOD)
    previous_headcount: int = Field(ge=0)
    current_headcount: int = Field(ge=0)
    added: int = Field(0, ge=0)
    reductions: dict[ReductionReason, int] = Field(default_factory=dict, description="按减少原因的人数，缺省为0")
    standby: int = Field(0, ge=0)
    long_leave: int = Field(0, ge=0)
    note: str = ""
    reason: str = Field("", description="修改已报送的月报时必填")
    confirmed: bool = Field(False, description="变动较大经核实无误（须同时填写备注）")


class ReportOut(Schema):
    id: int
    uscc: str
    period: str
    status: str
    previous_headcount: int
    current_headcount: int
    added: int
    reductions: dict[str, int]
    standby: int
    long_leave: int
    note: str
    late: bool

    @staticmethod
    def resolve_uscc(obj) -> str:
        return obj.enterprise.employer.uscc


class AggregateOut(Schema):
    group: str
    enterprises: int
    baseline_headcount: int
    previous_headcount: int
    current_headcount: int
    change_from_baseline: int
    change_rate_from_baseline: str
    change_from_previous: int
    change_rate_from_previous: str
    added: int
    reduced: int
    reductions: dict[str, int]
    hidden_unemployment: int
    hidden_unemployment_rate: str


@router.get("/reports", response=list[ReportOut], summary="监测企业月报（限本辖区）")
@paginate
def report_list(request: HttpRequest, period: str = "", region: str = ""):
    reports = MonthlyReport.objects.visible_to(request.user).select_related("enterprise__employer")
    if period:
        reports = reports.filter(period=period)
    return reports.in_region(region) if region.isdigit() else reports


@router.post("/reports", response={201: ReportOut, 200: ReportOut}, summary="报送或修改月报（按统一社会信用代码）")
def report_create(request: HttpRequest, payload: ReportIn):
    enterprise = get_object_or_404(
        MonitoredEnterprise.objects.visible_to(request.user).select_related("employer"),
        employer__uscc=payload.uscc.strip().upper(),
        left_on__isnull=True,
    )
    figures = qc.Figures(
        previous_headcount=payload.previous_headcount,
        current_headcount=payload.current_headcount,
        added=payload.added,
        reductions={str(reason): count for reason, count in payload.reductions.items()},
        standby=payload.standby,
        long_leave=payload.long_leave,
    )
    report, outcome = report_submit(
        actor=request.user, enterprise=enterprise, period=payload.period, figures=figures, note=payload.note,
        reason=payload.reason, confirmed=payload.confirmed,
    )  # fmt: skip
    return Status(201 if outcome.created else 200, report)


@router.get("/aggregates", response=list[AggregateOut], summary="按区划、行业、经济类型或规模汇总（限本辖区）")
def aggregate_list(
    request: HttpRequest, period: str = Query(..., pattern=PERIOD), by: str = "county", region: str = ""
):
    groups = aggregate(
        report_rows(user=request.user, period=period, region=region), by if by in GROUPINGS else "county"
    )
    return [
        {
            "group": key,
            **{name: getattr(totals, name) for name in AggregateOut.model_fields if hasattr(totals, name)},
            "change_rate_from_baseline": rate_text(totals.change_rate_from_baseline),
            "change_rate_from_previous": rate_text(totals.change_rate_from_previous),
            "hidden_unemployment_rate": rate_text(totals.hidden_unemployment_rate),
        }
        for key, totals in groups.items()
    ]


class EnterpriseOut(Schema):
    id: int
    uscc: str
    name: str
    region: str
    baseline_period: str
    baseline_headcount: int
    entered_on: datetime.date
    left_on: datetime.date | None

    @staticmethod
    def resolve_uscc(obj) -> str:
        return obj.employer.uscc

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.employer.name

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.employer.region_id


class EnrolIn(Schema):
    uscc: str = Field(min_length=18, max_length=18)
    baseline_period: str = Field(pattern=PERIOD, description="建档期，YYYY-MM")
    baseline_headcount: int = Field(ge=0, description="建档期岗位数")
    entered_on: datetime.date = Field(description="纳入监测日期")


class LeaveIn(Schema):
    left_on: datetime.date = Field(description="退出监测日期")


@router.get("/enterprises", response=list[EnterpriseOut], summary="监测企业名单（限本辖区）")
@paginate
def enterprise_list(request: HttpRequest, q: str = "", region: str = "", include_left: bool = False):
    enterprises = panel_search(user=request.user, query=q, include_left=include_left)
    return enterprises.in_region(region) if region.isdigit() else enterprises


@router.post("/enterprises", response={201: EnterpriseOut}, summary="纳入监测（初次建档，按统一社会信用代码）")
def enterprise_create(request: HttpRequest, payload: EnrolIn):
    employer = get_object_or_404(Employer.objects.visible_to(request.user), uscc=payload.uscc.strip().upper())
    enterprise = enterprise_enrol(
        actor=request.user, employer=employer, baseline_period=payload.baseline_period,
        baseline_headcount=payload.baseline_headcount, entered_on=payload.entered_on,
    )  # fmt: skip
    return Status(201, enterprise)


@router.post("/enterprises/{enterprise_id}/leave", response=EnterpriseOut, summary="记录退出监测")
def enterprise_leave_endpoint(request: HttpRequest, enterprise_id: int, payload: LeaveIn):
    enterprise = enterprise_get(user=request.user, pk=enterprise_id)
    return enterprise_leave(actor=request.user, enterprise=enterprise, left_on=payload.left_on)


class WarningOut(Schema):
    id: int
    period: str
    scope: str
    region_code: str
    subject: str
    rule: str
    level: str
    explanation: str
    figures: dict
    status: str
    created_at: datetime.datetime


class WarningNoteOut(Schema):
    at: datetime.datetime
    action: str
    user: str | None
    text: str
    figures: dict

    @staticmethod
    def resolve_user(obj) -> str | None:
        return obj.user.username if obj.user_id else None


class WarningDetailOut(WarningOut):
    notes: list[WarningNoteOut]

    @staticmethod
    def resolve_notes(obj) -> list:
        return list(obj.notes.select_related("user"))


class NoteIn(Schema):
    text: str = Field("", max_length=500, description="签收时可空；跟进记录和关闭（处置结果）必填")


@router.get("/warnings", response=list[WarningOut], summary="失业风险预警（限本辖区）")
@paginate
def warning_list(
    request: HttpRequest,
    period: str = Query("", pattern=f"{PERIOD}|^$"),
    status: WarningStatus | None = None,
    scope: WarningScope | None = None,
    level: str = Query("", pattern="^(yellow|orange|red|none)?$", description="预警等级；none为未分级的预警"),
):
    return warning_search(user=request.user, period=period, status=status or "", scope=scope or "", level=level)


@router.get("/warnings/{warning_id}", response=WarningDetailOut, summary="预警及其处理记录")
def warning_detail(request: HttpRequest, warning_id: int):
    return warning_get(user=request.user, pk=warning_id)


@router.post("/warnings/{warning_id}/acknowledge", response=WarningDetailOut, summary="签收预警")
def warning_acknowledge_endpoint(request: HttpRequest, warning_id: int, payload: NoteIn):
    return warning_acknowledge(
        actor=request.user, warning=warning_get(user=request.user, pk=warning_id), text=payload.text
    )


@router.post("/warnings/{warning_id}/note", response=WarningDetailOut, summary="记录跟进情况")
def warning_note_endpoint(request: HttpRequest, warning_id: int, payload: NoteIn):
    return warning_note(actor=request.user, warning=warning_get(user=request.user, pk=warning_id), text=payload.text)


@router.post("/warnings/{warning_id}/close", response=WarningDetailOut, summary="关闭预警（须说明处置结果）")
def warning_close_endpoint(request: HttpRequest, warning_id: int, payload: NoteIn):
    return warning_close(actor=request.user, warning=warning_get(user=request.user, pk=warning_id), text=payload.text)

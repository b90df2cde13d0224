"""`/api/monitoring`: monthly reports of monitored enterprises for other government systems and enterprise software.

Reads go through the region scope; a report is submitted (or revised, with a reason) by the enterprise's unified
social credit code, through the same service and quality control as the web form and the Excel import.
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from jiuye.api.auth import user_auth
from jiuye.monitoring import qc
from jiuye.monitoring.aggregates import GROUPINGS, aggregate, rate_text
from jiuye.monitoring.enums import ReductionReason
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport
from jiuye.monitoring.selectors import report_rows
from jiuye.monitoring.services import report_submit

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

"""The plan's main indicators (专栏1) for other systems: each with its baseline, target, latest reported figure and
progress verdict, and each one's series, for a region inside the caller's (404 outside it); the region defaults to
the caller's own."""

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from jiuye.accounts.scope import user_region_prefix
from jiuye.api.auth import user_auth
from jiuye.plans.enums import ProgressStatus
from jiuye.plans.selectors import IndicatorView, indicator_detail, plan_indicators, region_for

router = Router(tags=["规划指标"], auth=user_auth)


class FigureOut(Schema):
    year: int
    month: int
    value: Decimal
    source: str
    source_note: str
    as_of: datetime.date
    region: str


class ProgressOut(Schema):
    status: str
    label: str
    reason: str
    done_share: float | None
    time_share: float | None
    expected: float | None


class ProjectionOut(Schema):
    year: int
    value: float
    low: float | None
    high: float | None
    level: float


class OwnOut(Schema):
    label: str
    value: float
    basis: str


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    kind: str
    rule: str
    baseline_year: int
    baseline_value: Decimal | None
    baseline_text: str
    target_year: int
    target_value: Decimal | None
    target_text: str
    period_text: str
    cumulative_target: Decimal | None
    note: str
    region: str
    target: float | None
    target_region: str
    latest: FigureOut | None
    progress: ProgressOut
    projection: ProjectionOut | None
    own: list[OwnOut]


class PointOut(Schema):
    year: int
    value: float


class SeriesOut(IndicatorOut):
    figures: list[FigureOut]
    path: list[PointOut]
    year_targets: dict[int, float]


def _figure(actual) -> dict:
    return {
        "year": actual.year, "month": actual.month, "value": actual.value, "source": actual.source,
        "source_note": actual.source_note, "as_of": actual.as_of, "region": actual.region_id,
    }  # fmt: skip


def _indicator(view: IndicatorView) -> dict:
    indicator, verdict, projected = view.indicator, view.verdict, view.projected
    return {
        "code": indicator.code, "name": indicator.name, "unit": indicator.unit, "kind": indicator.kind,
        "rule": indicator.rule, "baseline_year": indicator.baseline_year, "baseline_value": indicator.baseline_value,
        "baseline_text": indicator.baseline_text, "target_year": indicator.target_year,
        "target_value": indicator.target_value, "target_text": indicator.target_text,
        "period_text": indicator.period_text,
        "cumulative_target": indicator.target_value if indicator.rule == "cumulative_at_least" else None,
        "note": indicator.note, "region": view.region.code, "target": view.target, "target_region": view.target_region,
        "latest": _figure(view.latest) if view.latest else None,
        "progress": {
            "status": verdict.status, "label": str(ProgressStatus(verdict.status).label), "reason": verdict.reason,
            "done_share": verdict.done_share, "time_share": verdict.time_share, "expected": verdict.expected,
        },
        "projection": projected.__dict__ if projected else None,
        "own": [{"label": own.label, "value": own.value, "basis": own.basis} for own in view.own],
    }  # fmt: skip


def _region(request: HttpRequest, code: str):
    return region_for(user=request.user, code=code or user_region_prefix(request.user) or "14")


@router.get("/indicators", response=list[IndicatorOut], summary="规划主要指标及进度（限本辖区）")
def indicator_list(request: HttpRequest, region: str = ""):
    return [_indicator(view) for view in plan_indicators(user=request.user, region=_region(request, region))]


@router.get("/indicators/{code}/series", response=SeriesOut, summary="某一指标的历年（月）数据、目标路径和预测")
def indicator_series(request: HttpRequest, code: str, region: str = ""):
    view = indicator_detail(user=request.user, region=_region(request, region), code=code)
    return {
        **_indicator(view),
        "figures": [_figure(actual) for actual in view.actuals],
        "path": [{"year": year, "value": value} for year, value in view.path()],
        "year_targets": view.year_targets,
    }

"""The monthly analysis page of enterprise monitoring (失业动态监测月度分析) and its Word download.

`?period=YYYY-MM&region=CODE`: the region defaults to the user's own, the period to the month being reported. A
region outside the user's scope is a 403 (`analysis.perms`); the child regions in the table link one level down.
Everything shown comes from `analysis_build`, so the page and the .docx hold the same figures.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from jiuye.accounts.scope import user_region_prefix
from jiuye.jobs.exports import report_is_large, report_job_enqueue
from jiuye.monitoring.aggregates import REGION_DIGITS, rate_text
from jiuye.monitoring.analysis.content import analysis_build
from jiuye.monitoring.analysis.data import Analysis, GroupRow
from jiuye.monitoring.analysis.perms import can_view_analysis
from jiuye.monitoring.analysis.text import paragraphs
from jiuye.monitoring.analysis.word import (
    analysis_docx_export,
    analysis_title,
    group_cells,
    group_headers,
)
from jiuye.reference.models import Region
from jiuye.reports.word import DOCX
from jiuye.www.errors import error_text
from jiuye.www.jobs import job_follow
from jiuye.www.monitoring.common import shown_period

PROVINCE = "14"
LEVEL_DIGITS = tuple(REGION_DIGITS.values())  # province, city, county


def _params(request: HttpRequest) -> tuple[str, str]:
    """The period (default: the month being reported) and region (default: the user's own, the province for a
    superuser)."""
    period = shown_period(request).period
    region = request.GET.get("region", "") or user_region_prefix(request.user) or PROVINCE
    return period, region


def _analysis(request: HttpRequest) -> Analysis:
    period, region = _params(request)
    try:
        return analysis_build(user=request.user, period=period, region_code=region)
    except ValidationError as error:
        raise Http404(error_text(error)) from error


def monitoring_analysis(request: HttpRequest) -> HttpResponse:
    analysis = _analysis(request)
    context = {
        "analysis": analysis,
        "title": analysis_title(analysis),
        "paragraphs": paragraphs(analysis),
        "breadcrumbs": _breadcrumbs(request, analysis.region_code),
        "region_headers": group_headers(analysis.child_label),
        "region_rows": _rows(analysis.by_region, link=len(analysis.region_code) < LEVEL_DIGITS[-1]),
        "industry_headers": group_headers(_("行业门类")),
        "industry_rows": _rows(analysis.by_industry, link=False),
        "total_cells": group_cells(_("合计"), analysis.totals)[1:],
        "headline": _headline(analysis),
        "reasons": [(label, analysis.totals.reductions[code]) for code, label in analysis.reason_labels.items()],
        "charts": _chart_data(analysis),
    }
    return render(request, "www/monitoring/analysis.html", context)


def monitoring_analysis_docx(request: HttpRequest) -> HttpResponse:
    """The same analysis as a Word document; the download is written to the audit log. The whole province's is
    written by a job (`jiuye.jobs.exports.report_job_enqueue`): the page goes to the job's progress, then its file."""
    period, region = _params(request)
    if report_is_large(region):
        return job_follow(request, report_job_enqueue(user=request.user, period=period, region_code=region))
    analysis = _analysis(request)
    filename, content = analysis_docx_export(user=request.user, analysis=analysis)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _breadcrumbs(request: HttpRequest, code: str) -> list[dict]:
    """The region and those above it that the user may also see: 山西省 › 太原市 › 小店区."""
    codes = [code[:digits] for digits in LEVEL_DIGITS if digits <= len(code)]
    codes = [each for each in codes if can_view_analysis(request.user, each)]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return [{"code": each, "name": names.get(each, each), "current": each == code} for each in codes]


def _rows(rows: list[GroupRow], *, link: bool) -> list[dict]:
    return [{"code": row.code, "name": row.name, "link": link, "cells": group_cells(row.name, row.totals)[1:]}
            for row in rows]  # fmt: skip


def _headline(analysis: Analysis) -> list[tuple[str, object]]:
    totals, reporting = analysis.totals, analysis.reporting
    return [
        (_("纳入统计企业（户）"), totals.enterprises),
        (_("调查期岗位数（个）"), totals.current_headcount),
        (_("较上月增减（个）"), totals.change_from_previous),
        (_("较上月变动率"), rate_text(totals.change_rate_from_previous)),
        (_("较建档期变动率"), rate_text(totals.change_rate_from_baseline)),
        (_("新增 / 减少（个）"), f"{totals.added} / {totals.reduced}"),
        (_("隐性失业率"), rate_text(totals.hidden_unemployment_rate)),
        (_("应报 / 已报 / 逾期 / 未报（户）"),
         f"{reporting.owed} / {reporting.reported} / {reporting.late} / {reporting.missing}"),
        (_("预警（条）"), len(analysis.warnings)),
    ]  # fmt: skip


def _chart_data(analysis: Analysis) -> dict:
    def groups(rows: list[GroupRow]) -> list[dict]:
        return [
            {"code": row.code, "name": row.name, "change": row.totals.change_from_previous,
             "rate": _float(row.totals.change_rate_from_previous)}
            for row in rows
        ]  # fmt: skip

    return {
        "trend": [
            {
                "period": point.period,
                "headcount": point.current_headcount,
                "enterprises": point.enterprises,
                "rate": _float(point.job_loss_rate),
            }
            for point in analysis.trend
        ],
        "regions": groups(analysis.by_region),
        "industries": groups(analysis.by_industry),
    }


def _float(value) -> float | None:
    return None if value is None else float(value)

"""The supply-and-demand statistics page (人力资源市场供求状况): the vacancy-seeker ratio (求人倍率) of a quarter by
occupation group and by region, the occupations most in shortage and in surplus, the wages offered, charts, and the
same figures as an Excel file.

Any user with a region sees their region and may drill down inside it (province -> city -> county); another region,
a neighbour's or a parent's, is a 404 as for the region pages. The figures are counts, but of scoped records, so every
read goes through `visible_to` (`jiuye.market.selectors`).
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.accounts.perms import can_view_region
from jiuye.accounts.scope import user_region_prefix
from jiuye.market import statistics as market
from jiuye.market.selectors import (
    LEVELS,
    MarketReport,
    default_quarter,
    market_quarters,
    market_region,
    market_report,
)
from jiuye.reference.enums import RegionLevel
from jiuye.reference.models import Region
from jiuye.reports.excel import Column, ExcelFile, excel_response, write_xlsx
from jiuye.www.selectors import region_ancestors

MAPS = {RegionLevel.PROVINCE: "maps/shanxi_city.json", RegionLevel.CITY: "maps/shanxi_county.json"}


def _region(request: HttpRequest) -> Region:
    """`?region=` inside the user's scope (their own region by default); anything else is a 404."""
    region = market_region(user=request.user, code=request.GET.get("region", ""))
    if region is None:
        raise Http404(_("该区划不存在或不在您的管辖范围内。"))
    return region


def _report(request: HttpRequest) -> tuple[MarketReport, list[str]]:
    region = _region(request)
    quarters = market_quarters(user=request.user, region_code=region.code)
    quarter = request.GET.get("quarter", "").strip().upper()
    try:
        market.quarter_bounds(quarter)
    except ValueError:
        quarter = default_quarter(quarters)
    level = request.GET.get("level", "major")
    level = level if level in LEVELS else "major"
    return market_report(user=request.user, region=region, quarter=quarter, level=level), quarters


def market_overview(request: HttpRequest) -> HttpResponse:
    if user_region_prefix(request.user) is None:
        return render(request, "www/no_scope.html", status=403)
    report, quarters = _report(request)
    region = report.region
    context = {
        "report": report, "quarters": quarters, "levels": [("major", _("大类")), ("medium", _("中类"))],
        "ancestors": [r for r in region_ancestors(region) if can_view_region(request.user, r.code)],
        "by_occupation": _rows(report, report.by_occupation), "by_region": _rows(report, report.by_region),
        "shortage": _rows(report, report.shortage), "surplus": _rows(report, report.surplus),
        "wages_by_occupation": _wage_rows(report, report.wages_by_occupation),
        "wages_by_region": _wage_rows(report, report.wages_by_region),
        "drill_down": region.level in MAPS, "map": MAPS.get(region.level, ""),
        "chart": _chart(report),
    }  # fmt: skip
    return render(request, "www/market/overview.html", context)


def _rows(report: MarketReport, rows: list[market.RatioRow]) -> list[dict]:
    return [
        {"code": row.key, "name": report.name(row.key), "demand": row.demand, "supply": row.supply,
         "ratio": row.ratio, "gap": row.gap}
        for row in rows
    ]  # fmt: skip


def _wage_rows(report: MarketReport, rows: list[market.WageRow]) -> list[dict]:
    return [{"code": row.key, "name": report.name(row.key), "wage": row} for row in rows]


def _number(value) -> float | None:
    return None if value is None else float(value)


def _chart(report: MarketReport) -> dict:
    """What the charts draw: the ratio by region (bars and map) and the region's ratio over eight quarters."""
    return {
        "regions": [
            {"code": row.key, "name": report.name(row.key), "value": _number(row.ratio), "demand": row.demand,
             "supply": row.supply}
            for row in report.by_region
        ],
        "trend": [
            {"quarter": row.key, "demand": row.demand, "supply": row.supply, "ratio": _number(row.ratio)}
            for row in report.trend
        ],
    }  # fmt: skip


def market_export(request: HttpRequest) -> HttpResponse:
    if user_region_prefix(request.user) is None:
        return render(request, "www/no_scope.html", status=403)
    report, _quarters = _report(request)
    return excel_response(market_workbook(report))


EXPORT_SECTIONS = (
    ("total", gettext_lazy("合计")),
    ("by_occupation", gettext_lazy("分职业")),
    ("by_region", gettext_lazy("分地区")),
    ("shortage", gettext_lazy("紧缺职业")),
    ("surplus", gettext_lazy("供过于求职业")),
    ("wages_by_occupation", gettext_lazy("分职业工资")),
    ("wages_by_region", gettext_lazy("分地区工资")),
)


def market_workbook(report: MarketReport) -> ExcelFile:
    """One sheet in long form, one row per figure group, a "表" column saying which table: easy to filter, and the
    one writer of the project (`write_xlsx`) writes one sheet."""
    columns = [
        Column(_("表"), lambda row: row[0], 18),
        Column(_("代码"), lambda row: row[1], 12),
        Column(_("名称"), lambda row: row[2], 24),
        Column(_("需求人数"), lambda row: getattr(row[3], "demand", None), 10),
        Column(_("求职人数"), lambda row: getattr(row[3], "supply", None), 10),
        Column(_("求人倍率"), lambda row: getattr(row[3], "ratio", None), 10),
        Column(_("岗位数"), lambda row: getattr(row[3], "vacancies", None), 8),
        Column(_("工资下限中位数（元）"), lambda row: getattr(row[3], "wage_min_median", None), 12),
        Column(_("工资上限中位数（元）"), lambda row: getattr(row[3], "wage_max_median", None), 12),
        Column(_("工资中点P25（元）"), lambda row: getattr(row[3], "midpoint_p25", None), 12),
        Column(_("工资中点中位数（元）"), lambda row: getattr(row[3], "midpoint_median", None), 12),
        Column(_("工资中点P75（元）"), lambda row: getattr(row[3], "midpoint_p75", None), 12),
    ]
    rows = []
    for attribute, label in EXPORT_SECTIONS:
        figures = [report.total] if attribute == "total" else getattr(report, attribute)
        for row in figures:
            if attribute == "total":
                rows.append((str(label), report.region.code, report.region.name, row))
            else:
                rows.append((str(label), row.key, report.name(row.key), row))
    now = timezone.localtime()
    title = _("%(region)s %(quarter)s 人力资源市场供求状况　导出时间：%(time)s") % {
        "region": report.region.name, "quarter": report.quarter, "time": f"{now:%Y-%m-%d %H:%M}",
    }  # fmt: skip
    content, count = write_xlsx(title=title, columns=columns, rows=rows, sheet_name=_("供求状况"))
    filename = f"{report.region.name}_{report.quarter}_市场供求状况_{now:%Y%m%d}.xlsx"
    return ExcelFile(filename=filename, content=content, rows=count)

"""The officer's overview of a period (aggregates, late and missing reports, the region's open warnings) and its
aggregates as an Excel file. An enterprise's reporter account is sent to its own page instead."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.accounts.scope import user_region_prefix
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import audit_record
from jiuye.employers.enums import Ownership, SizeClass
from jiuye.monitoring import qc
from jiuye.monitoring.aggregates import GROUPINGS, aggregate, rate_text, total
from jiuye.monitoring.analysis.perms import can_analyse
from jiuye.monitoring.enums import ReductionReason
from jiuye.monitoring.perms import can_manage_monitoring, is_reporter_account
from jiuye.monitoring.selectors import ACTIVE, late_reports, missing_reports, report_rows, warning_search
from jiuye.monitoring.warning_labels import warnings_named
from jiuye.reference.models import Industry, Region
from jiuye.reports.excel import Column, ExcelFile, excel_response, write_xlsx
from jiuye.www.monitoring.common import LIST_LIMIT, period_param, shown_period

OVERVIEW_WARNINGS = 10  # the newest warnings not yet closed; the warnings list has them all

GROUPING_LABELS = {
    "province": gettext_lazy("全省"),
    "city": gettext_lazy("市"),
    "county": gettext_lazy("县（市、区）"),
    "industry": gettext_lazy("行业门类"),
    "ownership": gettext_lazy("经济类型"),
    "size_class": gettext_lazy("企业规模"),
}


def _grouping(request: HttpRequest) -> str:
    by = request.GET.get("by", "county")
    return by if by in GROUPINGS else "county"


def monitoring_overview(request: HttpRequest) -> HttpResponse:
    if is_reporter_account(request.user):
        return redirect("www:monitoring_mine")
    shown, by = shown_period(request), _grouping(request)
    period = shown.period
    table, total_row = aggregate_table(request.user, period, by)
    late = late_reports(user=request.user, period=period)
    missing = missing_reports(user=request.user, period=period)
    warnings = warning_search(user=request.user, status=ACTIVE)
    context = {
        "period": period,
        "awaited": shown.awaited,
        "can_analyse": can_analyse(request.user),
        "by": by,
        "by_label": GROUPING_LABELS[by],
        "groupings": GROUPING_LABELS.items(),
        "reasons": ReductionReason.choices,
        "table": table,
        "total": total_row,
        "late": late[:LIST_LIMIT],
        "late_count": late.count(),
        "missing": missing[:LIST_LIMIT],
        "missing_count": missing.count(),
        "deadline": qc.period_deadline(period),
        "warnings": warnings_named(user=request.user, warnings=list(warnings[:OVERVIEW_WARNINGS])),
        "warnings_count": warnings.count(),
        "active": ACTIVE,
        "can_follow_up": can_manage_monitoring(request.user),
    }
    return render(request, "www/monitoring/overview.html", context)


def aggregate_table(user, period: str, by: str) -> tuple[list[dict], dict]:
    """The rows of the aggregate table (one per group, named) and its total row, as the page and export show them."""
    rows = report_rows(user=user, period=period)
    groups = aggregate(rows, by)
    names = _group_names(by, list(groups))
    table = [_table_row(names.get(key) or key or _("未填"), totals) for key, totals in groups.items()]
    return table, _table_row(_("合计"), total(rows))


def _group_names(by: str, keys: list[str]) -> dict[str, str]:
    if by in ("province", "city", "county"):
        return dict(Region.objects.filter(code__in=keys).values_list("code", "name"))
    if by == "industry":
        return {
            code: f"{code} {name}" for code, name in Industry.objects.filter(code__in=keys).values_list("code", "name")
        }
    return {str(value): str(label) for value, label in (Ownership if by == "ownership" else SizeClass).choices}


def _table_row(name: str, totals) -> dict:
    return {
        "name": name,
        "totals": totals,
        "reductions": [totals.reductions[reason] for reason in ReductionReason.values],
        "rate_from_baseline": rate_text(totals.change_rate_from_baseline),
        "rate_from_previous": rate_text(totals.change_rate_from_previous),
        "hidden_rate": rate_text(totals.hidden_unemployment_rate),
    }


def aggregate_columns(by: str) -> list[Column]:
    """The columns of the page's table; rates as the page writes them (-0.50%, GB/T 8170 rounding)."""
    counts = [
        (_("企业数"), "enterprises"),
        (_("建档期岗位数"), "baseline_headcount"),
        (_("上期岗位数"), "previous_headcount"),
        (_("调查期岗位数"), "current_headcount"),
    ]
    columns = [Column(str(GROUPING_LABELS[by]), lambda row: row["name"], 20)]
    columns += [Column(header, lambda row, name=name: getattr(row["totals"], name), 12) for header, name in counts]
    columns += [
        Column(_("较建档期增减"), lambda row: row["totals"].change_from_baseline, 12),
        Column(_("较建档期变动率"), lambda row: row["rate_from_baseline"], 12),
        Column(_("较上期增减"), lambda row: row["totals"].change_from_previous, 12),
        Column(_("较上期变动率"), lambda row: row["rate_from_previous"], 12),
        Column(_("新增人数"), lambda row: row["totals"].added, 10),
        Column(_("减少人数"), lambda row: row["totals"].reduced, 10),
    ]
    columns += [
        Column(str(label), lambda row, index=index: row["reductions"][index], 10)
        for index, (_value, label) in enumerate(ReductionReason.choices)
    ]
    columns += [
        Column(_("隐性失业（待岗、放长假）"), lambda row: row["totals"].hidden_unemployment, 12),
        Column(_("隐性失业率"), lambda row: row["hidden_rate"], 10),
    ]
    return columns


def monitoring_export(request: HttpRequest) -> HttpResponse:
    """导出Excel: the overview's aggregate table, same period and grouping, with its total row; audited."""
    prefix = user_region_prefix(request.user)
    if prefix is None or is_reporter_account(request.user):
        raise PermissionDenied(_("您没有导出监测汇总的权限。"))
    period, by = period_param(request), _grouping(request)
    table, total_row = aggregate_table(request.user, period, by)
    region = Region.objects.filter(code=prefix or "14").first()
    region_name = region.name if region else prefix
    name = _("%(period)s监测企业岗位变动（按%(by)s）") % {"period": period, "by": GROUPING_LABELS[by]}
    title = _("%(region)s %(name)s　导出时间：%(time)s") % {
        "region": region_name, "name": name, "time": f"{timezone.localtime():%Y-%m-%d %H:%M}",
    }  # fmt: skip
    content, count = write_xlsx(title=title, columns=aggregate_columns(by), rows=[*table, total_row], sheet_name=name)
    audit_record(
        user=request.user, action=AuditAction.EXPORT, object_type="monitoring:aggregates", region_code=prefix or "14",
        summary=_("导出%(name)s %(count)d 行") % {"name": name, "count": count}, changes={"rows": count},
    )  # fmt: skip
    filename = f"{region_name}_{period}_{by}.xlsx"
    return excel_response(ExcelFile(filename=filename, content=content, rows=count))

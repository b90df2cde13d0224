"""The dashboard's tables as an Excel workbook: the indicators with their figures, targets and verdicts, and the map's
figures by child region. Aggregate figures only (no person's or enterprise's data), so no masking and no audit."""

from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.plans.regional import ChildFigure, RegionalFigures
from jiuye.reports.excel import Column, ExcelFile, Sheet, write_xlsx_sheets
from jiuye.www.dashboard.cards import Card
from jiuye.www.dashboard.page import Dashboard


def _number(value) -> float | None:
    return None if value is None else round(float(value), 4)


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def indicator_columns() -> list[Column]:
    projected = lambda card: card.view.projected  # noqa: E731
    return [
        Column(_("序号"), lambda card: card.indicator.order, 6),
        Column(_("指标"), lambda card: card.indicator.name, 30),
        Column(_("属性"), lambda card: str(card.indicator.get_kind_display()), 8),
        Column(_("基期值（2020年）"), lambda card: _number(card.indicator.baseline_value), 10),
        Column(_("目标"), lambda card: card.target_text, 24),
        Column(_("目标说明"), lambda card: card.target_note, 20),
        Column(_("最新实际值"), lambda card: _number(card.latest.value) if card.latest else None, 12),
        Column(_("时期"), lambda card: card.latest_label, 12),
        Column(_("来源"), lambda card: _source(card), 20),
        Column(_("数据所属"), lambda card: card.figures_region_name, 10),
        Column(_("平台计算值"), lambda card: card.own_value and f"{card.own_label} {card.own_value}", 16),
        Column(_("平台计算口径"), lambda card: card.own_basis, 24),
        Column(_("五年目标完成（%）"), lambda card: _percent(card.view.verdict.done_share), 10),
        Column(_("时序进度（%）"), lambda card: _percent(card.view.verdict.time_share), 10),
        Column(_("趋势预测值"), lambda card: _number(projected(card).value) if projected(card) else None, 12),
        Column(_("预测区间下限"), lambda card: _number(projected(card).low) if projected(card) else None, 12),
        Column(_("预测区间上限"), lambda card: _number(projected(card).high) if projected(card) else None, 12),
        Column(_("进度"), lambda card: card.status_label, 10),
        Column(_("判断依据"), lambda card: card.reason, 60),
    ]


def _source(card: Card) -> str:
    if card.latest is None:
        return ""
    source = card.latest.get_source_display()
    return f"{source}（{card.latest.source_note}）" if card.latest.source_note else source


def region_columns(measures: list[RegionalFigures]) -> list[Column]:
    columns = [Column(_("区划代码"), lambda row: row[0].code, 10), Column(_("区划"), lambda row: row[0].name, 14)]
    for index, measure in enumerate(measures):
        unit = f"，{measure.unit}" if measure.unit else ""
        header = f"{measure.label}（{measure.period}{unit}）" if measure.period else f"{measure.label}{unit}"
        columns.append(Column(header, _measure_value(index, measure.counts), 16))
        if measure.compared:
            columns.append(Column(_("目标（人）"), lambda row, i=index: _number(_figure(row, i).target), 12))
            columns.append(Column(_("完成目标（%）"), lambda row, i=index: _percent(_figure(row, i).share), 12))
    return columns


def _figure(row: tuple, index: int) -> ChildFigure:
    return row[1][index] or ChildFigure(None)


def _measure_value(index: int, counts: bool):
    return lambda row: _number(_figure(row, index).value) if row[1][index] else (0 if counts else None)


def dashboard_workbook(dashboard: Dashboard) -> ExcelFile:
    region, today = dashboard.region, timezone.localdate()
    sheets = [
        Sheet(_("%(region)s规划指标监测（%(day)s）") % {"region": region.name, "day": today.isoformat()},
              indicator_columns(), dashboard.cards, _("规划指标")),
    ]  # fmt: skip
    if dashboard.has_map:
        rows = [(child, [measure.figures.get(child.code) for measure in dashboard.measures])
                for child in dashboard.children]  # fmt: skip
        title = _("%(region)s分地区情况（%(day)s）") % {"region": region.name, "day": today.isoformat()}
        sheets.append(Sheet(title, region_columns(dashboard.measures), rows, _("分地区")))
    content, counts = write_xlsx_sheets(sheets)
    filename = _("规划指标_%(region)s_%(day)s.xlsx") % {"region": region.name, "day": today.strftime("%Y%m%d")}
    return ExcelFile(filename, content, counts[0])

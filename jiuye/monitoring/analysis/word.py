"""The monthly analysis as a Word document: title, the generated text, the headline table, the trend chart, tables
and charts by region and industry, the warnings with their follow-up, and a note on the data.

Built from an `Analysis` (so it holds only what the user may see); the charts come from `charts` and need the Noto
CJK font. Rates are shown as `aggregates.rate_text` writes them (-0.50%), numbers without thousands separators as in
the text.
"""

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from jiuye.accounts.models import User
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import audit_record
from jiuye.monitoring.aggregates import Totals, rate_text
from jiuye.monitoring.analysis.data import Analysis, GroupRow, WarningItem
from jiuye.monitoring.analysis.text import paragraphs
from jiuye.reports.word import add_table, document_bytes, document_new

NUMERALS = "一二三四五六七八九十"
CHART_WIDTH = Cm(15.5)


def analysis_title(analysis: Analysis) -> str:
    return _("%(region)s失业动态监测月度分析报告") % {"region": analysis.region_name}


def analysis_filename(analysis: Analysis) -> str:
    """山西省失业动态监测月度分析报告2026年10月.docx"""
    return f"{analysis_title(analysis)}{analysis.year_month}.docx"


def analysis_docx_export(*, user: User, analysis: Analysis) -> tuple[str, bytes]:
    """The Word document and its file name, its export written to the audit log: the page's download and the
    province's report job (`jiuye.jobs.tasks.report_job`) both export through here."""
    content = analysis_docx(analysis)
    filename = analysis_filename(analysis)
    audit_record(
        user=user, action=AuditAction.EXPORT, object_type="monitoring_analysis",
        region_code=analysis.region_code, summary=_("导出%(name)s") % {"name": filename.removesuffix(".docx")},
    )  # fmt: skip
    return filename, content


def analysis_docx(analysis: Analysis) -> bytes:
    document = document_new(title=f"{analysis_title(analysis)} {analysis.year_month}")
    document.add_heading(analysis_title(analysis), level=0).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(analysis.year_month).alignment = WD_ALIGN_PARAGRAPH.CENTER
    sections = [
        (_("总体情况"), _overview),
        (_("主要指标"), _headline),
        (_("岗位变动趋势"), _trend),
        (_("分地区情况"), _by_region),
        (_("分行业情况"), _by_industry),
        (_("预警及处置情况"), _warnings),
    ]
    number = 0
    for heading, write in sections:
        if write is _by_region and not analysis.by_region:
            continue
        document.add_heading(f"{NUMERALS[number]}、{heading}", level=1)
        write(document, analysis)
        number += 1
    _note(document, analysis)
    return document_bytes(document)


def _overview(document: DocumentObject, analysis: Analysis) -> None:
    for text in paragraphs(analysis):
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Cm(0.74)


def _headline(document: DocumentObject, analysis: Analysis) -> None:
    totals, reporting = analysis.totals, analysis.reporting
    rows = [
        (_("应报送企业（户）"), reporting.owed),
        (_("已报送企业（户）"), reporting.reported),
        (_("其中逾期报送（户）"), reporting.late),
        (_("未报送企业（户）"), reporting.missing),
        (_("纳入统计企业（户）"), totals.enterprises),
        (_("建档期岗位数（个）"), totals.baseline_headcount),
        (_("上月岗位数（个）"), totals.previous_headcount),
        (_("调查期岗位数（个）"), totals.current_headcount),
        (_("较上月增减（个）"), totals.change_from_previous),
        (_("较上月变动率"), rate_text(totals.change_rate_from_previous)),
        (_("较建档期增减（个）"), totals.change_from_baseline),
        (_("较建档期变动率"), rate_text(totals.change_rate_from_baseline)),
        (_("新增岗位（个）"), totals.added),
        (_("减少岗位（个）"), totals.reduced),
        *[
            (_("其中：%(reason)s") % {"reason": label}, totals.reductions[reason])
            for reason, label in analysis.reason_labels.items()
        ],
        (_("待岗（人）"), totals.standby),
        (_("放长假（人）"), totals.long_leave),
        (_("隐性失业人数（人）"), totals.hidden_unemployment),
        (_("隐性失业率"), rate_text(totals.hidden_unemployment_rate)),
    ]
    add_table(document, [_("指标"), _("数值")], rows)


def group_headers(first: str) -> list[str]:
    return [
        first, _("企业数"), _("建档期岗位数"), _("上月岗位数"), _("调查期岗位数"), _("较上月增减"),
        _("较上月变动率"), _("较建档期变动率"), _("新增"), _("减少"), _("隐性失业率"),
    ]  # fmt: skip


def group_cells(name: str, totals: Totals) -> list[object]:
    return [
        name, totals.enterprises, totals.baseline_headcount, totals.previous_headcount, totals.current_headcount,
        totals.change_from_previous, rate_text(totals.change_rate_from_previous),
        rate_text(totals.change_rate_from_baseline), totals.added, totals.reduced,
        rate_text(totals.hidden_unemployment_rate),
    ]  # fmt: skip


def _group_table(document: DocumentObject, analysis: Analysis, rows: list[GroupRow], first: str) -> None:
    cells = [group_cells(row.name, row.totals) for row in rows]
    cells.append(group_cells(_("合计"), analysis.totals))
    add_table(document, group_headers(first), cells, font_size=8)


def _charts():
    """matplotlib takes about a second to import: load it when a document is written, not with the URL conf."""
    from jiuye.monitoring.analysis import charts

    return charts


def _trend(document: DocumentObject, analysis: Analysis) -> None:
    charts = _charts()
    title = _("近13个月岗位总数及岗位流失率")
    document.add_picture(io.BytesIO(charts.trend_chart(analysis.trend, title=title)), width=CHART_WIDTH)
    document.add_paragraph(
        _("岗位流失率为当月各种原因减少人数占上月岗位数的比例；各月为当月报送企业的合计，企业数随报送情况变化。")
    )


def _by_region(document: DocumentObject, analysis: Analysis) -> None:
    first = analysis.child_label
    _group_table(document, analysis, analysis.by_region, first)
    title = _("各%(level)s岗位较上月增减") % {"level": first}
    document.add_picture(io.BytesIO(_charts().change_chart(analysis.by_region, title=title)), width=CHART_WIDTH)


def _by_industry(document: DocumentObject, analysis: Analysis) -> None:
    if not analysis.by_industry:
        document.add_paragraph(_("本月没有纳入统计的月报。"))
        return
    _group_table(document, analysis, analysis.by_industry, _("行业门类"))
    title = _("各行业门类岗位较上月增减")
    document.add_picture(io.BytesIO(_charts().change_chart(analysis.by_industry, title=title)), width=CHART_WIDTH)


def _warnings(document: DocumentObject, analysis: Analysis) -> None:
    if not analysis.warnings:
        document.add_paragraph(_("本月未触发失业风险预警。"))
        return
    headers = [_("序号"), _("预警对象"), _("预警规则"), _("等级"), _("预警原因"), _("状态"), _("跟进情况")]
    rows = [_warning_cells(number, item) for number, item in enumerate(analysis.warnings, start=1)]
    add_table(document, headers, rows, numeric_from=len(headers), font_size=8)


def _warning_cells(number: int, item: WarningItem) -> list[object]:
    notes = "\n".join(
        f"{note.at:%Y-%m-%d} {note.user} {note.action}" + (f"：{note.text}" if note.text else "")
        for note in item.notes
    )
    subject = f"{item.scope_label}：{item.subject_name}"
    return [number, subject, item.rule_label, item.level_label or "—", item.explanation, item.status_label,
            notes or "—"]  # fmt: skip


def _note(document: DocumentObject, analysis: Analysis) -> None:
    document.add_heading(_("说明"), level=2)
    text = _(
        "数据来源：山西省就业服务与失业监测平台监测企业月报，统计截至%(generated)s；本期月报报送截止日为%(deadline)s。"
        "已退回待更正的月报不计入统计；变动率、占比均为百分比，按GB/T 8170-2008修约到两位小数；"
        "隐性失业人数为待岗和放长假人数之和。"
    ) % {
        "generated": date_format(analysis.generated_at, "Y年n月j日 H:i"),
        "deadline": date_format(analysis.deadline, "Y年n月j日"),
    }
    document.add_paragraph(text)

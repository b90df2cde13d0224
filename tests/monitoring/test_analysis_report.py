"""The monthly analysis built from the database (scope, figures, warnings), its charts (no missing glyph) and the
Word document reopened with python-docx."""

import io

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from jiuye.accounts.enums import Role
from jiuye.monitoring.aggregates import Totals
from jiuye.monitoring.analysis import charts
from jiuye.monitoring.analysis.content import analysis_build, system_user
from jiuye.monitoring.analysis.data import GroupRow
from jiuye.monitoring.analysis.text import paragraphs
from jiuye.monitoring.analysis.word import analysis_docx, analysis_filename
from jiuye.monitoring.warning_followup import warning_acknowledge, warning_note
from jiuye.reference.models import Industry, Region
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory
from tests.monitoring.factories import MonitoredEnterpriseFactory, MonthlyReportFactory, WarningFactory

pytestmark = pytest.mark.django_db

TAIYUAN_HEADLINE = "本月全市2户监测企业建档期岗位总数300个，调查期岗位总数295个，岗位总数较上月减少5个，降幅1.67%。"


def report(region: str, industry: str, *, baseline: int, period: str = "2026-02", **figures):
    enterprise = MonitoredEnterpriseFactory(
        employer=EmployerFactory(region_id=region, industry_id=industry), baseline_headcount=baseline
    )
    return MonthlyReportFactory(enterprise=enterprise, region=region, period=period, **figures)


@pytest.fixture
def panel():
    """Xiaodian coal mine 100 → 90 (economic layoff 10, 5 on standby), Yingze food factory 200 → 205, Xinrong
    (Datong) coal mine 300 → 270 (closure 30); and an open warning each in Xiaodian and Xinrong."""
    mine = report("140105", "06", baseline=100, previous_headcount=100, current_headcount=90,
                  reduced_economic_layoff=10, standby=5)  # fmt: skip
    MonthlyReportFactory(enterprise=mine.enterprise, period="2026-01", standby=2)
    report("140106", "13", baseline=200, previous_headcount=200, current_headcount=205, added=5)
    report("140212", "06", baseline=300, previous_headcount=300, current_headcount=270, reduced_closure_bankruptcy=30)
    officer = UserFactory(region="1401")
    here = WarningFactory(period="2026-02", region_code="140105", explanation="小店区本月岗位流失率10%")
    warning_acknowledge(actor=officer, warning=here)
    warning_note(actor=officer, warning=here, text="已电话联系企业，裁员已备案")
    WarningFactory(period="2026-02", region_code="140212", explanation="新荣区本月岗位流失率10%")
    return officer


def test_a_city_analysis_holds_the_citys_figures_only(panel):
    analysis = analysis_build(user=panel, period="2026-02", region_code="1401")

    assert paragraphs(analysis)[0] == TAIYUAN_HEADLINE
    assert [(row.name, row.totals.change_from_previous) for row in analysis.by_region] == [
        ("小店区", -10), ("迎泽区", 5),
    ]  # fmt: skip
    assert [(row.code, row.name, row.totals.current_headcount) for row in analysis.by_industry] == [
        ("B", "采矿业", 90), ("C", "制造业", 205),
    ]  # fmt: skip
    assert (analysis.reporting.owed, analysis.reporting.reported, analysis.reporting.missing) == (2, 2, 0)
    assert [(point.period, point.current_headcount) for point in analysis.trend[-2:]] == [
        ("2026-01", 100), ("2026-02", 295),
    ]  # fmt: skip
    assert str(analysis.trend[-1].job_loss_rate) == "3.33"
    [warning] = analysis.warnings
    assert (warning.subject_name, warning.status_label) == ("小店区", "已签收")
    assert [(note.action, note.text) for note in warning.notes] == [
        ("签收", ""),
        ("跟进记录", "已电话联系企业，裁员已备案"),
    ]
    assert "较上月增加3人" in paragraphs(analysis)[4]


def test_the_province_sees_every_city(panel):
    analysis = analysis_build(user=system_user(), period="2026-02", region_code="14")
    assert paragraphs(analysis)[0] == (
        "本月全省3户监测企业建档期岗位总数600个，调查期岗位总数565个，岗位总数较上月减少35个，降幅5.83%。"
    )
    assert [row.name for row in analysis.by_region] == ["太原市", "大同市"]
    assert len(analysis.warnings) == 2


@pytest.mark.parametrize(
    ("region", "roles", "asked"),
    [
        ("1402", [Role.CASEWORKER], "1401"),  # another city
        ("140105", [Role.CASEWORKER], "1401"),  # a county officer asking for their city
        ("140105", [Role.ENTERPRISE_REPORTER], "140105"),  # an enterprise's reporter account
    ],
)
def test_a_region_outside_the_scope_is_refused(panel, region, roles, asked):
    with pytest.raises(PermissionDenied):
        analysis_build(user=UserFactory(region=region, roles=roles), period="2026-02", region_code=asked)


def test_bad_periods_and_regions_are_explained(panel):
    with pytest.raises(ValidationError, match="YYYY-MM"):
        analysis_build(user=panel, period="2026-2", region_code="1401")
    with pytest.raises(ValidationError, match="不是省、市或县级区划"):
        analysis_build(user=panel, period="2026-02", region_code="140105001")


def test_the_word_document_reopens_with_the_figures_and_charts(panel):
    analysis = analysis_build(user=panel, period="2026-02", region_code="1401")
    document = docx.Document(io.BytesIO(analysis_docx(analysis)))

    texts = [paragraph.text for paragraph in document.paragraphs]
    assert texts[:2] == ["太原市失业动态监测月度分析报告", "2026年2月"]
    assert TAIYUAN_HEADLINE in texts
    assert "一、总体情况" in texts
    assert len(document.inline_shapes) == 3  # trend, counties, industries
    headline, counties, industries, warnings = document.tables
    headline_cells = {row.cells[0].text: row.cells[1].text for row in headline.rows}
    assert headline_cells["调查期岗位数（个）"] == "295"
    assert headline_cells["较上月变动率"] == "-1.67%"
    assert headline_cells["其中：经济性裁员"] == "10"
    xiaodian = [cell.text for cell in counties.rows[1].cells]
    assert xiaodian == ["小店区", "1", "100", "100", "90", "-10", "-10.00%", "-10.00%", "0", "10", "5.56%"]
    assert counties.rows[1].cells[6].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert [cell.text for cell in counties.rows[-1].cells][:5] == ["合计", "2", "300", "300", "295"]
    assert [row.cells[0].text for row in industries.rows[1:]] == ["采矿业", "制造业", "合计"]
    assert "已电话联系企业，裁员已备案" in warnings.rows[1].cells[6].text
    assert "新荣区" not in "".join(cell.text for row in warnings.rows for cell in row.cells)
    east_asian = document.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia"))
    assert east_asian == "宋体"
    assert analysis_filename(analysis) == "太原市失业动态监测月度分析报告2026年2月.docx"


def test_every_label_of_a_real_report_has_its_glyph():
    """All city, county and industry-section names of the reference data, in the charts and against the cmap."""
    regions = Region.objects.filter(level__in=["city", "county"]).values_list("code", "name")
    sections = Industry.objects.filter(parent__isnull=True).values_list("code", "name")
    rows = [GroupRow(code=code, name=name, totals=Totals(previous_headcount=10, current_headcount=9))
            for code, name in [*regions, *sections]]  # fmt: skip
    assert charts.missing_glyphs([row.name for row in rows]) == []
    png = charts.change_chart(rows, title="各市、县（市、区）和行业门类岗位较上月增减（个）")
    assert png.startswith(b"\x89PNG")


def test_a_missing_glyph_is_an_error(monkeypatch):
    rows = [GroupRow(code="X", name="ᚠ测试", totals=Totals(previous_headcount=10, current_headcount=9))]
    with pytest.raises(charts.MissingGlyphError, match="U\\+16A0"):
        charts.change_chart(rows, title="测试")
    # Without the character-map check, matplotlib's own warning is turned into the error.
    monkeypatch.setattr(charts, "check_glyphs", lambda texts: None)
    with pytest.raises(UserWarning, match="missing from font"):
        charts.change_chart(rows, title="测试")


def test_without_the_font_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setattr(charts, "FONT_FAMILY", "No Such Font")
    charts.cjk_font.cache_clear()
    try:
        with pytest.raises(charts.FontMissingError, match="fonts-noto-cjk"):
            charts.cjk_font()
    finally:
        monkeypatch.undo()
        charts.cjk_font.cache_clear()

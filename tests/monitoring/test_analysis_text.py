"""The generated text of the monthly analysis (pure): the published example and the wording of each case."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from jiuye.monitoring.aggregates import Totals
from jiuye.monitoring.analysis.data import Analysis, GroupRow, NoteItem, Reporting, TrendPoint, WarningItem
from jiuye.monitoring.analysis.text import (
    change_phrase,
    flows_sentence,
    groups_sentence,
    headline_sentence,
    hidden_sentence,
    paragraphs,
    reporting_sentence,
    warnings_sentence,
)
from jiuye.monitoring.enums import ReductionReason

SHANGHAI = ZoneInfo("Asia/Shanghai")
LABELS = {value: str(label) for value, label in ReductionReason.choices}


def reductions(**counts: int) -> dict[str, int]:
    return dict.fromkeys(ReductionReason.values, 0) | counts


def published_totals() -> Totals:
    """Issue 5's published example: 211 enterprises, 76,443 jobs at baseline and last month, 222 added, 604 reduced
    (natural attrition 300, contract expiry 200, economic layoff 104), 76,061 now."""
    return Totals(
        enterprises=211, baseline_headcount=76443, previous_headcount=76443, current_headcount=76061, added=222,
        reductions=reductions(natural_attrition=300, contract_expiry=200, economic_layoff=104), standby=150,
        long_leave=40,
    )  # fmt: skip


def analysis(totals: Totals, *, level="province", name="山西省", child="市", **fields) -> Analysis:
    return Analysis(
        period="2026-10", region_code="14", region_name=name, region_level=level, child_label=child, totals=totals,
        reporting=fields.pop("reporting", Reporting(owed=215, reported=213, late=3, missing=2)),
        deadline=datetime.date(2026, 11, 5), generated_at=datetime.datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI),
        reason_labels=LABELS, **fields,
    )  # fmt: skip


def group(code: str, name: str, previous: int, current: int) -> GroupRow:
    totals = Totals(enterprises=1, previous_headcount=previous, baseline_headcount=previous, current_headcount=current)
    return GroupRow(code=code, name=name, totals=totals)


def test_the_published_example():
    assert headline_sentence(analysis(published_totals())) == (
        "本月全省211户监测企业建档期岗位总数76443个，调查期岗位总数76061个，岗位总数较上月减少382个，降幅0.50%。"
    )


def test_an_increase_and_an_unchanged_month():
    assert change_phrase(15, Decimal("0.02")) == "增加15个，增幅0.02%"
    assert change_phrase(-382, Decimal("-0.50")) == "减少382个，降幅0.50%"
    assert change_phrase(0, Decimal("0.00")) == "持平"
    unchanged = Totals(enterprises=8, baseline_headcount=1635, previous_headcount=1635, current_headcount=1635)
    assert headline_sentence(analysis(unchanged, level="city", name="太原市")) == (
        "本月全市8户监测企业建档期岗位总数1635个，调查期岗位总数1635个，岗位总数较上月持平。"
    )


def test_last_month_is_named_when_it_differs_from_the_baseline():
    totals = Totals(enterprises=12, baseline_headcount=2000, previous_headcount=1900, current_headcount=1919)
    assert headline_sentence(analysis(totals, level="county", name="小店区", child="")) == (
        "本月全区12户监测企业建档期岗位总数2000个，上月岗位总数1900个，调查期岗位总数1919个，"
        "岗位总数较上月增加19个，增幅1.00%；较建档期减少81个，降幅4.05%。"
    )


def test_the_reduction_reasons_ranked_with_their_shares():
    assert flows_sentence(published_totals(), LABELS) == (
        "本月新增岗位222个，减少岗位604个。岗位减少的主要原因依次是自然减员300个（占49.67%）、"
        "劳动合同期满200个（占33.11%）和经济性裁员104个（占17.22%）。"
    )
    one = Totals(enterprises=1, added=3, reductions=reductions(closure_bankruptcy=40))
    assert flows_sentence(one, LABELS) == "本月新增岗位3个，减少岗位40个。岗位减少的原因是关闭破产40个（占100.00%）。"
    assert flows_sentence(Totals(enterprises=1, added=3), LABELS) == "本月新增岗位3个，无岗位减少。"


def test_the_regions_with_the_largest_falls_and_rises():
    rows = [
        group("1401", "太原市", 1000, 1010), group("1402", "大同市", 1000, 988), group("1403", "阳泉市", 500, 500),
        group("1404", "长治市", 400, 396), group("1409", "忻州市", 2000, 1700), group("1410", "临汾市", 800, 799),
    ]  # fmt: skip
    assert groups_sentence(rows, lead="分地区看", everyone="各市") == (
        "分地区看，岗位减少较多的是忻州市（减少300个，降幅15.00%）、大同市（减少12个，降幅1.20%）和"
        "长治市（减少4个，降幅1.00%）；岗位增加较多的是太原市（增加10个，增幅1.00%）。"
    )
    rising = [group("05", "电力、热力、燃气及水生产和供应业", 100, 101)]
    assert groups_sentence(rising, lead="分行业看", everyone="各行业") == (
        "分行业看，各行业岗位总数均未减少；岗位增加较多的是电力、热力、燃气及水生产和供应业（增加1个，增幅1.00%）。"
    )
    assert groups_sentence([], lead="分地区看", everyone="各市") == ""


def test_hidden_unemployment_against_last_month():
    assert hidden_sentence(published_totals(), 170) == (
        "本月待岗150人、放长假40人，隐性失业人数合计190人，占调查期岗位总数的0.25%，较上月增加20人。"
    )
    assert hidden_sentence(published_totals(), None) == (
        "本月待岗150人、放长假40人，隐性失业人数合计190人，占调查期岗位总数的0.25%。"
    )


def test_reporting_and_warnings():
    assert reporting_sentence(analysis(published_totals())) == (
        "本月应报送监测企业215户，已报送213户（其中逾期报送3户），未报送2户。"
    )
    note = NoteItem(
        at=datetime.datetime(2026, 11, 8, 10, 0, tzinfo=SHANGHAI), user="city_1409", action="签收", text="已电话核实"
    )

    def item(scope, subject, rule_label, status, status_label, notes=()):
        return WarningItem(scope=scope, scope_label="", subject=subject, subject_name=subject, rule="r",
                           rule_label=rule_label, level_label="", explanation="", status=status,
                           status_label=status_label, notes=notes)  # fmt: skip

    warnings = [
        item("enterprise", "A", "大规模减员", "open", "待处理"),
        item("enterprise", "A", "经济性裁员", "acknowledged", "已签收", (note,)),
        item("enterprise", "B", "大规模减员", "open", "待处理"),
        item("region", "1409", "岗位流失预警等级", "closed", "已关闭"),
        item("industry", "B", "岗位流失预警等级", "open", "待处理"),
    ]
    assert warnings_sentence(warnings) == (
        "本月触发预警企业2户（大规模减员2户、经济性裁员1户），地区预警1条，行业预警1条。"
        "截至报告生成时，待处理3条，已签收1条，已关闭1条。"
    )
    assert warnings_sentence(warnings[3:4]) == "本月触发地区预警1条。截至报告生成时，已关闭1条。"
    assert warnings_sentence([]) == "本月未触发失业风险预警。"


def test_the_paragraphs_in_order():
    trend = [
        TrendPoint("2026-09", 211, 76500, 76443, 500, 170),
        TrendPoint("2026-10", 211, 76443, 76061, 604, 190),
    ]
    texts = paragraphs(analysis(published_totals(), trend=trend))
    assert texts[0].startswith("本月全省211户监测企业")
    assert texts[1].startswith("本月新增岗位222个")
    assert texts[2] == "本月待岗150人、放长假40人，隐性失业人数合计190人，占调查期岗位总数的0.25%，较上月增加20人。"
    assert texts[-2:] == [
        "本月应报送监测企业215户，已报送213户（其中逾期报送3户），未报送2户。",
        "本月未触发失业风险预警。",
    ]
    empty = paragraphs(analysis(Totals(), reporting=Reporting(owed=4, reported=0, late=0, missing=4)))
    assert empty == ["本月全省暂无纳入统计的监测企业月报。", "本月应报送监测企业4户，已报送0户，未报送4户。",
                     "本月未触发失业风险预警。"]  # fmt: skip

"""The generated paragraphs of the monthly analysis, in the usual style of 失业动态监测月度分析:

    本月全省211户监测企业建档期岗位总数76443个，调查期岗位总数76061个，岗位总数较上月减少382个，降幅0.50%。

Pure functions of an `Analysis`. Like the warnings' sentences (`jiuye.monitoring.warnings.explain`), the prose is
plain Chinese, not gettext: its only readers are Shanxi officers and the sentences are built from fragments whose
order and particles are Chinese grammar, which a translation catalogue could not rearrange.

Changes are 较上月 (the month's flows: 上期岗位数 + 新增 − 减少 = 调查期岗位数), with rates over last month's headcount
by GB/T 8170 (`aggregates.rate`); the change from the baseline (建档期) is added when the two differ.
"""

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from jiuye.monitoring.aggregates import Totals, rate
from jiuye.monitoring.analysis.data import Analysis, GroupRow, WarningItem

TOP = 3  # reasons, regions and industries named in the text
STATUS_ORDER = ("open", "acknowledged", "closed")


def change_phrase(change: int, percent: Decimal | None, unit: str = "个") -> str:
    """-382, -0.50 → `减少382个，降幅0.50%`; 15, 0.02 → `增加15个，增幅0.02%`; 0 → `持平`."""
    if change == 0:
        return "持平"
    word, rate_word = ("增加", "增幅") if change > 0 else ("减少", "降幅")
    phrase = f"{word}{abs(change)}{unit}"
    return phrase if percent is None else f"{phrase}，{rate_word}{abs(percent)}%"


def area_word(level: str, name: str) -> str:
    """全省, 全市, or for a county 全区/全县/全市 after the last character of its name (小店区 → 全区)."""
    if level == "province":
        return "全省"
    if level == "city":
        return "全市"
    return f"全{name[-1]}" if name else "全县"


def join_items(items: Sequence[str]) -> str:
    """A、B和C."""
    if len(items) <= 1:
        return "".join(items)
    return "、".join(items[:-1]) + "和" + items[-1]


def headline_sentence(analysis: Analysis) -> str:
    totals, area = analysis.totals, area_word(analysis.region_level, analysis.region_name)
    if totals.enterprises == 0:
        return f"本月{area}暂无纳入统计的监测企业月报。"
    text = f"本月{area}{totals.enterprises}户监测企业建档期岗位总数{totals.baseline_headcount}个，"
    if totals.previous_headcount != totals.baseline_headcount:
        text += f"上月岗位总数{totals.previous_headcount}个，"
    text += (
        f"调查期岗位总数{totals.current_headcount}个，"
        f"岗位总数较上月{change_phrase(totals.change_from_previous, totals.change_rate_from_previous)}"
    )
    if totals.previous_headcount != totals.baseline_headcount:
        text += f"；较建档期{change_phrase(totals.change_from_baseline, totals.change_rate_from_baseline)}"
    return text + "。"


def flows_sentence(totals: Totals, reason_labels: dict[str, str]) -> str:
    """新增 and 减少 of the month, and the main reduction reasons with their shares of all reductions."""
    reduced = totals.reduced
    if reduced == 0:
        return f"本月新增岗位{totals.added}个，无岗位减少。"
    ranked = sorted(
        (reason for reason, count in totals.reductions.items() if count > 0),
        key=lambda reason: -totals.reductions[reason],
    )[:TOP]
    counts = {reason: totals.reductions[reason] for reason in ranked}
    reasons = [
        f"{reason_labels.get(reason, reason)}{count}个（占{rate(count, reduced)}%）"
        for reason, count in counts.items()
    ]
    lead = "岗位减少的原因是" if len(ranked) == 1 else "岗位减少的主要原因依次是"
    return f"本月新增岗位{totals.added}个，减少岗位{reduced}个。{lead}{join_items(reasons)}。"


def groups_sentence(rows: Sequence[GroupRow], *, lead: str, everyone: str) -> str:
    """分地区看，岗位减少较多的是X（减少N个，降幅R%）…；岗位增加较多的是Y（…）。 `everyone` names all groups (各市)."""
    if not rows:
        return ""
    falls = sorted((row for row in rows if row.totals.change_from_previous < 0), key=_change_key)[:TOP]
    rises = sorted((row for row in rows if row.totals.change_from_previous > 0), key=_change_key, reverse=True)
    parts = []
    if falls:
        parts.append(f"岗位减少较多的是{join_items([_group_phrase(row) for row in falls])}")
    else:
        parts.append(f"{everyone}岗位总数均未减少")
    if rises[:TOP]:
        parts.append(f"岗位增加较多的是{join_items([_group_phrase(row) for row in rises[:TOP]])}")
    return f"{lead}，" + "；".join(parts) + "。"


def _change_key(row: GroupRow) -> tuple[int, str]:
    return (row.totals.change_from_previous, row.code)


def _group_phrase(row: GroupRow) -> str:
    totals = row.totals
    return f"{row.name}（{change_phrase(totals.change_from_previous, totals.change_rate_from_previous)}）"


def hidden_sentence(totals: Totals, previous_hidden: int | None) -> str:
    """待岗 and 放长假 (hidden unemployment) over the period's headcount, against last month."""
    if totals.enterprises == 0:
        return ""
    text = f"本月待岗{totals.standby}人、放长假{totals.long_leave}人，隐性失业人数合计{totals.hidden_unemployment}人"
    if totals.hidden_unemployment_rate is not None:
        text += f"，占调查期岗位总数的{totals.hidden_unemployment_rate}%"
    if previous_hidden is not None:
        text += f"，较上月{change_phrase(totals.hidden_unemployment - previous_hidden, None, unit='人')}"
    return text + "。"


def reporting_sentence(analysis: Analysis) -> str:
    reporting = analysis.reporting
    late = f"（其中逾期报送{reporting.late}户）" if reporting.late else ""
    return f"本月应报送监测企业{reporting.owed}户，已报送{reporting.reported}户{late}，未报送{reporting.missing}户。"


def warnings_sentence(warnings: Sequence[WarningItem]) -> str:
    """本月触发预警企业N户（rule counts），地区预警M条，行业预警K条。 and how far their follow-up has got."""
    if not warnings:
        return "本月未触发失业风险预警。"
    enterprise = [item for item in warnings if item.scope == "enterprise"]
    parts = []
    if enterprise:
        rules = Counter(item.rule_label for item in enterprise)
        counts = "、".join(f"{label}{count}户" for label, count in rules.most_common())
        parts.append(f"预警企业{len({item.subject for item in enterprise})}户（{counts}）")
    for scope, name in (("region", "地区预警"), ("industry", "行业预警")):
        count = sum(1 for item in warnings if item.scope == scope)
        if count:
            parts.append(f"{name}{count}条")
    statuses = Counter(item.status for item in warnings)
    labels = {item.status: item.status_label for item in warnings}
    progress = "，".join(f"{labels[status]}{statuses[status]}条" for status in STATUS_ORDER if statuses[status])
    return "本月触发" + "，".join(parts) + f"。截至报告生成时，{progress}。"


def paragraphs(analysis: Analysis) -> list[str]:
    """The report's text, one string per paragraph, empty ones left out."""
    totals = analysis.totals
    everyone = f"各{analysis.child_label}"
    texts = [headline_sentence(analysis)]
    if totals.enterprises:
        texts += [
            flows_sentence(totals, analysis.reason_labels),
            groups_sentence(analysis.by_region, lead="分地区看", everyone=everyone),
            groups_sentence(analysis.by_industry, lead="分行业看", everyone="各行业"),
            hidden_sentence(totals, analysis.previous_hidden_unemployment),
        ]
    texts += [reporting_sentence(analysis), warnings_sentence(analysis.warnings)]
    return [text for text in texts if text]

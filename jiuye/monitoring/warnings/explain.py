"""Why a warning was raised, in one sentence a county officer understands, generated from the rule's figures.

The sentences are plain Chinese strings, not gettext: this module is pure (no Django import, so the benchmark and the
rules run without settings), its only readers are Shanxi officers, and the sentence is stored with the warning as a
record of why it was raised, so it must not change with a later translation catalogue.
"""

from collections.abc import Mapping

from jiuye.monitoring.warnings.rules import (
    ART41_PEOPLE,
    ART41_PERCENT,
    ECONOMIC_LAYOFF,
    HIDDEN_UNEMPLOYMENT_RISE,
    LARGE_REDUCTION,
    MISSING_WHILE_SHRINKING,
)

REGION_LEVEL = "region_level"
EWMA = "ewma"

Figures = Mapping[str, int | float | str]


def _number(value: int | float | str) -> str:
    """30 → "30", 10.0 → "10", 8.33 → "8.3": whole numbers without a decimal point, others to one decimal."""
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.1f}"


def _economic_layoff(f: Figures, who: str) -> str:
    if f["branch"] == "people":
        return (
            f"{who}本月经济性裁员{f['layoff']}人（上期岗位数{f['previous_headcount']}人），"
            f"达到《劳动合同法》第四十一条规定的规模（{ART41_PEOPLE}人以上）"
        )
    return (
        f"{who}本月经济性裁员{f['layoff']}人，占上期岗位数{f['previous_headcount']}人的{_number(f['percent'])}%，"
        f"达到《劳动合同法》第四十一条规定的规模（不足{ART41_PEOPLE}人但占职工总数{ART41_PERCENT}%以上）"
    )


def _large_reduction(f: Figures, who: str) -> str:
    month = (
        f"{who}本月减少岗位{f['reduced']}人（各种原因合计，上期岗位数{f['previous_headcount']}人，"
        f"占{_number(f['percent'])}%）"
    )
    if f["trigger"] == "month":
        return f"{month}，达到单月大规模减员标准（{f['month_people']}人以上或{_number(f['month_percent'])}%以上）"
    return (
        f"{month}，近{f['window_periods']}个月累计减少岗位{f['window_reduced']}人，"
        f"占期初岗位数{f['window_headcount']}人的{_number(f['window_percent'])}%，"
        f"达到累计大规模减员标准（{f['window_periods']}个月累计{f['window_people_threshold']}人以上"
        f"或{_number(f['window_percent_threshold'])}%以上）"
    )


def _hidden_unemployment_rise(f: Figures, who: str) -> str:
    return (
        f"{who}本月待岗和放长假{f['hidden']}人，占岗位数{f['headcount']}人的{_number(f['percent'])}%，"
        f"比上月{f['previous_hidden']}人（{_number(f['previous_percent'])}%）增加{f['rise']}人、"
        f"上升{_number(f['rise_points'])}个百分点，隐性失业明显上升（标准：增加{f['rise_people_threshold']}人以上"
        f"且上升{_number(f['rise_points_threshold'])}个百分点以上）"
    )


def _missing_while_shrinking(f: Figures, who: str) -> str:
    return (
        f"{who}已连续{f['missing_periods']}个月未报送，此前最近{f['reports']}次报送合计净减少岗位"
        f"{-int(f['net_change'])}人（最后报送岗位数{f['last_headcount']}人），请尽快联系核实"
    )


def _region_level(f: Figures, who: str) -> str:
    return (
        f"{who}本月岗位流失率{_number(f['job_loss_rate'])}%，预警企业{f['flagged_enterprises']}家，"
        f"达到{f['label']}预警标准（岗位流失率{_number(f['job_loss_rate_threshold'])}%以上"
        f"或预警企业{f['flagged_enterprises_threshold']}家以上）"
    )


def _ewma(f: Figures, who: str) -> str:
    return (
        f"{who}本月岗位流失率{_number(f['job_loss_rate'])}%，指数加权移动平均（EWMA）升至{f['ewma']}%，"
        f"超出控制上限{f['upper']}%（前{f['baseline_periods']}个月平均{f['target']}%），岗位流失明显高于以往水平"
    )


_SENTENCES = {
    ECONOMIC_LAYOFF: _economic_layoff,
    LARGE_REDUCTION: _large_reduction,
    HIDDEN_UNEMPLOYMENT_RISE: _hidden_unemployment_rise,
    MISSING_WHILE_SHRINKING: _missing_while_shrinking,
    REGION_LEVEL: _region_level,
    EWMA: _ewma,
}


def explain(rule: str, figures: Figures) -> str:
    """The sentence for one flagged enterprise (figures from a `RuleHits`) or one region/industry level.

    The subject is `figures["enterprise"]` (or `figures["region"]` for region_level and ewma) when given, else
    "该企业" / "该地区". Example: explain("economic_layoff", {"enterprise": "太原某煤业有限公司", "layoff": 25,
    "previous_headcount": 300, "percent": 8.3, "branch": "people"}) gives
    "太原某煤业有限公司本月经济性裁员25人（上期岗位数300人），达到《劳动合同法》第四十一条规定的规模（20人以上）".
    """
    try:
        sentence = _SENTENCES[rule]
    except KeyError:
        raise ValueError(f"unknown rule {rule!r}; known: {', '.join(_SENTENCES)}") from None
    regional = rule in (REGION_LEVEL, EWMA)
    who = str(figures.get("region" if regional else "enterprise", "该地区" if regional else "该企业"))
    return sentence(figures, who)

"""Enterprise warning rules and region/industry levels, each at, just below and just above its threshold.

Art. 41 thresholds from 《中华人民共和国劳动合同法》第四十一条
("裁减人员二十人以上或者裁减不足二十人但占企业职工总数百分之十以上"); "以上" includes the number itself
(《民法典》第一千二百五十九条). Other thresholds are the provisional defaults of `Thresholds` and
jiuye/monitoring/data/warning_levels.json.
"""

import json

import numpy as np
import pytest

from jiuye.monitoring.warnings import (
    REGION_LEVEL,
    Thresholds,
    WarningLevel,
    economic_layoff,
    explain,
    hidden_unemployment_rise,
    job_loss_rate,
    large_reduction,
    level_figures,
    level_for,
    load_warning_levels,
    missing_while_shrinking,
)


class TestEconomicLayoff:
    def test_people_branch_at_below_and_above_twenty(self):
        # Previous headcount 1,000, so 10% would be 100: only the 20-people branch can apply.
        hits = economic_layoff([19, 20, 21], [1000, 1000, 1000])
        assert hits.rule == "economic_layoff"
        assert hits.indices.tolist() == [1, 2]
        assert [f["branch"] for f in hits.figures] == ["people", "people"]

    def test_percent_branch_at_below_and_above_ten_percent(self):
        # 10% of 150 is exactly 15 (where float 0.1 × 150 must not tip it either way); 14 is 9.3%, 16 is 10.7%.
        hits = economic_layoff([14, 15, 16], [150, 150, 150])
        assert hits.indices.tolist() == [1, 2]
        assert [f["branch"] for f in hits.figures] == ["percent", "percent"]
        assert hits.figures[0] == {"layoff": 15, "previous_headcount": 150, "percent": 10.0, "branch": "percent"}

    def test_exactly_ten_percent_where_float_arithmetic_would_overshoot(self):
        # 0.1 × 30 = 3.0000000000000004 in floating point; 3 of 30 is exactly 10% and must flag.
        assert economic_layoff([3, 2], [30, 30]).indices.tolist() == [0]

    def test_nineteen_is_percent_branch_and_twenty_is_people_branch(self):
        hits = economic_layoff([19, 20], [100, 100])
        assert [f["branch"] for f in hits.figures] == ["percent", "people"]

    def test_no_layoff_and_no_headcount_do_not_flag(self):
        assert economic_layoff([0, 0, 5], [0, 10, 0]).indices.tolist() == []

    def test_names_and_explanation(self):
        hits = economic_layoff([25], [300], names=["太原某煤业有限公司"])
        assert explain("economic_layoff", hits.figures[0]) == (
            "太原某煤业有限公司本月经济性裁员25人（上期岗位数300人），达到《劳动合同法》第四十一条规定的规模（20人以上）"
        )
        share = economic_layoff([8], [80], names=["大同某机械厂"]).figures[0]
        sentence = explain("economic_layoff", share)
        assert "大同某机械厂本月经济性裁员8人" in sentence
        assert "上期岗位数80人的10%" in sentence
        assert "不足20人但占职工总数10%以上" in sentence

    def test_rejects_negative_counts(self):
        with pytest.raises(ValueError, match="negative"):
            economic_layoff([-1], [10])


class TestLargeReduction:
    def test_one_month_people_at_below_and_above(self):
        # Headcount 10,000: 10% is 1,000, so only the 30-people floor matters; one period given.
        hits = large_reduction([[29], [30], [31]], [[10000], [10000], [10000]])
        assert hits.indices.tolist() == [1, 2]
        assert {f["trigger"] for f in hits.figures} == {"month"}

    def test_one_month_percent_at_below_and_above(self):
        # Headcount 200: 10% is 20 people (under the 30 floor); 19 is 9.5%, 21 is 10.5%.
        hits = large_reduction([[19], [20], [21]], [[200], [200], [200]])
        assert hits.indices.tolist() == [1, 2]

    def test_three_month_cumulation_people(self):
        # Headcount 1,000 (15% = 150): no month reaches 30 or 10%; the three months sum to 49, 50, 51.
        reduced = [[20, 15, 14], [20, 15, 15], [20, 15, 16]]
        headcount = [[1000, 980, 965]] * 3
        hits = large_reduction(reduced, headcount)
        assert hits.indices.tolist() == [1, 2]
        assert hits.figures[0]["trigger"] == "window"
        assert hits.figures[0]["window_reduced"] == 50
        assert hits.figures[0]["window_headcount"] == 1000

    def test_three_month_cumulation_percent(self):
        # Headcount 200 before the window: 15% is exactly 30; months of 9 + 9 + 11 (29), 10 + 10 + 10 (30), 31.
        reduced = [[9, 9, 11], [10, 10, 10], [10, 10, 11]]
        headcount = [[200, 191, 182]] * 3
        hits = large_reduction(reduced, headcount)
        assert hits.indices.tolist() == [1, 2]
        assert hits.figures[0]["window_percent"] == 15.0

    def test_only_the_last_three_months_count(self):
        # 40 people four months ago is outside the window: 40 + 3 + 3 + 3 → window 9, not flagged.
        assert large_reduction([[40, 3, 3, 3]], [[1000, 960, 957, 954]]).indices.tolist() == []

    def test_thresholds_are_parameters(self):
        strict = Thresholds(month_people=5, month_percent=1)
        assert large_reduction([[5]], [[10000]], thresholds=strict).indices.tolist() == [0]
        assert large_reduction([[5]], [[10000]]).indices.tolist() == []

    def test_explanations_contain_the_figures(self):
        month = large_reduction([[35]], [[500]], names=["长治某化工公司"]).figures[0]
        sentence = explain("large_reduction", month)
        assert sentence.startswith("长治某化工公司本月减少岗位35人")
        assert "上期岗位数500人，占7%" in sentence
        assert "30人以上或10%以上" in sentence
        window = large_reduction([[20, 15, 16]], [[1000, 980, 965]], names=["晋城某建筑公司"]).figures[0]
        sentence = explain("large_reduction", window)
        assert "近3个月累计减少岗位51人" in sentence
        assert "期初岗位数1000人的5.1%" in sentence
        assert "3个月累计50人以上或15%以上" in sentence

    def test_rejects_mismatched_shapes(self):
        with pytest.raises(ValueError, match="must match"):
            large_reduction([[1, 2]], [[10]])


class TestHiddenUnemploymentRise:
    # Headcount 200 both months; 5% of 200 is 10 people, so the people and points criteria meet at +10.
    def test_both_criteria_at_below_and_above(self):
        hits = hidden_unemployment_rise([9, 10, 11], [200] * 3, [0, 0, 0], [200] * 3)
        assert hits.indices.tolist() == [1, 2]
        assert hits.figures[0]["rise"] == 10
        assert hits.figures[0]["rise_points"] == 5.0

    def test_people_without_points_does_not_flag(self):
        # +50 people in a 10,000-person firm is +0.5 points: not flagged; +9 people in 100 is +9 points: not flagged.
        hits = hidden_unemployment_rise([50, 9], [10000, 100], [0, 0], [10000, 100])
        assert hits.indices.tolist() == []

    def test_points_at_below_and_above_with_changing_headcount(self):
        # Before: 20 of 400 (5%). Now 300 jobs: 30 is 10% (+5 points, +10 people); 29 is 9.67%; 31 is 10.33%.
        hits = hidden_unemployment_rise([29, 30, 31], [300] * 3, [20] * 3, [400] * 3)
        assert hits.indices.tolist() == [1, 2]

    def test_no_headcount_is_skipped(self):
        assert hidden_unemployment_rise([20, 20], [0, 100], [0, 0], [100, 0]).indices.tolist() == []

    def test_explanation(self):
        hits = hidden_unemployment_rise([20], [200], [5], [200], names=["阳泉某铝业公司"])
        sentence = explain("hidden_unemployment_rise", hits.figures[0])
        assert sentence.startswith("阳泉某铝业公司本月待岗和放长假20人，占岗位数200人的10%")
        assert "比上月5人（2.5%）增加15人、上升7.5个百分点" in sentence
        assert "增加10人以上且上升5个百分点以上" in sentence


class TestMissingWhileShrinking:
    def test_two_missing_after_a_net_reduction(self):
        reported = [
            [True, True, True, False, False],  # shrank, then silent for two periods: flagged
            [True, True, True, True, False],  # silent for one period only
            [True, True, True, False, False],  # grew before falling silent
            [True, False, False, False, False],  # shrank, silent for four periods: flagged
            [False, False, False, False, False],  # never reported: nothing to go on
        ]
        headcount = [
            [100, 90, 80, 0, 0],
            [100, 90, 80, 70, 0],
            [100, 110, 120, 0, 0],
            [60, 0, 0, 0, 0],
            [0, 0, 0, 0, 0],
        ]
        net_change = [
            [-10, -10, -10, 0, 0],
            [-10, -10, -10, -10, 0],
            [10, 10, 10, 0, 0],
            [-5, 0, 0, 0, 0],
            [0, 0, 0, 0, 0],
        ]
        hits = missing_while_shrinking(reported, headcount, net_change, names=["甲", "乙", "丙", "丁", "戊"])
        assert hits.indices.tolist() == [0, 3]
        assert hits.figures[0] == {
            "missing_periods": 2,
            "reports": 3,
            "net_change": -30,
            "last_headcount": 80,
            "enterprise": "甲",
        }
        assert hits.figures[1]["missing_periods"] == 4
        assert hits.figures[1]["reports"] == 1

    def test_net_over_the_last_three_reports(self):
        # Older cut of 50 is outside the last three reports (+5, −2, −2 = +1): not flagged; −2 −2 −2: flagged.
        reported = [[True, True, True, True, False, False]] * 2
        headcount = [[100] * 6] * 2
        net_change = [[-50, 5, -2, -2, 0, 0], [-50, -2, -2, -2, 0, 0]]
        assert missing_while_shrinking(reported, headcount, net_change).indices.tolist() == [1]

    def test_net_zero_is_not_shrinking(self):
        hits = missing_while_shrinking([[True, True, False, False]], [[10] * 4], [[-3, 3, 0, 0]])
        assert hits.indices.tolist() == []

    def test_too_few_periods(self):
        assert missing_while_shrinking([[False, False]], [[0, 0]], [[0, 0]]).indices.tolist() == []

    def test_explanation(self):
        hits = missing_while_shrinking([[True, False, False]], [[80, 0, 0]], [[-12, 0, 0]], names=["朔州某煤矿"])
        sentence = explain("missing_while_shrinking", hits.figures[0])
        assert sentence == (
            "朔州某煤矿已连续2个月未报送，此前最近1次报送合计净减少岗位12人（最后报送岗位数80人），请尽快联系核实"
        )


class TestLevels:
    @pytest.fixture
    def levels(self):
        return load_warning_levels()

    def test_defaults_are_marked_provisional(self):
        data = json.loads(load_warning_levels.__globals__["DEFAULT_PATH"].read_text(encoding="utf-8"))
        assert data["status"] == "provisional"
        assert "rationale" in data

    @pytest.mark.parametrize(
        ("rate", "flagged", "expected"),
        [
            (0.79, 0, WarningLevel.NONE),  # issue 5's published ordinary month
            (1.49, 2, WarningLevel.NONE),  # just below yellow on both
            (1.5, 0, WarningLevel.YELLOW),  # yellow by rate, exactly
            (0.0, 3, WarningLevel.YELLOW),  # yellow by count, exactly
            (2.49, 4, WarningLevel.YELLOW),  # just below orange on both
            (2.5, 0, WarningLevel.ORANGE),
            (0.0, 5, WarningLevel.ORANGE),
            (3.99, 9, WarningLevel.ORANGE),  # just below red on both
            (4.0, 0, WarningLevel.RED),
            (0.0, 10, WarningLevel.RED),
            (12.0, 50, WarningLevel.RED),
        ],
    )
    def test_level_at_below_and_above(self, levels, rate, flagged, expected):
        assert level_for(rate, flagged, levels) == expected

    def test_roman_grades(self, levels):
        assert [(t.level, t.grade) for t in levels.levels] == [
            (WarningLevel.YELLOW, "III"),
            (WarningLevel.ORANGE, "II"),
            (WarningLevel.RED, "I"),
        ]

    def test_job_loss_rate_of_the_published_example(self):
        # Issue 5: 211 enterprises, 76,061 jobs now, 222 added, 604 reduced: previous 76,061 − 222 + 604 = 76,443.
        assert job_loss_rate(604, 76061 - 222 + 604) == pytest.approx(0.790, abs=1e-3)
        assert job_loss_rate(5, 0) == 0.0

    def test_region_explanation(self, levels):
        assert level_figures(1.0, 1, levels, region="小店区") is None
        figures = level_figures(2.6, 2, levels, region="小店区")
        assert figures["level"] == "orange"
        assert explain(REGION_LEVEL, figures) == (
            "小店区本月岗位流失率2.6%，预警企业2家，达到II级（橙色）预警标准（岗位流失率2.5%以上或预警企业5家以上）"
        )

    def test_loader_rejects_thresholds_out_of_order(self, tmp_path):
        path = tmp_path / "levels.json"
        data = json.loads(load_warning_levels.__globals__["DEFAULT_PATH"].read_text(encoding="utf-8"))
        data["levels"][1]["job_loss_rate_percent"] = 1.0
        path.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(ValueError, match="higher thresholds"):
            load_warning_levels(path)


def test_explain_rejects_unknown_rule():
    with pytest.raises(ValueError, match="unknown rule"):
        explain("nope", {})


def test_default_subject_without_names():
    figures = economic_layoff([30], [100]).figures[0]
    assert explain("economic_layoff", figures).startswith("该企业本月经济性裁员30人")
    assert np.int64 not in {type(value) for value in figures.values()}  # JSON-ready figures

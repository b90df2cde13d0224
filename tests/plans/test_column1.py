"""专栏1 as published: each of the ten indicators with its 2020 value, 2025 target, 年均/累计 figure, unit and kind,
read from the plan's own table (jiuye/plans/data/column1.txt is lines 71-84 of the plan's text, verbatim)."""

from decimal import Decimal

import pytest

from jiuye.plans.column1 import rows
from jiuye.plans.models import Indicator

# (code, name, unit, 2020 as published, 2025 as published, 年均/累计 as published, kind, baseline, target)
PUBLISHED = [
    ("urban_new_jobs", "城镇新增就业（万人）", "万人", "48.77", "——", ">（200）", "预期性", "48.77", "200"),
    ("surveyed_unemployment_rate", "城镇调查失业率（%）", "%", "6 左右", "——", "<5.5", "预期性", "6", "5.5"),
    ("urban_employment_share", "城镇就业占比（%）", "%", "57.7", "62", "——", "预期性", "57.7", "62"),
    ("poverty_alleviated_employed", "脱贫人口务工规模（万人）", "万人", "91.82", "——", ">90", "预期性", "91.82", "90"),
    ("labour_productivity_growth", "全员劳动生产率增长（%）", "%", "3.6", "——", "8.8", "预期性", "3.6", "8.8"),
    ("labour_compensation_share", "劳动报酬占比（%）", "%", "53", "——", "稳步提高", "预期性", "53", None),
    ("subsidised_training", "开展补贴性职业技能培训（万人次）", "万人次", "——", "完成国家确定目标", "——", "预期性",
     None, None),
    ("skilled_workers_share", "技能人才占从业人员比（%）", "%", "24.7", "35", "——", "预期性", "24.7", "35"),
    ("pension_coverage", "基本养老保险参保率（%）", "%", "93.19", "95", "——", "预期性", "93.19", "95"),
    ("schooling_years", "劳动年龄人口平均受教育年限（年）", "年", "11.12", "11.62", "——", "约束性", "11.12", "11.62"),
]  # fmt: skip


@pytest.mark.parametrize("published", PUBLISHED, ids=[row[0] for row in PUBLISHED])
def test_each_indicator_reads_as_published(published):
    code, name, unit, baseline_text, target_text, period_text, kind, baseline, target = published
    row = next(row for row in rows() if row.code == code)
    assert (row.name, row.unit, row.baseline_text, row.target_text, row.period_text, row.kind_text) == (
        name, unit, baseline_text, target_text, period_text, kind,
    )  # fmt: skip
    assert row.baseline_value == (Decimal(baseline) if baseline else None)
    assert row.target_value == (Decimal(target) if target else None)


def test_ten_indicators_in_the_tables_order_with_their_notes():
    assert [row.code for row in rows()] == [published[0] for published in PUBLISHED]
    by_code = {row.code: row for row in rows()}
    assert by_code["urban_new_jobs"].cumulative  # ①〔〕内为 5 年累计数
    assert by_code["urban_new_jobs"].note == "①〔〕内为 5 年累计数。"
    assert by_code["labour_compensation_share"].note == "②劳动报酬占比是指劳动报酬占 GDP 的比重。"
    assert by_code["surveyed_unemployment_rate"].baseline_approximate  # "6 左右"
    assert [row.code for row in rows() if row.note] == ["urban_new_jobs", "labour_compensation_share"]


@pytest.mark.django_db
def test_the_indicators_are_loaded_once_whatever_the_runs():
    from jiuye.plans.services import indicators_load

    assert indicators_load() == 10
    assert Indicator.objects.count() == 10
    schooling = Indicator.objects.get(code="schooling_years")
    assert (schooling.kind, schooling.rule, schooling.target_value) == ("binding", "level_at_least", Decimal("11.62"))
    assert Indicator.objects.exclude(kind="indicative").count() == 1

"""The progress rules at their thresholds (bands of data/progress.json: 5 points of 时序进度, a quarter of the path's
distance, 0.2 points above a ceiling, 5% below a floor, 1 point of an average; none for a binding indicator)."""

import pytest

from jiuye.plans.progress import (
    BEHIND,
    ON_TRACK,
    SLIGHTLY_BEHIND,
    UNKNOWN,
    Facts,
    Point,
    bands,
    evaluate,
    path_value,
)

JOBS = Facts(rule="cumulative_at_least", name="城镇新增就业（万人）", unit="万人", baseline=48.77, target=200)
RATE = Facts(rule="annual_at_most", name="城镇调查失业率（%）", unit="%", baseline=6, target=5.5)
POVERTY = Facts(rule="annual_at_least", name="脱贫人口务工规模（万人）", unit="万人", baseline=91.82, target=90)
PRODUCTIVITY = Facts(rule="average_at_least", name="全员劳动生产率增长（%）", unit="%", baseline=3.6, target=8.8)
URBAN = Facts(rule="level_at_least", name="城镇就业占比（%）", unit="%", baseline=57.7, target=62)
SCHOOLING = Facts(
    rule="level_at_least",
    name="劳动年龄人口平均受教育年限（年）",
    unit="年",
    binding=True,
    baseline=11.12,
    target=11.62,
)
WAGES = Facts(rule="rising", name="劳动报酬占比（%）", unit="%", baseline=53)
TRAINING = Facts(rule="national", name="开展补贴性职业技能培训（万人次）", unit="万人次")


def years(*values: float, start: int = 2021) -> list[Point]:
    return [Point(start + i, 0, value) for i, value in enumerate(values)]


def test_the_bands_are_the_settings():
    assert (bands().cumulative_points, bands().level_share, bands().annual_cap_points) == (5, 0.25, 0.2)
    assert (bands().annual_floor_share, bands().average_points) == (0.05, 1.0)


@pytest.mark.parametrize(
    ("done", "status"),
    [(120.0, ON_TRACK), (110.0, SLIGHTLY_BEHIND), (109.9, BEHIND)],  # time share 60%; 55% is 5 points behind
)
def test_a_cumulative_target_against_the_share_of_time_elapsed(done, status):
    progress = evaluate(JOBS, years(done / 3, done / 3, done / 3))  # 2021-2023: 36 of 60 months
    assert progress.status == status
    assert progress.time_share == pytest.approx(0.6)
    assert progress.done_share == pytest.approx(done / 200)


def test_a_months_figure_counts_the_months_elapsed():
    progress = evaluate(JOBS, [*years(45, 48), Point(2023, 10, 40)])  # January-October 2023 so far
    assert progress.time_share == pytest.approx(34 / 60)
    assert progress.reason == "2021年至2023年10月累计133万人，占五年目标200万人的66.5%，时序进度56.7%，快于时序进度。"
    assert progress.status == ON_TRACK


@pytest.mark.parametrize(("rate", "status"), [(5.5, ON_TRACK), (5.7, SLIGHTLY_BEHIND), (5.71, BEHIND)])
def test_a_ceiling(rate, status):
    assert evaluate(RATE, years(5.3, 5.2, rate)).status == status


def test_a_ceiling_says_by_how_much():
    assert evaluate(RATE, years(5.8)).reason == "2021年城镇调查失业率5.8%，高于5.5%的控制目标0.3个百分点。"
    assert evaluate(RATE, [Point(2025, 10, 5.1)]).reason == "2025年10月城镇调查失业率5.1%，低于5.5%的控制目标。"


def test_a_full_years_figure_speaks_for_its_year_before_its_months():
    progress = evaluate(RATE, [Point(2024, 0, 5.2), Point(2024, 12, 5.9)])
    assert (progress.latest.month, progress.status) == (0, ON_TRACK)


@pytest.mark.parametrize(("value", "status"), [(90.0, ON_TRACK), (85.5, SLIGHTLY_BEHIND), (85.4, BEHIND)])
def test_a_floor(value, status):
    assert evaluate(POVERTY, years(value)).status == status


@pytest.mark.parametrize(("growth", "status"), [((8.8, 8.8), ON_TRACK), ((7.8, 7.8), SLIGHTLY_BEHIND),
                                                ((7.8, 7.78), BEHIND)])  # fmt: skip
def test_an_average(growth, status):
    progress = evaluate(PRODUCTIVITY, years(*growth))
    assert progress.status == status


def test_a_level_against_its_straight_path():
    assert path_value(URBAN, 2023) == pytest.approx(57.7 + 4.3 * 3 / 5)  # 60.28
    distance = 62 - 57.7  # the band is a quarter of it: 1.075
    assert evaluate(URBAN, years(60.28, start=2023)).status == ON_TRACK
    assert evaluate(URBAN, years(60.28 - distance / 4, start=2023)).status == SLIGHTLY_BEHIND
    assert evaluate(URBAN, years(60.28 - distance / 4 - 0.01, start=2023)).status == BEHIND
    assert evaluate(URBAN, years(60.0, start=2023)).reason == (
        "2023年为60%，按2020年57.7%到2025年62%的路径应达60.28%，低0.28个百分点。"
    )


def test_a_binding_indicator_has_no_band():
    on_path = path_value(SCHOOLING, 2024)  # 11.52
    assert evaluate(SCHOOLING, years(on_path, start=2024)).status == ON_TRACK
    behind = evaluate(SCHOOLING, years(on_path - 0.01, start=2024))
    assert behind.status == BEHIND  # an indicative one would be within its band
    assert behind.reason.endswith("（约束性指标从严考核）。")


def test_steadily_rising():
    assert evaluate(WAGES, years(53.2, 53.5, 53.9)).status == ON_TRACK
    dipped = evaluate(WAGES, years(53.2, 53.1, 53.9))
    assert (dipped.status, dipped.reason) == (
        SLIGHTLY_BEHIND,
        "2023年为53.9%，2020年为53%，高于基期，但2022年比上年下降。",
    )
    assert evaluate(WAGES, years(52.9)).status == BEHIND


def test_the_national_target_of_the_year():
    assert evaluate(TRAINING, years(60, start=2024)).status == UNKNOWN
    assert evaluate(TRAINING, years(60, start=2024), year_targets={2024: 60}).status == ON_TRACK
    assert evaluate(TRAINING, years(57, start=2024), year_targets={2024: 60}).status == SLIGHTLY_BEHIND
    assert evaluate(TRAINING, years(56.9, start=2024), year_targets={2024: 60}).status == BEHIND


def test_no_figure_no_verdict():
    progress = evaluate(JOBS, [])
    assert (progress.status, progress.reason) == (UNKNOWN, "城镇新增就业（万人）尚无实际值，无法评估。")

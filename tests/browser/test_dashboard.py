"""The leaders' dashboard in Chromium: a province's analyst sees the indicator cards, clicks a city on the map and
lands on the city's page; on a phone the cards stack in one column and nothing scrolls sideways; the printable view
draws its charts for paper."""

from django.utils import timezone

from jiuye.accounts.enums import Role
from tests.accounts.factories import UserFactory
from tests.browser.conftest import log_in
from tests.browser.test_sweep import page_width
from tests.monitoring.factories import WarningFactory
from tests.plans.builders import actual, survey_rate, target

# Where the map draws a region: its shape's centre, in the chart's pixels (ECharts draws on a canvas, so the click
# goes to the pixel, as a user's would).
REGION_PIXEL = """(name) => {
  const chart = echarts.getInstanceByDom(document.getElementById("dashboard-map"));
  const geo = chart.getModel().getSeriesByIndex(0).coordinateSystem;
  const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, geo.getRegion(name).getCenter());
  return { x, y };
}"""
MAP_DRAWN = """() => {
  const element = document.getElementById("dashboard-map");
  const chart = window.echarts && echarts.getInstanceByDom(element);
  return Boolean(chart && chart.getModel() && chart.getModel().getSeriesByIndex(0));
}"""


def province_figures() -> None:
    for year in (2021, 2022, 2023, 2024):
        actual("urban_new_jobs", "14", year, 45)
        actual("surveyed_unemployment_rate", "14", year, 5.2)
    actual("schooling_years", "14", 2024, 11.4)
    target("urban_new_jobs", "1401", 40)
    survey_rate("2026-10", "city", "1401", 0.052)
    survey_rate("2026-10", "city", "1402", 0.061)
    WarningFactory(region_code="140105", period="2026-10")


def test_a_province_analyst_sees_the_cards_and_drills_down_to_a_city_from_the_map(page):
    province_figures()
    log_in(page, UserFactory(region="14", roles=[Role.ANALYST]))

    page.goto("/plans/")

    assert page.get_by_role("heading", name="山西省规划指标监测").is_visible()
    cards = page.locator("article.indicator-card")
    assert cards.count() == 10
    jobs = page.locator("#indicator-urban_new_jobs")
    assert "达到进度" in jobs.inner_text()
    assert "时序进度80.0%" in jobs.inner_text()
    assert "明显滞后" in page.locator("#indicator-schooling_years").inner_text()
    page.wait_for_function(MAP_DRAWN)
    page.get_by_label("失业风险预警").check()  # the map's switch
    assert "尚未关闭" in page.locator("#measure-note").inner_text()

    box = page.locator("#dashboard-map").bounding_box()
    point = page.evaluate(REGION_PIXEL, "太原市")
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])

    page.wait_for_url("**/plans/1401/")
    assert page.get_by_role("heading", name="太原市规划指标监测").is_visible()
    assert "太原市的分解目标" in page.locator("#indicator-urban_new_jobs").inner_text()
    assert page.locator("article.indicator-card").count() == 10
    page.wait_for_function(MAP_DRAWN)  # the city's counties
    assert page.problems == []


def test_on_a_phone_the_cards_stack_in_one_column_and_nothing_scrolls_sideways(phone):
    province_figures()
    log_in(phone, UserFactory(region="14", roles=[Role.ANALYST]))

    for path in ("/plans/", "/plans/1401/"):
        phone.goto(path)
        phone.wait_for_function(MAP_DRAWN)

        lefts = {round(box["x"]) for box in phone.locator("article.indicator-card").evaluate_all(
            "cards => cards.map((card) => card.getBoundingClientRect().toJSON())")}  # fmt: skip
        assert len(lefts) == 1, path  # one column
        assert page_width(phone) <= 390, path
    assert phone.problems == []


def test_the_printable_view_draws_its_charts(page):
    province_figures()
    log_in(page, UserFactory(region="14", roles=[Role.ANALYST]))

    page.goto("/plans/14/print/?measure=warnings")

    page.wait_for_function(MAP_DRAWN)
    assert page.locator(".topbar").count() == 0
    assert page.locator("#chart-urban_new_jobs svg").count() == 1  # drawn as SVG, for paper
    assert page.locator("input[name=measure][value=warnings]").is_checked()
    assert timezone.localdate().strftime("%Y年") in page.locator(".dashboard-head").inner_text()
    assert page.problems == []

"""The leaders' dashboard (规划指标): a card per indicator coloured by its verdict, with its sentence and figures; the
province's figures marked on a city's page; the map's figures by child region; the region scope (another region's
page is the Chinese 404; a reporter account never gets a page); the Excel export; the printable view; and a fixed
number of queries whatever the number of regions and years."""

import datetime
from io import BytesIO

import pytest
from django.http import Http404
from django.urls import reverse
from openpyxl import load_workbook

from jiuye.accounts.enums import Role
from jiuye.plans.selectors import region_for
from tests.accounts.factories import UserFactory
from tests.employers.factories import VacancyFactory
from tests.monitoring.factories import MonitoredEnterpriseFactory, WarningFactory, reporter_of
from tests.people.factories import zero_employment_household
from tests.plans.builders import actual, found_work, survey_rate, target

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(client):
    user = UserFactory(region="14", roles=[Role.ANALYST])
    client.force_login(user)
    return user


@pytest.fixture
def figures():
    """The province's figures, one indicator for each verdict: new urban jobs ahead of 时序进度 (180 of 200 by the
    end of 2024, 90% against 80%), pension coverage a little below its path (94.2 against 94.64, within a quarter of
    the distance), schooling years (binding) below its path; the others have no figure yet."""
    for year in (2021, 2022, 2023, 2024):
        actual("urban_new_jobs", "14", year, 45, note="山西省国民经济和社会发展统计公报")
    actual("pension_coverage", "14", 2023, 94.1)
    actual("pension_coverage", "14", 2024, 94.2)
    actual("schooling_years", "14", 2024, 11.4)
    found_work("140105", datetime.date(2024, 5, 1), count=3)


def card(html: str, code: str) -> str:
    """The HTML of one indicator's card."""
    start = html.rindex("<article", 0, html.index(f'id="indicator-{code}"'))
    return html[start : html.index("</article>", start)]


def test_each_card_is_coloured_by_its_verdict_and_says_why(client, analyst, figures):
    response = client.get(reverse("www:plans"))

    assert response.status_code == 200
    html = response.text
    statuses = {c.indicator.code: c.status for c in response.context["dashboard"].cards}
    assert statuses["urban_new_jobs"] == "on_track"
    assert statuses["pension_coverage"] == "slightly_behind"
    assert statuses["schooling_years"] == "behind"
    assert statuses["labour_compensation_share"] == "unknown"
    assert 'class="indicator-card status-on_track"' in card(html, "urban_new_jobs")
    assert '<span class="status-badge status-slightly_behind">略低于进度</span>' in card(html, "pension_coverage")
    assert '<span class="status-badge status-behind">明显滞后</span>' in card(html, "schooling_years")
    assert '<span class="status-badge status-unknown">无法评估</span>' in card(html, "labour_compensation_share")
    assert "2021年至2024年累计180万人，占五年目标200万人的90.0%，时序进度80.0%，快于时序进度。" in html
    assert "约束性指标从严考核" in card(html, "schooling_years")
    assert "劳动报酬占比（%）尚无实际值，无法评估。" in card(html, "labour_compensation_share")
    counts = {status: count for status, _label, count in response.context["dashboard"].status_counts()}
    assert counts == {"on_track": 1, "slightly_behind": 1, "behind": 1, "unknown": 7}


def test_a_card_shows_the_latest_figure_its_source_jiuyes_own_the_target_the_pace_and_the_trend(
    client, analyst, figures
):
    jobs = card(client.get(reverse("www:plans")).text, "urban_new_jobs")

    assert "<strong>45</strong>万人" in jobs
    assert "2024年 · 统计公报（山西省国民经济和社会发展统计公报）" in jobs
    assert "全省数据" not in jobs  # the province's own page
    assert "3人" in jobs
    assert "实名制台账中当年转为就业的人员" in jobs
    assert "五年累计不低于200万人" in jobs
    assert "完成 90.0% · 时序进度 80.0%" in jobs
    assert "按目前趋势，五年累计预计225万人" in jobs
    pension = card(client.get(reverse("www:plans")).text, "pension_coverage")
    assert "目标年达到95%" in pension
    assert "2020年为93.19%" in pension


def test_a_citys_page_marks_the_provinces_figures_and_uses_its_own_where_it_has_them(client, analyst, figures):
    actual("urban_new_jobs", "1401", 2024, 9.5)
    target("urban_new_jobs", "1401", 40)

    html = client.get(reverse("www:plans_region", args=["1401"])).text

    jobs, pension = card(html, "urban_new_jobs"), card(html, "pension_coverage")
    assert "<strong>9.5</strong>万人" in jobs
    assert "全省数据" not in jobs
    assert "太原市的分解目标" in jobs
    assert "五年累计不低于40万人" in jobs
    assert "<strong>94.2</strong>%" in pension
    assert '<span class="badge province-figure"' in pension
    assert "全省数据" in pension
    assert '<a href="/plans/14/">山西省</a> › \n    <strong>太原市</strong>' in html


def test_the_trend_charts_carry_the_targets_path_the_figures_and_the_projection(client, analyst, figures):
    charts = {chart["id"]: chart for chart in client.get(reverse("www:plans")).context["dashboard"].charts_data()}

    jobs = charts["chart-urban_new_jobs"]
    assert jobs["years"] == ["2020", "2021", "2022", "2023", "2024", "2025"]
    assert jobs["actual"] == [0.0, 45, 90, 135, 180, None]  # a running total of the five years
    assert jobs["target"] == pytest.approx([0, 40, 80, 120, 160, 200])
    assert jobs["projection"]["value"] == pytest.approx(225)
    pension = charts["chart-pension_coverage"]
    assert pension["actual"][0] == pytest.approx(93.19)  # the 2020 value of 专栏1
    assert pension["target"][-1] == pytest.approx(95)


def test_the_map_has_the_five_measures_of_each_city_and_drills_down_to_their_pages(client, analyst):
    survey_rate("2026-10", "city", "1401", 0.052)
    WarningFactory(region_code="140105")
    zero_employment_household("140212")
    found_work("140105", datetime.date(2025, 3, 1), count=2)
    VacancyFactory(region_id="140105", headcount=4, valid_from=datetime.date(2026, 8, 1))

    response = client.get(reverse("www:plans"))

    measures = response.context["dashboard"].map_data()["measures"]
    assert [measure["key"] for measure in measures] == [
        "unemployment", "warnings", "new_jobs", "zero_employment", "vacancy_ratio",
    ]  # fmt: skip
    taiyuan = {measure["key"]: next(d for d in measure["data"] if d["code"] == "1401") for measure in measures}
    assert taiyuan["unemployment"]["value"] == pytest.approx(5.2)
    assert taiyuan["warnings"]["value"] == 1
    assert taiyuan["new_jobs"]["value"] == 2
    assert taiyuan["zero_employment"]["value"] == 0
    assert taiyuan["vacancy_ratio"]["value"] is None  # jobs but no seeker: no ratio
    assert len(measures[0]["data"]) == 11
    html = response.text
    assert 'data-region-url="/plans/14/"' in html
    assert '<a href="/plans/1402/">大同市</a>' in html
    assert '<td data-measure="zero_employment">1户</td>' in html


def test_a_citys_map_is_of_its_counties_and_says_they_have_no_surveyed_rate(client, analyst):
    response = client.get(reverse("www:plans_region", args=["1401"]))

    dashboard = response.context["dashboard"]
    assert {child.code for child in dashboard.children} >= {"140105", "140106"}
    assert "各县（市、区）没有调查失业率" in response.text
    assert "maps/shanxi_county.json" in response.text


def test_a_countys_page_has_no_map_but_its_warnings(client, analyst):
    WarningFactory(region_code="140105", explanation="小店区本月岗位流失率1.5%")
    WarningFactory(region_code="140106", explanation="迎泽区本月岗位流失率2.5%")

    response = client.get(reverse("www:plans_region", args=["140105"]))

    assert response.status_code == 200
    assert 'id="dashboard-map"' not in response.text
    assert "未关闭的失业风险预警（1条）" in response.text
    assert "小店区本月岗位流失率1.5%" in response.text
    assert "迎泽区本月岗位流失率2.5%" not in response.text


def test_another_regions_page_is_the_chinese_404(client):
    client.force_login(UserFactory(region="1401", roles=[Role.ANALYST]))

    for code in ("1402", "140212", "14"):
        for name in ("www:plans_region", "www:plans_print", "www:plans_export"):
            response = client.get(reverse(name, args=[code]))
            assert response.status_code == 404, (name, code)
            assert "该区划不存在或不在您的管辖范围内" in response.text


def test_a_reporter_account_never_gets_a_plan_page(client):
    reporter = reporter_of(MonitoredEnterpriseFactory(region="140105"))
    client.force_login(reporter)

    for url in (reverse("www:plans"), reverse("www:plans_region", args=["140105"]), "/plans/140105/export.xlsx"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("www:monitoring_mine")
    with pytest.raises(Http404, match="该区划不存在或不在您的管辖范围内"):
        region_for(user=reporter, code="140105")
    assert "规划指标" not in client.get(reverse("www:monitoring_mine")).text


def test_the_excel_export_has_the_indicators_and_the_figures_by_city(client, analyst, figures):
    WarningFactory(region_code="140212")
    target("urban_new_jobs", "1402", 16)
    found_work("140212", datetime.date(2025, 3, 1), count=4)

    response = client.get(reverse("www:plans_export", args=["14"]))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["规划指标", "分地区"]
    indicators = list(book["规划指标"].iter_rows(values_only=True))
    assert indicators[0][0].startswith("山西省规划指标监测")
    header = indicators[1]
    rows = {row[1]: dict(zip(header, row, strict=True)) for row in indicators[2:]}
    assert len(rows) == 10
    jobs = rows["城镇新增就业（万人）"]
    assert jobs["最新实际值"] == 45
    assert jobs["时期"] == "2024年"
    assert jobs["来源"] == "统计公报（山西省国民经济和社会发展统计公报）"
    assert jobs["目标"] == "五年累计不低于200万人"
    assert jobs["五年目标完成（%）"] == 90.0
    assert jobs["时序进度（%）"] == 80.0
    assert jobs["趋势预测值"] == pytest.approx(225)
    assert jobs["进度"] == "达到进度"
    assert rows["劳动年龄人口平均受教育年限（年）"]["进度"] == "明显滞后"
    assert rows["劳动年龄人口平均受教育年限（年）"]["属性"] == "约束性"
    regions = list(book["分地区"].iter_rows(values_only=True))
    by_code = {row[0]: dict(zip(regions[1], row, strict=True)) for row in regions[2:]}
    assert len(by_code) == 11
    datong = by_code["1402"]
    assert datong["区划"] == "大同市"
    assert datong["失业风险预警（目前，条）"] == 1
    assert datong["城镇新增就业（2025年，人）"] == 4
    assert datong["目标（人）"] == pytest.approx(32000)  # a fifth of 16万
    assert datong["完成目标（%）"] == pytest.approx(0.0)  # 4 of 32,000, to one decimal
    assert by_code["1401"]["零就业家庭（未清零）（目前，户）"] == 0


def test_the_printable_view_has_the_cards_and_the_map_without_the_menu(client, analyst, figures):
    response = client.get(reverse("www:plans_print", args=["14"]) + "?measure=warnings")

    html = response.text
    assert response.status_code == 200
    assert 'class="print-view"' in html
    assert "主导航" not in html
    assert 'id="indicator-urban_new_jobs"' in html
    assert 'data-print="1" data-measure="warnings"' in html
    assert 'id="region-figures"' in html


def test_the_page_queries_are_a_fixed_number_whatever_the_regions_and_years(
    client, analyst, django_assert_max_num_queries
):
    def more_figures(cities: list[str], years: range) -> None:
        for code in cities:
            for year in years:
                actual("urban_new_jobs", code[:4], year, 5)
                actual("surveyed_unemployment_rate", code[:4], year, 5.1)
            WarningFactory(region_code=code)
            zero_employment_household(code)
            found_work(code, datetime.date(2025, 3, 1))
            VacancyFactory(region_id=code, valid_from=datetime.date(2026, 8, 1))

    more_figures(["140105"], range(2021, 2022))
    with django_assert_max_num_queries(QUERIES) as few:
        assert client.get(reverse("www:plans")).status_code == 200
    more_figures(["140212", "140302", "140403", "140502"], range(2022, 2025))
    with django_assert_max_num_queries(QUERIES) as many:
        assert client.get(reverse("www:plans")).status_code == 200
    with django_assert_max_num_queries(QUERIES):
        assert client.get(reverse("www:plans_region", args=["1401"])).status_code == 200

    assert len(many) == len(few)


# The session, the user, their roles and region (4); the page's region and its parents (2); the indicators, their
# figures and targets (3); jiuye's own figures (3); the child regions (1); the map's five measures (6, the new jobs'
# targets apart); the open warnings and their names (1 and up to 3).
QUERIES = 24

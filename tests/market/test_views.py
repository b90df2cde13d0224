"""The market statistics page, its Excel export and the API on a hand-made quarter (2026Q3):

    Xiaodian 140105: welder vacancy of 4 and clerk vacancy of 1; seekers: 2 welders, 2 clerks  -> 5 / 4 = 1.25
    Yingze 140106:   welder vacancy of 3; 1 seeker asking welder then clerk (counts as welder)   -> 3 / 1 = 3.00
    Datong 140213:   miner vacancy of 12; 2 seekers who named no occupation                      -> 12 / 2 = 6.00
    Taiyuan 1401: 8 / 5 = 1.60; the province: 20 / 7 = 2.857 -> 2.86
and, outside the quarter, a Xiaodian vacancy of 9 on 2026-06-30 and a seeker on 2026-10-01.
"""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from jiuye.accounts.models import User
from jiuye.market.selectors import market_region
from tests.accounts.factories import UserFactory
from tests.employers.factories import VacancyFactory
from tests.people.factories import PersonFactory
from tests.seekers.factories import SeekerRegistrationFactory

pytestmark = pytest.mark.django_db

MINER, WELDER, CLERK = "6-16-01-05", "6-18-02-04", "3-01-01-01"
IN_Q3 = datetime.date(2026, 7, 15)


def seeker(region: str, *occupations: str, on: datetime.date = IN_Q3):
    registration = SeekerRegistrationFactory(person=PersonFactory(residence_region_id=region), registered_on=on)
    for code in occupations:
        registration.desired_occupations.add(code)
    return registration


@pytest.fixture
def quarter():
    VacancyFactory(region_id="140105", occupation_id=WELDER, headcount=4, valid_from=datetime.date(2026, 7, 10))
    VacancyFactory(
        region_id="140105", occupation_id=CLERK, title="文员", headcount=1, wage_min=3000, wage_max=4000,
        valid_from=datetime.date(2026, 8, 1),
    )  # fmt: skip
    VacancyFactory(
        region_id="140106", occupation_id=WELDER, headcount=3, wage_min=6000, wage_max=8000, valid_from=IN_Q3
    )
    VacancyFactory(
        region_id="140213", occupation_id=MINER, title="采煤工", headcount=12, wage_min=8000, wage_max=9000,
        valid_from=datetime.date(2026, 9, 30),
    )  # fmt: skip
    VacancyFactory(region_id="140105", headcount=9, valid_from=datetime.date(2026, 6, 30))  # the quarter before
    for _ in range(2):
        seeker("140105", WELDER)
        seeker("140105", CLERK)
        seeker("140213")
    seeker("140106", WELDER, CLERK)
    seeker("140105", WELDER, on=datetime.date(2026, 10, 1))


def page(client, user: User, **params):
    client.force_login(user)
    return client.get("/market/", {"quarter": "2026Q3", **params})


def figures(rows) -> dict:
    return {row.key: (row.demand, row.supply, row.ratio) for row in rows}


def test_province_sees_cities_groups_shortages_and_trend(client, quarter, django_assert_max_num_queries):
    client.force_login(UserFactory(region="14"))
    with django_assert_max_num_queries(16):  # the same whatever the number of regions and rows
        response = client.get("/market/", {"quarter": "2026Q3"})
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.total.demand, report.total.supply, report.total.ratio) == (20, 7, Decimal("2.86"))
    assert figures(report.by_region) == {"1401": (8, 5, Decimal("1.60")), "1402": (12, 2, Decimal("6.00"))}
    assert figures(report.by_occupation) == {
        "": (0, 2, Decimal("0.00")), "3": (1, 2, Decimal("0.50")), "6": (19, 3, Decimal("6.33")),
    }  # fmt: skip
    # Miners: 12 jobs, no seeker; welders: 7 jobs for 3 seekers (2.33); clerks: 3 in all, under the volume of 10.
    assert [(row.key, row.ratio) for row in report.shortage] == [(MINER, None), (WELDER, Decimal("2.33"))]
    assert report.surplus == []
    trend = {row.key: (row.demand, row.supply) for row in report.trend}
    assert trend["2026Q2"] == (9, 0)
    assert trend["2026Q3"] == (20, 7)
    assert len(trend) == 8
    html = response.content.decode()
    assert '<span class="value" data-testid="ratio">2.86</span>' in html
    assert "太原市" in html
    assert "井下采矿工" in html


def test_city_drills_down_to_counties_with_wages(client, quarter):
    response = page(client, UserFactory(region="1401"))
    report = response.context["report"]
    assert (report.total.demand, report.total.supply, report.total.ratio) == (8, 5, Decimal("1.60"))
    assert figures(report.by_region) == {"140105": (5, 4, Decimal("1.25")), "140106": (3, 1, Decimal("3.00"))}
    xiaodian = next(row for row in report.wages_by_region if row.key == "140105")
    # Bottoms 3000, 5000; tops 4000, 7000; midpoints 3500, 6000 -> P25 4125, P75 5375.
    assert (xiaodian.vacancies, xiaodian.wage_min_median, xiaodian.wage_max_median) == (2, 4000, 5500)
    assert (xiaodian.midpoint_p25, xiaodian.midpoint_p75) == (4125, 5375)
    assert figures(page(client, UserFactory(region="1401"), region="140105").context["report"].by_region) == {
        "140105": (5, 4, Decimal("1.25"))
    }


def test_medium_groups(client, quarter):
    report = page(client, UserFactory(region="14"), level="medium").context["report"]
    assert figures(report.by_occupation) == {
        "": (0, 2, Decimal("0.00")), "3-01": (1, 2, Decimal("0.50")), "6-16": (12, 0, None),
        "6-18": (7, 3, Decimal("2.33")),
    }  # fmt: skip


def test_county_sees_only_its_county(client, quarter):
    county = UserFactory(region="140105")
    report = page(client, county).context["report"]
    assert (report.total.demand, report.total.supply) == (5, 4)
    assert figures(report.by_region) == {"140105": (5, 4, Decimal("1.25"))}
    for elsewhere in ["140106", "1401", "14", "1402", "999999"]:
        assert page(client, county, region=elsewhere).status_code == 404


def test_other_city_gets_404_for_taiyuan(client, quarter):
    datong = UserFactory(region="1402")
    assert page(client, datong, region="1401").status_code == 404
    assert client.get("/market/export.xlsx", {"region": "1401"}).status_code == 404
    report = page(client, datong).context["report"]
    assert (report.total.demand, report.total.supply) == (12, 2)


def test_user_without_org_unit_is_refused(client, quarter):
    user = UserFactory(org_unit=None)
    client.force_login(user)
    assert client.get("/market/").status_code == 403
    assert client.get("/market/export.xlsx").status_code == 403


def test_excel_export_has_the_figures(client, quarter):
    client.force_login(UserFactory(region="14"))
    response = client.get("/market/export.xlsx", {"quarter": "2026Q3"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "山西省 2026Q3 人力资源市场供求状况" in rows[0][0]
    assert rows[1][:6] == ("表", "代码", "名称", "需求人数", "求职人数", "求人倍率")
    by_table = {(row[0], row[1]): row for row in rows[2:]}
    assert by_table[("合计", "14")][2:6] == ("山西省", 20, 7, 2.86)
    assert by_table[("分地区", "1402")][2:6] == ("大同市", 12, 2, 6)
    assert by_table[("分职业", "6")][3:6] == (19, 3, 6.33)
    assert by_table[("紧缺职业", MINER)][2:6] == ("井下采矿工", 12, 0, None)
    assert by_table[("分地区工资", "1402")][6:12] == (1, 8000, 9000, 8500, 8500, 8500)


def test_a_bad_quarter_falls_back_to_a_listed_one(client, quarter):
    response = page(client, UserFactory(region="14"), quarter="2026Q9")
    assert response.status_code == 200
    assert response.context["report"].quarter in response.context["quarters"]


def test_the_region_parameter_is_resolved_inside_the_users_scope():
    """`market_region`, which the page and the API share: blank is the user's own region (the province for a
    superuser), a region outside the scope or unknown is None (a 404), a user without a region sees none."""
    county, city = UserFactory(region="140105"), UserFactory(region="1401")
    superuser = User.objects.create_superuser("root", password="correct-horse-battery")
    assert market_region(user=county, code="").code == "140105"
    assert market_region(user=city, code=" 140106 ").code == "140106"
    assert market_region(user=superuser, code="").code == "14"
    assert market_region(user=county, code="1401") is None  # a parent
    assert market_region(user=city, code="140213") is None  # another city's county
    assert market_region(user=city, code="140199") is None  # no such county
    assert market_region(user=UserFactory(org_unit=None), code="14") is None

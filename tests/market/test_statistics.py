"""The market statistics core on hand-made numbers, with the expected values worked out by hand (and the quantiles
checked against R)."""

import datetime
from decimal import Decimal

import pytest

from jiuye.market.statistics import (
    RatioRow,
    SeekerRow,
    VacancyRow,
    by_occupation,
    by_region,
    minimum_volume,
    occupation_group,
    quantile,
    quarter_bounds,
    quarter_of,
    quarters_ending,
    ratios,
    shortage,
    surplus,
    total,
    vacancy_seeker_ratio,
    wages,
)

MINER, WELDER, CLERK = "6-16-01-05", "6-18-02-04", "3-01-01-01"
VACANCIES = [
    VacancyRow(MINER, "140105", 10, 8000, 10000),
    VacancyRow(MINER, "140202", 5, 7000, 9000),
    VacancyRow(WELDER, "140105", 3, 6000, 7000),
    VacancyRow(CLERK, "140105", 2, 3000, 4000),
]
SEEKERS = [
    SeekerRow(MINER, "140105"),
    SeekerRow(MINER, "140202"),
    SeekerRow(WELDER, "140105"),
    *[SeekerRow(CLERK, "140105")] * 5,
    SeekerRow("", "140202"),
]


@pytest.mark.parametrize(
    ("demand", "supply", "expected"),
    [
        (146, 100, Decimal("1.46")),
        (2, 3, Decimal("0.67")),
        (1, 8, Decimal("0.13")),
        (5, 0, None),
        (0, 4, Decimal("0.00")),
    ],
)
def test_ratio_is_demand_over_supply_half_up(demand, supply, expected):
    # 2/3 = 0.666.. -> 0.67; 1/8 = 0.125 -> 0.13 (half up, as printed, not banker's 0.12).
    assert vacancy_seeker_ratio(demand, supply) == expected


def test_quarters():
    assert quarter_of(datetime.date(2026, 8, 15)) == "2026Q3"
    assert quarter_bounds("2026Q3") == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    assert quarter_bounds("2024q1") == (datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    assert quarter_bounds("2026Q4")[1] == datetime.date(2026, 12, 31)
    assert quarters_ending("2026Q1", 3) == ["2025Q3", "2025Q4", "2026Q1"]
    for bad in ["2026Q5", "26Q1", "2026-07", ""]:
        with pytest.raises(ValueError, match=bad or "^$"):
            quarter_bounds(bad)


def test_occupation_groups_are_code_prefixes():
    assert occupation_group(MINER, "major") == "6"
    assert occupation_group(MINER, "medium") == "6-16"
    assert occupation_group(MINER, "detailed") == MINER
    assert occupation_group("", "major") == ""


def test_ratios_by_major_group_count_each_seeker_once():
    rows = {row.key: (row.demand, row.supply, row.ratio) for row in ratios(VACANCIES, SEEKERS, by_occupation("major"))}
    # Group 6: 10 + 5 + 3 jobs for 3 seekers = 6.00; group 3: 2 jobs for 5 seekers = 0.40; one seeker named none.
    assert rows == {"": (0, 1, Decimal("0.00")), "3": (2, 5, Decimal("0.40")), "6": (18, 3, Decimal("6.00"))}
    assert sum(supply for _demand, supply, _ratio in rows.values()) == len(SEEKERS)
    overall = total(VACANCIES, SEEKERS)
    assert (overall.demand, overall.supply, overall.ratio) == (20, 9, Decimal("2.22"))


def test_ratios_by_city_and_county():
    cities = {row.key: (row.demand, row.supply) for row in ratios(VACANCIES, SEEKERS, by_region(4))}
    assert cities == {"1401": (15, 7), "1402": (5, 2)}
    counties = {row.key: row.ratio for row in ratios(VACANCIES, SEEKERS, by_region(6))}
    assert counties == {"140105": Decimal("2.14"), "140202": Decimal("2.50")}  # 15/7 = 2.142..., 5/2


def test_shortage_and_surplus_need_volume():
    rows = [
        RatioRow("small", 3, 1),  # ratio 3.00 but only 4 people in all: left out
        RatioRow("miner", 60, 20),  # 3.00, gap 40
        RatioRow("welder", 90, 30),  # 3.00, gap 60: before the miner
        RatioRow("nurse", 25, 0),  # no seeker at all: first
        RatioRow("cook", 30, 20),  # 1.50
        RatioRow("clerk", 10, 50),  # 0.20
        RatioRow("cashier", 5, 25),  # 0.20, a smaller surplus than the clerk's
        RatioRow("guard", 15, 30),  # 0.50
        RatioRow("", 0, 40),  # seekers who named no occupation: never listed
    ]
    assert [row.key for row in shortage(rows)] == ["nurse", "welder", "miner", "cook"]
    assert [row.key for row in shortage(rows, limit=2)] == ["nurse", "welder"]
    assert [row.key for row in shortage(rows, min_volume=4)][:4] == ["nurse", "welder", "miner", "small"]
    assert [row.key for row in surplus(rows)] == ["clerk", "cashier", "guard"]


def test_minimum_volume_grows_with_the_region():
    assert minimum_volume(RatioRow("", 3, 1)) == 10  # never under 10
    assert minimum_volume(RatioRow("", 1200, 600)) == 18  # 1% of 1,800
    assert minimum_volume(RatioRow("", 1201, 600)) == 19  # 18.01, rounded up


def test_quantile_matches_r_type_7():
    # R: quantile(c(3000, 4000, 6000, 10000), c(.25, .5, .75), type = 7)  ->  3750 5000 7000
    values = [3000, 4000, 6000, 10000]
    assert [quantile(values, Decimal(p)) for p in ("0.25", "0.5", "0.75")] == [3750, 5000, 7000]
    # R: quantile(c(1, 2, 4), .25)  ->  1.5
    assert quantile([1, 2, 4], Decimal("0.25")) == Decimal("1.5")
    assert quantile([7], Decimal("0.75")) == 7
    with pytest.raises(ValueError, match="no values"):
        quantile([], Decimal("0.5"))


def test_wages_by_occupation_and_city():
    rows = {row.key: row for row in wages(VACANCIES, by_occupation("major"))}
    miners = rows["6"]
    # Bottoms 6000, 7000, 8000 -> median 7000; tops 7000, 9000, 10000 -> 9000; midpoints 6500, 8000, 9000:
    # R: quantile(c(6500, 8000, 9000), c(.25, .5, .75))  ->  7250 8000 8500
    assert (miners.vacancies, miners.wage_min_median, miners.wage_max_median) == (3, 7000, 9000)
    assert (miners.midpoint_p25, miners.midpoint_median, miners.midpoint_p75) == (7250, 8000, 8500)
    assert (rows["3"].vacancies, rows["3"].midpoint_median) == (1, 3500)
    cities = {row.key: row for row in wages(VACANCIES, by_region(4))}
    # Taiyuan: bottoms 3000, 6000, 8000; midpoints 3500, 6500, 9000 -> P25 = 3500 + .5 * 3000 = 5000.
    assert (cities["1401"].wage_min_median, cities["1401"].midpoint_p25, cities["1401"].midpoint_p75) == (
        6000,
        5000,
        7750,
    )
    assert cities["1402"].midpoint_median == 8000


def test_wage_midpoints_round_half_up_to_whole_yuan():
    # Midpoints 3000.5 and 3001.5 (odd sums); median 3001.0; P25 = 3000.5 + .25 = 3000.75 -> 3001.
    rows = wages([VacancyRow(CLERK, "1401", 1, 3000, 3001), VacancyRow(CLERK, "1401", 1, 3001, 3002)], by_region(4))
    assert (rows[0].midpoint_p25, rows[0].midpoint_median, rows[0].wage_min_median) == (3001, 3001, 3001)

"""The surveyed urban unemployment rate: who is in it, its domains, its standard error, the reliability flag, and the
`lfs_estimate` command."""

import io
import json
import math

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from jiuye.lfs.demo import SurveyFrame, microdata_csv_write, synthetic_month
from jiuye.lfs.rates import AGE_GROUPS, Microdata, Rate, change_se, domain_labels, unemployment_rates
from tests.imports.files import write_csv

DEFAULTS = {
    "stratum": "1401U", "psu": "a", "weight": 100.0, "region": "140105", "urban": True, "sex": 1, "age": 35,
    "in_school": False, "status": "employed",
}  # fmt: skip
STATUS_ANSWERS = {  # worked, absent, searched 3 months, available, searched 4 weeks
    "employed": (1, 0, 0, 0, 0),
    "unemployed": (0, 0, 1, 1, 1),
    "seeker_2_months": (0, 0, 1, 1, 0),
    "outside": (0, 0, 0, 0, 0),
}
ANSWER_NAMES = (
    "worked_last_week", "temporarily_absent", "searched_last_3_months", "available_within_2_weeks",
    "searched_last_4_weeks",
)  # fmt: skip


def make(rows: list[dict]) -> Microdata:
    """Microdata from rows that say only what differs from DEFAULTS; `status` sets the answers."""
    rows = [DEFAULTS | row for row in rows]
    answers = np.array([STATUS_ANSWERS[row["status"]] for row in rows]).T
    return Microdata(
        **{key: np.array([row[key] for row in rows]) for key in DEFAULTS if key != "status"},
        answers={name: answers[i].astype(float) for i, name in enumerate(ANSWER_NAMES)},
    )


def _by_domain(rates: list[Rate]) -> dict[str, Rate]:
    return {rate.domain: rate for rate in rates}


# Two strata with two and three PSUs; weights differ, so the rate is not a plain share.
SAMPLE = [
    {"stratum": "A", "psu": "1", "weight": 100.0, "status": "unemployed", "age": 20},
    {"stratum": "A", "psu": "1", "weight": 100.0, "status": "employed", "age": 45},
    {"stratum": "A", "psu": "2", "weight": 150.0, "status": "employed", "age": 27, "sex": 2},
    {"stratum": "A", "psu": "2", "weight": 150.0, "status": "outside", "age": 70},
    {"stratum": "B", "psu": "1", "weight": 80.0, "status": "unemployed", "age": 33, "sex": 2, "region": "140212"},
    {"stratum": "B", "psu": "2", "weight": 80.0, "status": "employed", "age": 60, "region": "140212"},
    {"stratum": "B", "psu": "3", "weight": 120.0, "status": "employed", "age": 24, "region": "140212", "sex": 2},
    {"stratum": "B", "psu": "3", "weight": 120.0, "status": "employed", "age": 51, "region": "140212"},
]


def _taylor_se(data: Microdata, unemployed: np.ndarray, labour_force: np.ndarray, inside: np.ndarray) -> float:
    """The with-replacement linearisation variance written out: z = w (u - R lf) / X in the domain, 0 outside;
    v = sum over strata of n_h / (n_h - 1) * sum over PSUs of (z_hi - mean_h)^2."""
    w = data.weight
    rate = (w * unemployed * inside).sum() / (w * labour_force * inside).sum()
    z = np.where(inside, w * (unemployed - rate * labour_force), 0.0) / (w * labour_force * inside).sum()
    variance = 0.0
    for stratum in np.unique(data.stratum):
        psus = np.unique(data.psu[data.stratum == stratum])
        totals = np.array([z[(data.stratum == stratum) & (data.psu == psu)].sum() for psu in psus])
        variance += len(psus) / (len(psus) - 1) * ((totals - totals.mean()) ** 2).sum()
    return math.sqrt(variance)


def test_province_rate_is_weighted_unemployed_over_labour_force_with_its_design_se():
    data = make(SAMPLE)
    (rate,) = unemployment_rates(data)
    # Unemployed: 100 + 80; labour force: everyone but the 70-year-old outside it.
    assert rate.domain == "14"
    assert rate.rate == pytest.approx(180 / (100 + 100 + 150 + 80 + 80 + 120 + 120))
    unemployed = np.array([1, 0, 0, 0, 1, 0, 0, 0], dtype=float)
    labour_force = np.array([1, 1, 1, 0, 1, 1, 1, 1], dtype=float)
    assert rate.se == pytest.approx(_taylor_se(data, unemployed, labour_force, np.ones(8, bool)), rel=1e-12)
    assert rate.n == 8
    assert rate.cv == pytest.approx(rate.se / rate.rate)


def test_domains_keep_the_full_design():
    """A city's standard error uses every PSU of its strata (zeros outside the city), not a cut of the data."""
    data = make(SAMPLE)
    rates = _by_domain(unemployment_rates(data, by="city"))
    assert set(rates) == {"1401", "1402"}
    unemployed = np.array([1, 0, 0, 0, 1, 0, 0, 0], dtype=float)
    labour_force = np.array([1, 1, 1, 0, 1, 1, 1, 1], dtype=float)
    datong = data.region == "140212"
    assert rates["1402"].rate == pytest.approx(80 / (80 + 80 + 120 + 120))
    assert rates["1402"].se == pytest.approx(_taylor_se(data, unemployed, labour_force, datong), rel=1e-12)


def test_only_urban_people_aged_16_and_over_count():
    base = unemployment_rates(make(SAMPLE))[0]
    others = [
        {"urban": False, "status": "unemployed", "stratum": "B", "psu": "2"},
        {"age": 15, "status": "unemployed", "stratum": "B", "psu": "2"},
    ]
    with_others = unemployment_rates(make(SAMPLE + others))[0]
    assert with_others.rate == pytest.approx(base.rate)
    assert with_others.n == base.n


def test_age_groups_leave_out_students_of_16_to_24_and_people_over_59():
    data = make(
        [
            {"age": 16, "in_school": True},
            {"age": 24},
            {"age": 25, "in_school": True},
            {"age": 29},
            {"age": 30},
            {"age": 59},
            {"age": 60},
            {"age": 15},
            {"age": 20, "urban": False},
        ]
    )
    labels = domain_labels(data, "age_group").tolist()
    assert labels == [None, "16-24", "25-29", "25-29", "30-59", "30-59", None, None, None]
    assert [group.name for group in AGE_GROUPS] == ["16-24", "25-29", "30-59"]


def test_youth_rate_excludes_students_who_seek_work():
    rows = [
        {"age": 20, "status": "unemployed", "psu": "1"},
        {"age": 21, "status": "employed", "psu": "1"},
        {"age": 22, "status": "employed", "psu": "2"},
        {"age": 19, "status": "unemployed", "in_school": True, "psu": "2"},
        {"age": 40, "status": "employed", "psu": "2"},
    ]
    rates = _by_domain(unemployment_rates(make(rows), by="age_group"))
    assert rates["16-24"].rate == pytest.approx(1 / 3)
    assert rates["16-24"].n == 3
    # The student counts in the province's rate.
    assert unemployment_rates(make(rows))[0].rate == pytest.approx(2 / 5)


def test_domains_by_sex_and_county_and_their_order():
    data = make(SAMPLE)
    assert [rate.domain for rate in unemployment_rates(data, by="sex")] == ["1", "2"]
    assert [rate.domain for rate in unemployment_rates(data, by="county")] == ["140105", "140212"]
    assert [rate.domain for rate in unemployment_rates(data, by="age_group")] == ["16-24", "25-29", "30-59"]
    with pytest.raises(ValueError, match="unknown domain kind"):
        unemployment_rates(data, by="street")


def test_ilo_profile_counts_only_those_who_searched_in_the_last_four_weeks():
    rows = [{"status": "unemployed"}, {"status": "seeker_2_months", "psu": "b"}, {"psu": "b"}, {}]
    assert unemployment_rates(make(rows), profile="nbs")[0].rate == pytest.approx(2 / 4)
    assert unemployment_rates(make(rows), profile="ilo")[0].rate == pytest.approx(1 / 3)


def test_cv_over_the_threshold_is_flagged_unreliable():
    data = make(SAMPLE)
    (rate,) = unemployment_rates(data)
    assert rate.cv > 0.30
    assert rate.reliable is False
    assert unemployment_rates(data, max_reliable_cv=rate.cv + 0.01)[0].reliable is True
    assert unemployment_rates(data, max_reliable_cv=rate.cv - 0.01)[0].reliable is False


def test_a_rate_of_zero_has_no_cv_and_is_not_reliable():
    rows = [{"psu": "1"}, {"psu": "2"}, {"psu": "2"}]
    (rate,) = unemployment_rates(make(rows))
    assert rate.rate == 0
    assert rate.se == 0
    assert rate.cv is None
    assert rate.reliable is False


def test_a_domain_without_labour_force_has_no_rate():
    rows = [{"psu": "1", "status": "unemployed"}, {"psu": "2"}, {"psu": "2", "region": "140212", "status": "outside"}]
    rates = _by_domain(unemployment_rates(make(rows), by="city"))
    assert rates["1402"] == Rate("1402", None, None, None, None, None, n=1, reliable=False)
    assert rates["1401"].rate == pytest.approx(0.5)


def test_confidence_intervals_stay_within_zero_and_one():
    rows = [{"psu": "1", "status": "unemployed"}, {"psu": "2"}, {"psu": "2"}, {"psu": "3"}]
    (rate,) = unemployment_rates(make(rows))
    assert rate.ci_low == 0.0
    assert rate.ci_high <= 1.0


def test_change_se_treats_months_as_independent():
    assert change_se(0.003, 0.004) == pytest.approx(0.005)
    assert change_se(None, 0.004) is None


# `manage.py lfs_estimate`


@pytest.fixture(scope="module")
def month_sample(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        frame = SurveyFrame.from_reference()
    return synthetic_month(np.random.default_rng(11), month="2026-07", persons=4000, frame=frame)


def estimate(*args) -> list[dict]:
    out = io.StringIO()
    call_command("lfs_estimate", *map(str, args), stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
@pytest.mark.parametrize("by", [None, "city", "county", "sex", "age_group"])
def test_lfs_estimate_prints_the_rates_of_the_file_as_json(tmp_path, month_sample, by):
    path = microdata_csv_write(tmp_path / "2026-07.csv", month_sample)

    rows = estimate(path, *(["--by", by] if by else []))

    expected = unemployment_rates(month_sample.microdata, by=by or "province")
    assert [row["domain"] for row in rows] == [rate.domain for rate in expected]
    for row, rate in zip(rows, expected, strict=True):
        assert list(row) == ["domain", "rate", "se", "ci_low", "ci_high", "cv", "n", "reliable"]
        assert row["n"] == rate.n
        assert row["reliable"] == rate.reliable
        for key in ("rate", "se", "ci_low", "ci_high", "cv"):
            # The file rounds weights to 4 decimals.
            expected_value = getattr(rate, key)
            assert row[key] == (None if expected_value is None else pytest.approx(expected_value, rel=1e-5, abs=1e-9))
    if by == "city":
        assert len(rows) == 11
        assert rows[0]["domain"] == "1401"


@pytest.mark.django_db
def test_lfs_estimate_ilo_profile_needs_the_four_week_column(tmp_path, month_sample):
    with_column = microdata_csv_write(tmp_path / "with.csv", month_sample)
    without_column = microdata_csv_write(tmp_path / "without.csv", month_sample, four_weeks=False)

    ilo = estimate(with_column, "--profile", "ilo")
    nbs = estimate(with_column, "--profile", "nbs")
    assert ilo[0]["rate"] < nbs[0]["rate"]
    with pytest.raises(CommandError, match="searched_last_4_weeks"):
        estimate(without_column, "--profile", "ilo")


@pytest.mark.django_db
def test_lfs_estimate_refuses_a_file_with_bad_rows(tmp_path):
    header = [
        "person_id", "household_id", "stratum", "psu", "weight", "region_code", "urban", "sex", "age", "in_school",
        "worked_last_week", "temporarily_absent", "searched_last_3_months", "available_within_2_weeks",
    ]  # fmt: skip
    rows = [["1", "h1", "A", "1", "100", "140105", "1", "1", "30", "0", "1", "0", "0", "0"]]
    rows.append(["2", "h1", "A", "1", "100", "140105", "1", "3", "30", "0", "1", "0", "0", "0"])
    path = write_csv(tmp_path / "bad.csv", header, rows)
    with pytest.raises(CommandError, match=r"有1行数据有误，未计算：第3行sex：性别应填1（男）或2（女）"):
        estimate(path)

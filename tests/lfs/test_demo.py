"""The demo survey: 36 months of synthetic microdata whose estimates recover the known truth, and the demo part that
stores them with their estimates."""

import hashlib

import numpy as np
import pytest

from jiuye.demo.registry import DemoContext
from jiuye.lfs.demo import (
    TRUE_RATES,
    SurveyFrame,
    demo_months,
    generate_survey,
    reset_survey,
    synthetic_month,
    true_province_rate,
    true_rate,
)
from jiuye.lfs.models import MonthlyEstimate, SurveyPeriod, SurveyRecord
from jiuye.lfs.rates import unemployment_rates
from jiuye.reference.enums import DataSource


@pytest.fixture(scope="module")
def frame(django_db_setup, django_db_blocker) -> SurveyFrame:
    with django_db_blocker.unblock():
        return SurveyFrame.from_reference()


def test_thirty_six_months_end_at_the_last_month_in_by_the_demo_today():
    months = demo_months()
    assert len(months) == 36
    # The demo's today is 2026-11-20: October's microdata came in on 10 November, November's are not in yet.
    assert (months[0], months[-1]) == ("2023-11", "2026-10")
    assert "2024-01" in months


def test_the_truth_is_documented_per_city_and_moves_with_the_seasons(frame):
    assert set(TRUE_RATES) == set(frame.populations)
    assert min(TRUE_RATES, key=TRUE_RATES.get) == "1401"  # Taiyuan lowest
    assert all(0.045 <= rate <= 0.065 for rate in TRUE_RATES.values())
    assert true_rate("1401", "2026-07") > true_rate("1401", "2026-06")  # graduation
    assert true_rate("1401", "2026-11") < true_rate("1401", "2026-06")  # year-end low
    # The Spring Festival bump follows the lunar calendar: February 2025, March 2026 (festival on 17 February).
    assert true_rate("1402", "2025-02") / true_rate("1402", "2026-02") == pytest.approx(1.04)
    assert true_rate("1402", "2026-03") / true_rate("1402", "2025-03") == pytest.approx(1.04)
    year = [true_province_rate(month, frame.populations) for month in demo_months()[1:13]]
    assert 0.05 < np.mean(year) < 0.06


def _fingerprint(sample) -> str:
    data = sample.microdata
    parts = [sample.person_id, data.weight.round(6), data.age, data.answers["searched_last_3_months"]]
    return hashlib.sha256(repr([part.tolist() for part in parts]).encode()).hexdigest()


def test_generation_is_deterministic(frame):
    first = synthetic_month(DemoContext(seed=2022, scale=1).rng("lfs"), month="2026-10", persons=3000, frame=frame)
    again = synthetic_month(DemoContext(seed=2022, scale=1).rng("lfs"), month="2026-10", persons=3000, frame=frame)
    other = synthetic_month(DemoContext(seed=7, scale=1).rng("lfs"), month="2026-10", persons=3000, frame=frame)
    assert _fingerprint(first) == _fingerprint(again) != _fingerprint(other)
    assert 2700 < len(first.microdata) < 3300
    assert len(set(first.person_id.tolist())) == len(first.microdata)


def test_the_sample_is_stratified_by_city_and_urban_with_psus_inside_strata(frame):
    sample = synthetic_month(np.random.default_rng(3), month="2026-10", persons=3000, frame=frame)
    data = sample.microdata
    assert len(set(data.stratum.tolist())) == 22
    assert data.urban.mean() == pytest.approx(0.7, abs=0.05)
    for stratum in set(data.stratum.tolist()):
        inside = data.stratum == stratum
        assert len(set(data.psu[inside].tolist())) >= 2
        assert {code[:4] for code in data.region[inside]} == {stratum[:4]}
    # Each stratum's weights add up to its population.
    taiyuan_urban = data.weight[data.stratum == "1401U"].sum()
    assert taiyuan_urban == pytest.approx(frame.populations["1401"] * 0.63)


def test_estimates_recover_the_truth_within_their_intervals(frame):
    """At scale 10 (about 30,000 persons a month), over 36 months, the 95% intervals of the 11 cities cover the true
    rate about 95% of the time, and the estimates are unbiased."""
    rng = np.random.default_rng(20260401)
    covered, errors, province_covered = [], [], []
    for month in demo_months():
        sample = synthetic_month(rng, month=month, persons=30_000, frame=frame)
        for rate in unemployment_rates(sample.microdata, by="city"):
            truth = true_rate(rate.domain, month)
            covered.append(rate.ci_low <= truth <= rate.ci_high)
            errors.append((rate.rate - truth) / rate.se)
        (province,) = unemployment_rates(sample.microdata)
        province_covered.append(province.ci_low <= true_province_rate(month, frame.populations) <= province.ci_high)
    assert len(covered) == 396
    assert 0.91 <= np.mean(covered) <= 0.985
    assert np.mean(province_covered) >= 0.86
    # Standardised errors: mean near 0 (no bias) and spread near 1 (honest standard errors).
    assert abs(np.mean(errors)) < 0.2
    assert 0.85 < np.std(errors) < 1.15


def test_young_people_peak_at_graduation(frame):
    rng = np.random.default_rng(1)
    youth = {}
    for month in ("2026-05", "2026-07"):
        sample = synthetic_month(rng, month=month, persons=100_000, frame=frame)
        youth[month] = {rate.domain: rate.rate for rate in unemployment_rates(sample.microdata, by="age_group")}
    # The truth rises by 28% from May to July for 16-24 year-olds.
    assert youth["2026-07"]["16-24"] > youth["2026-05"]["16-24"] * 1.1
    assert youth["2026-05"]["16-24"] > 2 * youth["2026-05"]["30-59"]


@pytest.mark.django_db
def test_the_demo_part_stores_36_months_with_their_estimates_and_resets_only_its_own():
    imported = SurveyPeriod.objects.create(month="2022-01", imported_at="2022-02-01T00:00Z", sha256="x")

    rows = generate_survey(DemoContext(seed=2022, scale=0.2))

    periods = SurveyPeriod.objects.filter(source=DataSource.DEMO)
    assert periods.count() == 36
    assert rows == SurveyRecord.objects.count() == sum(periods.values_list("row_count", flat=True))
    october = MonthlyEstimate.objects.filter(period__month="2026-10")
    # Province, 11 cities, 2 sexes, 3 age groups, under both profiles.
    assert october.count() == 2 * (1 + 11 + 2 + 3)
    assert set(october.values_list("domain_kind", flat=True)) == {"province", "city", "sex", "age_group"}

    reset_survey()

    assert list(SurveyPeriod.objects.all()) == [imported]
    assert not SurveyRecord.objects.exists()
    assert not MonthlyEstimate.objects.exists()

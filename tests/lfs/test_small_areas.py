"""County small-area estimates: Fay-Herriot over smoothed direct estimates, and their page."""

import numpy as np
import pytest
from django.urls import reverse

from jiuye.lfs.demo import SurveyFrame, survey_rows, synthetic_month
from jiuye.lfs.services import survey_period_store
from jiuye.lfs.small_areas import SmallAreaUnavailable, county_estimates, design_effect
from tests.accounts.factories import UserFactory


@pytest.fixture(scope="module")
def sample(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        frame = SurveyFrame.from_reference()
    return synthetic_month(np.random.default_rng(5), month="2026-10", persons=20_000, frame=frame)


def test_eblups_lie_between_direct_and_model_and_are_more_precise(sample):
    estimates = county_estimates(sample.microdata)
    assert len(estimates.counties) >= 50
    for county in estimates.counties:
        assert 0 <= county.gamma <= 1
        # A shrinkage estimate: never more uncertain than the (smoothed) direct one.
        assert county.rmse <= county.smoothed_se + 1e-12
        assert 0 <= county.eblup <= 1
    assert estimates.design_effect >= 1


def test_counties_with_more_sample_lean_more_on_their_own_data(sample):
    counties = county_estimates(sample.microdata).counties
    small = min(counties, key=lambda county: county.labour_force_sample)
    large = max(counties, key=lambda county: county.labour_force_sample)
    assert large.smoothed_se < small.smoothed_se
    assert large.gamma >= small.gamma


def test_the_demo_truth_has_no_county_effect_so_eblups_stay_near_their_city(sample):
    """The synthetic survey draws one true rate per city, so the county effects' variance should come out small
    and each county's EBLUP near its city's rate."""
    estimates = county_estimates(sample.microdata)
    assert estimates.area_variance < 1e-3
    spread = np.std([county.eblup for county in estimates.counties])
    assert spread < np.std([county.direct for county in estimates.counties])


def test_design_effect_is_at_least_one():
    assert design_effect(0.05, 0.001, 10_000) == 1.0
    assert design_effect(0.05, 0.004, 10_000) == pytest.approx(0.004**2 / (0.05 * 0.95 / 10_000))


def test_too_few_sampled_counties_is_said_not_faked(sample):
    data = sample.microdata
    keep = np.isin(data.region, np.unique(data.region)[:3])
    small = type(data)(
        **{name: getattr(data, name)[keep] for name in ("stratum", "psu", "weight", "region", "urban", "sex", "age")},
        in_school=data.in_school[keep],
        answers={key: value[keep] for key, value in data.answers.items()},
    )
    with pytest.raises(SmallAreaUnavailable, match="少于"):
        county_estimates(small)


@pytest.mark.django_db
def test_the_page_shows_direct_and_model_estimates(client, sample):
    survey_period_store(month="2026-10", rows=survey_rows(sample), sha256="0" * 64, microdata=sample.microdata)
    client.force_login(UserFactory(region="140105"))
    response = client.get(reverse("www:statistics_small_areas", args=["2026-10"]))
    assert response.status_code == 200
    assert "小区域估计" in response.text
    assert 'data-county="140105"' in response.text or len(response.context["rows"]) >= 50
    assert client.get(reverse("www:statistics_small_areas", args=["2026-13"])).status_code == 404

"""The trend projection against statsmodels' OLS prediction intervals (the peer library, same data)."""

import numpy as np
import pytest
import statsmodels.api as sm

from jiuye.plans.projection import cumulative_projection, linear_projection

YEARS = [2020, 2021, 2022, 2023, 2024]
SHARE = [57.7, 58.6, 59.4, 59.9, 60.9]  # an urban employment share, %


def statsmodels_interval(years, values, to_year, alpha=0.05):
    fit = sm.OLS(np.asarray(values), sm.add_constant(np.asarray(years, dtype=float))).fit()
    frame = fit.get_prediction(np.array([[1.0, float(to_year)]])).summary_frame(alpha=alpha)
    return frame["mean"][0], frame["obs_ci_lower"][0], frame["obs_ci_upper"][0], fit.params[1]


@pytest.mark.parametrize("to_year", [2025, 2027])
@pytest.mark.parametrize("level", [0.95, 0.8])
def test_the_prediction_interval_is_statsmodels(to_year, level):
    mine = linear_projection(YEARS, SHARE, to_year, level=level)
    value, low, high, slope = statsmodels_interval(YEARS, SHARE, to_year, alpha=1 - level)
    assert (mine.value, mine.low, mine.high, mine.slope) == pytest.approx((value, low, high, slope), rel=1e-12)


def test_a_worked_example():
    # y = 1, 3, 2, 4 at x = 0..3: slope 0.8, intercept 1.3; at x = 4: 4.5. Residuals -0.3, 0.9, -0.9, 0.3, so
    # s² = 1.8 / 2; Sxx = 5; half-width t(0.975, 2)·s·√(1 + 1/4 + 2.5²/5) = 4.302653 · 0.948683 · 1.581139 = 6.453979
    projection = linear_projection([0, 1, 2, 3], [1, 3, 2, 4], 4)
    assert (projection.value, projection.slope) == pytest.approx((4.5, 0.8))
    assert projection.high - projection.value == pytest.approx(6.453979, abs=1e-6)


def test_two_points_give_a_line_without_an_interval_and_one_gives_nothing():
    two = linear_projection([2021, 2022], [50, 52], 2025)
    assert (two.value, two.low, two.high) == (pytest.approx(58), None, None)
    assert linear_projection([2021], [50], 2025) is None


def test_a_five_year_total_adds_the_remaining_years_trend():
    # 45, 47, 49 new jobs in 2021-2023 (万人): 51 and 53 to come, 141 done, 245 by 2025.
    projection = cumulative_projection([2021, 2022, 2023], [45, 47, 49], 141, 2023, 2025)
    assert projection.value == pytest.approx(245)
    assert projection.low is not None
    assert projection.low <= 245 <= projection.high

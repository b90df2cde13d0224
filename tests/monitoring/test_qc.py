"""Quality control of a report's figures: pure functions, tested at and around each limit."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from jiuye.monitoring import qc


def figures(previous=100, current=97, added=5, reduced=8, **kwargs) -> qc.Figures:
    return qc.Figures(
        previous_headcount=previous, current_headcount=current, added=added, reductions={"other": reduced}, **kwargs
    )


def test_the_identity_holding_is_no_error():
    assert qc.identity_error(figures(current=97)) is None


@pytest.mark.parametrize("current", [96, 98])
def test_the_identity_off_by_one_names_the_numbers(current):
    assert qc.identity_error(figures(current=current)) == (
        f"上期岗位数 100 + 新增 5 − 减少 8 = 97，与调查期岗位数 {current} 不符"
    )


def test_reductions_are_summed_over_every_reason():
    split = qc.Figures(
        previous_headcount=100,
        current_headcount=97,
        added=5,
        reductions={"economic_layoff": 3, "natural_attrition": 4, "contract_expiry": 1},
    )
    assert split.reduced == 8
    assert qc.identity_error(split) is None
    assert split.reductions["closure_bankruptcy"] == 0


def test_an_unknown_reduction_reason_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown"):
        qc.Figures(previous_headcount=1, current_headcount=1, reductions={"strike": 1})


def test_previous_headcount_must_be_last_periods_current():
    assert qc.previous_error(figures(), last_period="2026-09", last_headcount=100) is None
    assert qc.previous_error(figures(), last_period="2026-09", last_headcount=None) is None
    assert qc.previous_error(figures(), last_period="2026-09", last_headcount=101) == (
        "上期岗位数 100 与2026-09月报的调查期岗位数 101 不符"
    )


@pytest.mark.parametrize(
    ("change", "history", "questioned"),
    [
        (-10, [1, -2, 1], False),  # at the floor of 10
        (-11, [1, -2, 1], True),  # just over it
        (15, [5, -5, 4], False),  # typical 5: limit 15, at it
        (16, [5, -5, 4], True),
        (-300, [], False),  # no history to compare against
    ],
)
def test_implausible_change_against_the_enterprises_own_history(change, history, questioned):
    warning = qc.implausible_warning(figures(previous=500, current=500 + change, added=0, reduced=0), history=history)
    assert (warning is not None) is questioned
    if questioned:
        assert f"{change:+d} 人" in warning


def test_periods_and_deadlines(settings):
    settings.MONITORING_REPORT_DEADLINE_DAY = 10
    assert qc.previous_period("2026-01") == "2025-12"
    assert qc.previous_period("2026-10") == "2026-09"
    assert qc.period_deadline("2026-10") == datetime.date(2026, 11, 10)
    assert qc.period_deadline("2026-12") == datetime.date(2027, 1, 10)
    assert qc.period_end("2026-02") == datetime.date(2026, 2, 28)
    assert qc.period_end("2026-12") == datetime.date(2026, 12, 31)


def test_the_province_sets_the_implausible_change_limits_in_settings(settings):
    history = [5, -5, 4]  # typical change 5
    change_of_16 = figures(previous=500, current=516, added=16, reduced=0)
    assert qc.implausible_warning(change_of_16, history=history) is not None  # default 3 × 5 = 15

    settings.MONITORING_QC = {"implausible_factor": 4}
    assert qc.qc_limits() == qc.QcLimits(implausible_factor=4, implausible_floor=10)
    assert qc.implausible_warning(change_of_16, history=history) is None  # 4 × 5 = 20

    settings.MONITORING_QC = {"implausible_floor": 30}
    assert qc.implausible_warning(change_of_16, history=history) is None


@pytest.mark.parametrize("setting", [{"implausible_factor": 0}, {"implausible_floor": -1}, {"factor": 3}])
def test_a_wrong_qc_setting_is_a_configuration_error(settings, setting):
    settings.MONITORING_QC = setting
    with pytest.raises(ImproperlyConfigured, match="MONITORING_QC"):
        qc.qc_limits()

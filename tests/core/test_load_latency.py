"""The figures the load benchmark prints (`benchmarks/latency.py`): nearest-rank percentiles, rates per second of
the run, errors counted per action and in the total."""

import math

import pytest

from benchmarks.latency import Sample, percentile, summarise


def test_percentile_is_the_nearest_rank():
    latencies = list(range(1, 101))  # 1 … 100 ms
    assert percentile(latencies, 50) == 50
    assert percentile(latencies, 95) == 95
    assert percentile(latencies, 99) == 99
    assert percentile(latencies, 100) == 100
    # Few samples: p95 and p99 of 10 are the slowest one, never a value between two.
    assert percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 1000], 95) == 1000
    assert percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 1000], 50) == 50
    assert percentile([7], 99) == 7


def test_percentile_of_nothing_is_nan_and_of_no_rank_an_error():
    assert math.isnan(percentile([], 50))
    with pytest.raises(ValueError, match="not in"):
        percentile([1, 2], 0)


def test_summarise_per_action_then_total():
    samples = [
        Sample("login", 0.5, 2, True),
        Sample("home", 0.010, 1, True),
        Sample("home", 0.030, 1, False),
        Sample("person search", 0.020, 2, True),
        Sample("home", 0.020, 1, True),
    ]
    home, login, search, total = summarise(samples, seconds=10, order=["home", "login"])
    assert (home.action, home.count, home.requests, home.errors) == ("home", 3, 3, 1)
    assert (home.p50_ms, home.p95_ms, home.p99_ms) == pytest.approx((20, 30, 30))
    assert home.requests_per_second == pytest.approx(0.3)
    assert (login.action, search.action) == ("login", "person search")  # then in order of appearance
    assert search.requests_per_second == pytest.approx(0.2)  # a search is its POST and the results' GET
    assert (total.action, total.count, total.requests, total.errors) == ("total", 5, 7, 1)
    assert total.p50_ms == pytest.approx(20)
    assert total.figures() == {
        "count": "5",
        "requests_per_second": "0.70",
        "p50_ms": "20",
        "p95_ms": "500",
        "p99_ms": "500",
        "errors": "1",
    }

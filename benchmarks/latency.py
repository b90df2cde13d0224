"""The figures of a load run: per action, how many, how fast (requests per second over the run) and how long
(percentiles of the latency), and how many failed. Pure Python, no Django: the load generator records `Sample`s and
`summarise` reduces them.

Percentiles are the nearest-rank kind (the smallest value with at least q % of the values at or below it), so p99
of 150 samples is an observed latency, the 149th, never an interpolation between two.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    """One user action: `requests` HTTP requests (a form's GET and POST, a redirect followed) taking `seconds`
    together, ok when every answer was the expected one (2xx or 3xx, no exception, not sent to the login page)."""

    action: str
    seconds: float
    requests: int
    ok: bool


@dataclass(frozen=True)
class ActionSummary:
    action: str
    count: int
    requests: int
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int

    def figures(self) -> dict[str, str]:
        return {
            "count": str(self.count),
            "requests_per_second": f"{self.requests_per_second:.2f}",
            "p50_ms": f"{self.p50_ms:.0f}",
            "p95_ms": f"{self.p95_ms:.0f}",
            "p99_ms": f"{self.p99_ms:.0f}",
            "errors": str(self.errors),
        }


def percentile(ordered: Sequence[float], q: float) -> float:
    """The nearest-rank q-th percentile (0 < q <= 100) of values sorted ascending; nan for none.

    >>> percentile([10, 20, 30, 40], 50)
    20
    """
    if not 0 < q <= 100:
        raise ValueError(f"percentile {q} is not in (0, 100]")
    if not ordered:
        return math.nan
    rank = math.ceil(q / 100 * len(ordered))
    return ordered[rank - 1]


def summarise(samples: Iterable[Sample], seconds: float, order: Sequence[str] = ()) -> list[ActionSummary]:
    """One summary per action, those named in `order` first (when they occurred), the others in the order they
    first appear, then `total` over all of them; rates are per second of the run's `seconds` (its wall time, think
    time included)."""
    by_action: dict[str, list[Sample]] = {action: [] for action in order}
    everything = []
    for sample in samples:
        by_action.setdefault(sample.action, []).append(sample)
        everything.append(sample)
    summaries = [_summary(action, group, seconds) for action, group in by_action.items() if group]
    return [*summaries, _summary("total", everything, seconds)]


def _summary(action: str, samples: list[Sample], seconds: float) -> ActionSummary:
    latencies = sorted(sample.seconds * 1000 for sample in samples)
    requests = sum(sample.requests for sample in samples)
    return ActionSummary(
        action=action,
        count=len(samples),
        requests=requests,
        requests_per_second=requests / seconds if seconds > 0 else math.nan,
        p50_ms=percentile(latencies, 50),
        p95_ms=percentile(latencies, 95),
        p99_ms=percentile(latencies, 99),
        errors=sum(not sample.ok for sample in samples),
    )

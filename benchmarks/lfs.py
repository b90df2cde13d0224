"""Survey-estimation benchmark: the surveyed unemployment rate and its standard error for 132 domains of a
1,000,000-record month, by jiuye's `ratio_by` and by `svy` (PyPI, Rust-backed) on the same data, in the same run.

The data (BENCH_LFS_ROWS to change, seeded): 200 strata in 11 cities, 25 PSUs in each (5,000), persons spread
over the PSUs, weights log-normal, 70% in the labour force, unemployment about 5.5% with more among the young. The
132 domains are city x sex x 6 age groups; for this benchmark the groups are 16-24, 25-29, 30-39, 40-49, 50-59 and
60+ (the published rates use 16-24 without students, 25-29 and 30-59, `jiuye.lfs.rates.AGE_GROUPS`; six groups here
give the issue's 11 x 2 x 6 = 132). Everyone generated is an urban resident aged 16+, so every row is in a domain.

The design is the LFS's: strata, PSUs nested in strata, with replacement, Taylor linearisation (svy:
`Design(stratum=, psu=, wgt=, wr=True)` and `Sample.estimation.ratio(y, x, by=)`). Each timing includes building the
design from the columns, and is the best of REPEATS runs after a warm-up. Nothing is asserted; `make bench` prints
the figures, or run `python -m benchmarks.lfs` alone.
"""

import os
import time

import numpy as np

from benchmarks.measure import report
from jiuye.lfs.estimation.design import make_design, ratio_by

ROWS = int(os.environ.get("BENCH_LFS_ROWS", "1000000"))
STRATA, PSUS_PER_STRATUM, CITIES, SEXES = 200, 25, 11, 2
AGE_GROUPS = ("16-24", "25-29", "30-39", "40-49", "50-59", "60+")
AGE_GROUP_SHARES = np.array([0.12, 0.10, 0.20, 0.22, 0.20, 0.16])
AGE_GROUP_RISK = np.array([2.8, 1.4, 0.9, 0.85, 0.8, 0.5])
REPEATS = 3
SEED = 20260401


def synthetic_microdata(rows: int = ROWS, seed: int = SEED) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    psu = rng.integers(0, STRATA * PSUS_PER_STRATUM, size=rows)
    stratum = psu // PSUS_PER_STRATUM
    city = stratum % CITIES
    sex = rng.integers(0, SEXES, size=rows)
    age_group = rng.choice(len(AGE_GROUPS), size=rows, p=AGE_GROUP_SHARES)
    psu_effect = rng.gamma(8.0, 1 / 8.0, size=STRATA * PSUS_PER_STRATUM)[psu]
    labour_force = rng.random(rows) < 0.7
    unemployed = labour_force & (rng.random(rows) < 0.055 * AGE_GROUP_RISK[age_group] * psu_effect)
    return {
        "stratum": stratum,
        "psu": psu,
        "weight": rng.lognormal(5.0, 0.3, size=rows),
        "unemployed": unemployed.astype(float),
        "labour_force": labour_force.astype(float),
        "domain": (city * SEXES + sex) * len(AGE_GROUPS) + age_group,
    }


def jiuye_rates(data: dict[str, np.ndarray]) -> dict[int, tuple[float, float]]:
    design = make_design(strata=data["stratum"], clusters=[data["psu"]], weights=data["weight"])
    estimates = ratio_by(design, data["unemployed"], data["labour_force"], data["domain"])
    return {int(estimate.domain): (estimate.estimate, estimate.se) for estimate in estimates}


def svy_rates(data: dict[str, np.ndarray]) -> dict[int, tuple[float, float]]:
    import polars as pl
    import svy

    sample = svy.Sample(pl.DataFrame(data), svy.Design(stratum="stratum", psu="psu", wgt="weight", wr=True))
    table = sample.estimation.ratio("unemployed", "labour_force", by="domain").to_polars()
    return {int(row["domain"]): (row["est"], row["se"]) for row in table.iter_rows(named=True)}


def _best_of(function, data) -> tuple[float, dict]:
    result = function(data)  # warm-up: imports, allocations, caches
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        result = function(data)
        times.append(time.perf_counter() - started)
    return min(times), result


def bench_lfs_rates() -> None:
    data = synthetic_microdata()
    domains = len(np.unique(data["domain"]))
    jiuye_seconds, ours = _best_of(jiuye_rates, data)
    report("lfs ratio_by (jiuye)", rows=ROWS, strata=STRATA, psus=STRATA * PSUS_PER_STRATUM, domains=domains,
           seconds=f"{jiuye_seconds:.3f}")  # fmt: skip
    try:
        svy_seconds, theirs = _best_of(svy_rates, data)
    except ImportError:
        report("lfs ratio (svy)", skipped="svy is not installed (pip install -r requirements.lock)")
        return
    rate_difference = max(abs(ours[key][0] - theirs[key][0]) for key in ours)
    se_difference = max(abs(ours[key][1] - theirs[key][1]) for key in ours)
    report("lfs ratio (svy)", rows=ROWS, domains=len(theirs), seconds=f"{svy_seconds:.3f}")
    report(
        "lfs jiuye vs svy",
        speedup=f"{svy_seconds / jiuye_seconds:.1f}x",
        same_domains=set(ours) == set(theirs),
        max_abs_rate_difference=f"{rate_difference:.2e}",
        max_abs_se_difference=f"{se_difference:.2e}",
    )


BENCHMARKS = [bench_lfs_rates]


if __name__ == "__main__":
    bench_lfs_rates()

"""Matching benchmark (issue 6): the nightly batch in both directions, its recall against brute force, the
province-wide mode, the page's index, and `sparse_dot_topn` on same-city blocks as the peer to beat.

Targets (issue 6, 1M seekers x 200k vacancies, this 2-core machine): each batch direction at most 90 s and 3 GiB;
recall@20 at least 0.99; province-wide at most 10 minutes; the page's p95 at most 20 ms. The batch's time includes
building its postings and groups; the compiled kernels (`jiuye.matching.kernels`) are compiled before timing (numba
caches them on disk, so a nightly run does not compile either).

Data: `jiuye.matching.synthetic` (seeded), BENCH_MATCH_SEEKERS (default 1,000,000) active seekers and
BENCH_MATCH_VACANCIES (default 200,000) vacancies. Each timed step runs in a forked child so its peak memory (RSS
high-water mark from getrusage, which includes the shared input tables) is its own. Recall@20 compares the batch with
exact scoring of every allowed pair for a fixed sample of BENCH_MATCH_RECALL_SAMPLE seekers (default 10,000). The
province-wide mode runs on BENCH_MATCH_PROVINCE_SEEKERS seekers (default 20,000) and is extrapolated linearly. The
page figure is the p95 of 1,000 single-seeker queries with a vacancy closed and another opened before each. Nothing
is asserted; run alone with ``python -m benchmarks.matching``.
"""

import multiprocessing
import os
import resource
import time

import numpy as np
from scipy import sparse

from benchmarks.measure import report
from jiuye.matching import synthetic
from jiuye.matching.config import SEEKERS_FOR_VACANCY, VACANCIES_FOR_SEEKER, load_config
from jiuye.matching.engine import Matcher
from jiuye.matching.evaluation import recall_against
from jiuye.matching.features import Seekers
from jiuye.matching.index import VacancyIndex
from jiuye.matching.keys import KeyMatrices
from jiuye.matching.scoring import prepare
from jiuye.matching.text import Labels, Tokens

SEEKERS = int(os.environ.get("BENCH_MATCH_SEEKERS", "1000000"))
VACANCIES = int(os.environ.get("BENCH_MATCH_VACANCIES", "200000"))
RECALL_SAMPLE = int(os.environ.get("BENCH_MATCH_RECALL_SAMPLE", "10000"))
PROVINCE_SAMPLE = int(os.environ.get("BENCH_MATCH_PROVINCE_SEEKERS", "20000"))
PAGE_QUERIES = 1000
SEED = 20260601


def peak_gib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2)


def _child(function, connection) -> None:
    start = time.perf_counter()
    result = function()
    connection.send((result, time.perf_counter() - start, peak_gib()))
    connection.close()


def in_child(function):
    """(result, seconds, peak GiB) of ``function`` run in a forked process (it sees the parent's tables)."""
    receiving, sending = multiprocessing.get_context("fork").Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=_child, args=(function, sending))
    process.start()
    result = receiving.recv()
    process.join()
    return result


def one_seeker(seekers: Seekers, row: int) -> Seekers:
    columns = {
        name: getattr(seekers, name)[row : row + 1]
        for name in Seekers.__dataclass_fields__
        if name not in ("title", "skills")
    }
    columns["title"] = Labels([seekers.title[row]], np.zeros(1, np.int32))
    columns["skills"] = Tokens.from_lists([seekers.skills.row(row)])
    return Seekers(**columns)


def batch(context, direction: str, k: int, sample: np.ndarray):
    def run():
        matcher = Matcher(context, direction)
        matches = matcher.run(k)
        keep = np.isin(matches.query, sample)
        picked = {name: getattr(matches, name)[keep] for name in ("query", "item", "rank", "score")}
        return len(matches.query), matcher.stats, picked

    return in_child(run)


def brute_force_sample(context, sample: np.ndarray, k: int):
    """Every allowed pair of each sampled seeker scored exactly (the page index scores exactly that)."""
    index = VacancyIndex(context.vacancies, context.config, context.today, text=context.text)
    queries, items = [], []
    row_of = {str(v): i for i, v in enumerate(context.vacancies.ids)}
    for s in sample:
        found = index.top_k_for(one_seeker(context.seekers, s), k)
        queries += [s] * len(found)
        items += [row_of[r.vacancy_id] for r in found]
    return np.array(queries), np.array(items)


def page(context, vacancies_extra, rng):
    def run():
        index = VacancyIndex(context.vacancies, context.config, context.today, text=context.text)
        open_ids = list(context.vacancies.ids[context.vacancy_ok])
        timings = []
        for i in range(PAGE_QUERIES):
            index.remove(open_ids.pop(int(rng.integers(len(open_ids)))))
            index.add(_take(vacancies_extra, i))
            seeker = one_seeker(context.seekers, int(rng.integers(len(context.seekers))))
            start = time.perf_counter()
            index.top_k_for(seeker, 20)
            timings.append(time.perf_counter() - start)
        return np.percentile(timings, [50, 95]) * 1000

    return in_child(run)


def _take(table, row: int):
    from jiuye.matching.index import _take as take_rows

    return take_rows(table, np.array([row]))


def peer(context):
    """sparse_dot_topn on the text part (title grams and skills, same weights), seekers x vacancies of each city."""
    from sparse_dot_topn import sp_matmul_topn

    def run():
        keys = KeyMatrices.build(context)
        text = slice(keys.occupation_width, None)
        weighted = keys.seekers[:, text] @ sparse.diags(keys.feature_weight[text])
        city_s = context.places.city[context.seekers.place]
        city_v = context.places.city[context.vacancies.place]
        pairs = 0
        for city in np.unique(city_s):
            left = sparse.csr_matrix(weighted[np.flatnonzero(city_s == city)])
            right = keys.vacancies[np.flatnonzero((city_v == city) & context.vacancy_ok)][:, text]
            pairs += sp_matmul_topn(left, right.T.tocsr(), top_n=20, n_threads=2).nnz
        return pairs

    return in_child(run)


def warm_up() -> None:
    """Compile (or load from numba's cache) the kernels on a small run, outside every timing."""
    data = synthetic.generate(300, 200, seed=SEED)
    context = prepare(data.seekers, data.vacancies, load_config(), data.today)
    for direction in (VACANCIES_FOR_SEEKER, SEEKERS_FOR_VACANCY):
        Matcher(context, direction).run(5)


def benchmark_matching() -> None:
    warm_up()
    start = time.perf_counter()
    data = synthetic.generate(SEEKERS, VACANCIES + PAGE_QUERIES, seed=SEED)
    extra = data.vacancies
    context = prepare(data.seekers, _first(extra, VACANCIES), load_config(), data.today)
    report("matching data", seekers=SEEKERS, vacancies=VACANCIES, seconds=round(time.perf_counter() - start, 1))
    rng = np.random.default_rng(SEED)
    sample = np.sort(rng.choice(SEEKERS, size=min(RECALL_SAMPLE, SEEKERS), replace=False))
    (count, stats, picked), seconds, peak = batch(context, VACANCIES_FOR_SEEKER, 20, sample)
    report(
        "matching vacancies_for_seeker top20",
        seconds=round(seconds, 1),
        seekers_per_s=round(SEEKERS / seconds),
        rows=count,
        peak_gib=peak,
        scored_pairs=stats.scored_pairs,
        postings_read=stats.key_pairs,
        pairs_in_reach=stats.reach_pairs,
    )
    (count, stats, _), seconds, peak = batch(context, SEEKERS_FOR_VACANCY, 50, np.zeros(0, int))
    open_vacancies = int(context.vacancy_ok.sum())
    report(
        "matching seekers_for_vacancy top50",
        seconds=round(seconds, 1),
        vacancies_per_s=round(open_vacancies / seconds),
        rows=count,
        peak_gib=peak,
        scored_pairs=stats.scored_pairs,
        postings_read=stats.key_pairs,
        pairs_in_reach=stats.reach_pairs,
    )
    started = time.perf_counter()
    reference = brute_force_sample(context, sample, 20)
    found = _matches(picked["query"], picked["item"])
    recall = recall_against(found, _matches(*reference))
    report(
        "matching recall@20 vs brute force",
        sample=len(sample),
        recall=round(recall, 5),
        brute_force_seconds=round(time.perf_counter() - started, 1),
    )
    province = (
        sample[: min(PROVINCE_SAMPLE, len(sample))]
        if len(sample) >= PROVINCE_SAMPLE
        else np.sort(rng.choice(SEEKERS, size=min(PROVINCE_SAMPLE, SEEKERS), replace=False))
    )
    _, seconds, peak = in_child(
        lambda: len(Matcher(context, VACANCIES_FOR_SEEKER, province_wide=True).run(20, queries=province).query)
    )
    report(
        "matching province-wide top20",
        seekers=len(province),
        seconds=round(seconds, 1),
        extrapolated_all_seconds=round(seconds * SEEKERS / len(province)),
        peak_gib=peak,
    )
    (p50, p95), _, peak = page(context, _last(extra, VACANCIES), rng)
    report("matching page top20", queries=PAGE_QUERIES, p50_ms=round(p50, 2), p95_ms=round(p95, 2), peak_gib=peak)
    pairs, seconds, peak = peer(context)
    report("matching peer sparse_dot_topn same-city text top20", seconds=round(seconds, 1), pairs=pairs, peak_gib=peak)


def _matches(query, item):
    from jiuye.matching.engine import Matches

    empty = np.zeros(len(query))
    return Matches(VACANCIES_FOR_SEEKER, np.asarray(query), np.asarray(item), empty, empty, empty)


def _first(table, n):
    from jiuye.matching.index import _take as take_rows

    return take_rows(table, np.arange(n))


def _last(table, n):
    from jiuye.matching.index import _take as take_rows

    return take_rows(table, np.arange(n, len(table)))


BENCHMARKS = [benchmark_matching]

if __name__ == "__main__":
    benchmark_matching()

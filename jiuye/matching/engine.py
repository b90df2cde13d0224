"""Exact top-K matching in both directions: vacancies for every seeker, seekers for every vacancy.

The search itself is compiled (`jiuye.matching.kernels.top_k`, whose docstring gives the argument why the result
equals scoring every allowed pair); this module prepares what it reads (feature postings per place, item groups,
reach between places), runs it, and returns ranked pairs with each part's contribution. Tests compare it with
`brute_force` in both directions, with and without the province-wide mode.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from jiuye.matching import bounds, kernels
from jiuye.matching.config import SEEKERS_FOR_VACANCY, VACANCIES_FOR_SEEKER
from jiuye.matching.keys import KeyMatrices
from jiuye.matching.scoring import KEY_PARTS, PairContext, score_pairs, seeker_side, vacancy_side

THREADS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
THREAD_BLOCK = 256  # queries dealt to a thread at a time (neighbours of one place share posting lists in cache)


@dataclass
class Matches:
    """Ranked pairs: ``query[i]`` (row of the query table) got ``item[i]`` at ``rank[i]`` (1 = best) with
    ``score[i]`` and per-part ``contributions[i]`` (`jiuye.matching.config.PARTS` order)."""

    direction: str
    query: np.ndarray
    item: np.ndarray
    rank: np.ndarray
    score: np.ndarray
    contributions: np.ndarray

    def seeker_vacancy(self) -> tuple[np.ndarray, np.ndarray]:
        if self.direction == VACANCIES_FOR_SEEKER:
            return self.query, self.item
        return self.item, self.query


@dataclass
class Stats:
    """What pruning did: pairs within reach of the hard filters' places, postings read, and pairs scored exactly by
    the probe, as candidates, and by the fallback (pairs sharing no feature, when the rules allow those)."""

    reach_pairs: int = 0
    key_pairs: int = 0
    probe_pairs: int = 0
    candidate_pairs: int = 0
    fallback_pairs: int = 0

    @property
    def scored_pairs(self) -> int:
        return self.probe_pairs + self.candidate_pairs + self.fallback_pairs


class Matcher:
    """Runs one direction over a `PairContext`; ``province_wide`` drops the location filter (distance still
    lowers the score)."""

    def __init__(self, context: PairContext, direction: str, *, province_wide: bool = False):
        self.context, self.direction, self.province_wide = context, direction, province_wide
        self.seeker_queries = direction == VACANCIES_FOR_SEEKER
        self.places = bounds.PlaceBounds(context, direction, province_wide=province_wide)
        self.stats = Stats()
        self._batch: kernels._Batch | None = None

    def batch(self) -> kernels._Batch:
        """Everything the kernel reads, built once per matcher. The item side is copied in group order (the items
        of a place together in memory); the kernel's item numbers are positions in ``places.item_rows``."""
        if self._batch is None:
            context, places = self.context, self.places
            keys = KeyMatrices.build(context)
            rows = places.item_rows
            if self.seeker_queries:  # only the query side in row order: the other is copied in group order
                seekers, vacancies = context.seeker_arrays(), vacancy_side(context, rows)
            else:
                seekers, vacancies = seeker_side(context, rows), context.vacancy_arrays()
            item_place = places.item_table.place[rows].astype(np.int64)
            self._batch = kernels._Batch(
                seekers=seekers,
                vacancies=vacancies,
                seeker_queries=self.seeker_queries,
                weights=context.part_weights(self.direction),
                rules=context.rules(),
                evidence=context.evidence(),
                province_wide=bool(self.province_wide),
                zero_key_eligible=_zero_key_eligible(context.config.evidence_parts),
                item_rows=rows.astype(np.int64),
                features=keys.query_features(self.seeker_queries),
                postings=keys.postings(self.seeker_queries, rows, item_place, places.n_places),
                groups=places.groups(),
                geography=places.geography(),
            )
        return self._batch

    def run(self, k: int, queries: np.ndarray | None = None) -> Matches:
        """Top ``k`` items of every query (all query rows, or those given), in query order."""
        queries = self.places.query_rows() if queries is None else np.sort(np.asarray(queries, dtype=np.int64))
        # Queries of one place share posting lists: the kernel takes them together, which keeps those in cache.
        by_place = np.argsort(self.places.query_place[queries], kind="stable")
        items, scores, parts = self.search(queries, by_place, k)
        counts = (items >= 0).sum(axis=1)
        kept_slots = np.arange(k)[None, :] < counts[:, None]  # a query's kept items fill its first slots
        rank = np.broadcast_to(np.arange(1, k + 1, dtype=np.int16), items.shape)[kept_slots]
        kept = kernels.compact(items, scores, parts)
        return Matches(
            self.direction,
            np.repeat(queries.astype(np.int32), counts),
            items.reshape(-1)[:kept],
            rank,
            scores.reshape(-1)[:kept],
            parts.reshape(-1, parts.shape[2])[:kept],
        )

    def search(self, queries: np.ndarray, by_place: np.ndarray, k: int):
        """The kernel on every core, on ``queries[by_place]``: blocks dealt out in turn (dear and cheap places
        alike), each thread running the compiled search without the GIL and writing its rows of the outputs, which
        come back in ``queries`` order (queries x k, and x parts for the contributions)."""
        batch, n_items = self.batch(), len(self.places.item_rows)
        items = np.full((len(queries), k), -1, dtype=np.int32)
        scores = np.full((len(queries), k), -np.inf)
        parts = np.zeros((len(queries), k, len(self.context.weights)), dtype=np.float32)
        blocks = np.arange(len(queries)) // THREAD_BLOCK
        threads = max(1, min(THREADS, len(queries)))
        shares = [by_place[blocks % threads == t] for t in range(threads)]

        def run(rows):
            return kernels.top_k(batch, queries[rows], rows, k, n_items, items, scores, parts)

        with ThreadPoolExecutor(threads) as pool:
            for counters in pool.map(run, shares):
                for name, value in zip(Stats.__dataclass_fields__, counters, strict=True):
                    setattr(self.stats, name, getattr(self.stats, name) + int(value))
        return items, scores, parts


def _zero_key_eligible(evidence_parts) -> bool:
    """Whether a pair sharing no occupation level, title gram or skill may still be recommended."""
    return not evidence_parts or not set(evidence_parts) <= set(KEY_PARTS)


def vacancies_for_seekers(context: PairContext, k: int | None = None, **options) -> Matches:
    """Top ``k`` (default: the configured 20) vacancies for every seeker."""
    k = k or context.config.top_vacancies_per_seeker
    return Matcher(context, VACANCIES_FOR_SEEKER, **_matcher_options(options)).run(k, **_run_options(options))


def seekers_for_vacancies(context: PairContext, k: int | None = None, **options) -> Matches:
    """Top ``k`` (default: the configured 50) seekers for every open vacancy, key groups first by priority."""
    k = k or context.config.top_seekers_per_vacancy
    return Matcher(context, SEEKERS_FOR_VACANCY, **_matcher_options(options)).run(k, **_run_options(options))


def _matcher_options(options: dict) -> dict:
    return {key: options[key] for key in ("province_wide",) if key in options}


def _run_options(options: dict) -> dict:
    return {key: options[key] for key in ("queries",) if key in options}


def brute_force(context: PairContext, direction: str, k: int, queries=None, province_wide=False) -> Matches:
    """Score every pair (for tests and the benchmark's recall): the reference the pruned run must equal."""
    seeker_queries = direction == VACANCIES_FOR_SEEKER
    n_items = len(context.vacancies) if seeker_queries else len(context.seekers)
    n_queries = len(context.seekers) if seeker_queries else len(context.vacancies)
    queries = np.arange(n_queries) if queries is None else np.sort(np.asarray(queries))
    step = max(1, 2_000_000 // max(n_items, 1))
    found = []
    for start in range(0, len(queries), step):
        block = queries[start : start + step]
        rows, cols = np.repeat(block, n_items), np.tile(np.arange(n_items), len(block))
        s, v = (rows, cols) if seeker_queries else (cols, rows)
        total, contributions = score_pairs(context, s, v, direction, province_wide)
        keep = np.flatnonzero(np.isfinite(total))
        keep = keep[np.lexsort((cols[keep], -total[keep], rows[keep]))]
        first = np.searchsorted(rows[keep], rows[keep], side="left")
        keep = keep[np.arange(len(keep)) - first < k]
        found.append((rows[keep], cols[keep], total[keep], contributions[keep]))
    query = np.concatenate([f[0] for f in found]) if found else np.zeros(0, np.int64)
    item = np.concatenate([f[1] for f in found]) if found else np.zeros(0, np.int64)
    score = np.concatenate([f[2] for f in found]) if found else np.zeros(0)
    parts = np.concatenate([f[3] for f in found]) if found else np.zeros((0, len(context.weights)))
    rank = np.arange(len(query)) - np.searchsorted(query, query, side="left") + 1
    return Matches(direction, query.astype(np.int32), item.astype(np.int32), rank.astype(np.int16), score,
                   parts.astype(np.float32))  # fmt: skip

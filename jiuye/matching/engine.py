"""Exact top-K matching in both directions: vacancies for every seeker, seekers for every vacancy.

Score = key part + other parts. The key part (occupation levels, title grams, skill words) is one sparse dot
product ``K_seeker[s] . K_vacancy[v]`` of non-negative features (`jiuye.matching.keys`); the other parts (location,
wage, education, experience, freshness, key group) are bounded per *item group*: items of one place with similar
item-only part and fit attributes (`jiuye.matching.bounds`). Queries are processed by place, in chunks.

Why the result equals scoring every allowed pair (checked against brute force in tests/matching/test_engine.py):

1. Geography: items outside the places a query's place can reach (accepted places, commute radius widened by the
   spread of addresses around the seats) are never allowed, so never looked at.
2. Threshold: every pair that is scored is scored exactly, so the K-th best score ``T`` among the pairs scored so far
   is at most the true K-th best. First the query's own place's items sharing an occupation level are scored (the
   probe); an optimistic pass then raises ``T`` cheaply; the exact pass uses the ``T`` reached.
3. Essential features (MaxScore): for a tier of item groups whose other parts can add at most ``D``, a query's
   features are made *optional* from the most widespread down while the sum of ``feature weight x largest item
   value`` stays below ``T - D``; the rest are *essential*. An item of the tier sharing no essential feature scores
   below ``T``. Items sharing one are bounded by their shared essential sum + the optional sum + their group's
   bound, and scored exactly where that bound reaches ``T`` (a first batch raises ``T`` again).
4. Fallback: where a group's bound plus the optional sum still reaches ``T`` (queries with few good candidates),
   every item of the group is scored exactly.

Bounds are compared with a margin ``EPSILON`` so float rounding never prunes a tie.
"""

from dataclasses import dataclass

import numpy as np

from jiuye.matching import bounds
from jiuye.matching.config import SEEKERS_FOR_VACANCY, VACANCIES_FOR_SEEKER
from jiuye.matching.keys import MatchKeys
from jiuye.matching.scoring import PairContext, pair_dot, row_keys, score_pairs

OPTIMISTIC_SHARE = 0.7  # first-pass guess of the K-th best score, as a share of the weights (speed only)
EPSILON = 1e-9  # bounds are compared with a margin so that float rounding never prunes a tie


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
    """What pruning did: pairs scored by rare-key candidates, by fallback, and pairs allowed in reach."""

    probe_pairs: int = 0
    key_pairs: int = 0
    candidate_pairs: int = 0
    fallback_pairs: int = 0
    reach_pairs: int = 0


def top_per_row(rows: np.ndarray, items: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of each row's best ``k`` finite scores (ties: lower item first), sorted by row then rank."""
    index = np.flatnonzero(np.isfinite(scores))
    n = int(rows.max(initial=-1)) + 1
    if len(index) > 4 * k * n:  # sort only what bucketing says may be in a row's top k
        index = index[scores[index] >= row_cutoff(rows[index], scores[index], n, k)]
    order = index[np.lexsort((items[index], -scores[index], rows[index]))]
    sorted_rows = rows[order]
    first = np.searchsorted(sorted_rows, sorted_rows, side="left")
    return order[np.arange(len(order)) - first < k]


def row_cutoff(rows: np.ndarray, values: np.ndarray, n: int, count: int, buckets: int = 512) -> np.ndarray:
    """Per row, a value such that about ``count`` (at least ``count`` when the row has them) of the row's values
    reach it, found by bucketing instead of sorting (gathered per pair, like ``rows``)."""
    if not len(rows):
        return np.zeros(0)
    low, high = values.min(), values.max()
    scale = (buckets - 1) / max(high - low, 1e-12)
    bucket = ((values - low) * scale).astype(np.int64)
    counts = np.bincount(rows * buckets + bucket, minlength=n * buckets).reshape(n, buckets)
    from_top = np.cumsum(counts[:, ::-1], axis=1)[:, ::-1]  # values in this bucket or higher
    cutoff_bucket = (from_top >= count).sum(axis=1) - 1  # highest bucket still holding ``count`` values
    cutoff = low + np.maximum(cutoff_bucket, 0) / scale
    return cutoff[rows] - 1e-12


class Tiers:
    """Item groups of a block split by how much their non-key parts can add (near and fresh, middling, the rest):
    a tier whose best is lower leaves more slack, hence fewer essential features and fewer candidate pairs."""

    CUTS = (0.03, 0.08)

    def __init__(self, groups: np.ndarray, dense: np.ndarray, item_group: np.ndarray, tier_of_column=None):
        """``tier_of_column``: the split of an earlier chunk of the same place, reused so that the transposed item
        keys cached per (place, tier) stay valid; any split is exact, it only changes the speed."""
        self.dense = dense
        if tier_of_column is None:
            top = dense.max(axis=0, initial=-np.inf) if len(dense) else np.full(len(groups), -np.inf)
            finite = top[np.isfinite(top)]
            peak = finite.max() if len(finite) else 0.0
            tier_of_column = np.searchsorted(-(peak - np.array(self.CUTS)), -top, side="right")
        self.tier_of_column = tier_of_column
        self.count = len(self.CUTS) + 1
        column_of_group = np.zeros(int(groups.max(initial=0)) + 1, dtype=np.int64)
        column_of_group[groups] = np.arange(len(groups))
        self.column_of_item = column_of_group[item_group]
        self.tier_of_item = self.tier_of_column[self.column_of_item]

    def items_of(self, tier: int) -> np.ndarray:
        return np.flatnonzero(self.tier_of_item == tier)

    def best(self, tier: int) -> np.ndarray:
        """Each query's largest non-key bound over the tier's groups (-inf when none is allowed)."""
        columns = self.tier_of_column == tier
        return self.dense[:, columns].max(axis=1, initial=-np.inf)


class Matcher:
    """Runs one direction over a `PairContext`; ``province_wide`` drops the location filter (distance still
    lowers the score)."""

    def __init__(self, context: PairContext, direction: str, *, province_wide: bool = False):
        self.context, self.direction, self.province_wide = context, direction, province_wide
        self.seeker_queries = direction == VACANCIES_FOR_SEEKER
        self.keys = MatchKeys(context)
        self.places = bounds.PlaceBounds(context, direction, province_wide=province_wide)
        self.stats = Stats()
        self.tier_split: dict[int, np.ndarray] = {}

    def pairs(self, queries: np.ndarray, items: np.ndarray):
        return (queries, items) if self.seeker_queries else (items, queries)

    def score(self, queries: np.ndarray, items: np.ndarray):
        s, v = self.pairs(queries, items)
        return score_pairs(self.context, s, v, self.direction, self.province_wide)

    def score_local(self, queries, items, rows: np.ndarray, cols: np.ndarray, parts: bool = False):
        """`score` for pairs given as (row of ``queries``, column of ``items``): the skill look-ups search only the
        block's own query rows, which stay in cache. Contributions are returned only with ``parts`` (for the pairs
        kept), so that searching through many candidates does not hold nine numbers per pair."""
        if getattr(self, "_block", (None,))[0] is not queries:
            context = self.context
            mine, other = (
                (context.seeker_skills, context.vacancy_skills)
                if self.seeker_queries
                else (context.vacancy_skills, context.seeker_skills)
            )
            block = mine[queries]
            self._block = (queries, block, other, row_keys(block, max(block.shape[1], other.shape[1])))
        _, block, other, keys = self._block
        skills = pair_dot(block, other, rows, items[cols], keys)
        s, v = self.pairs(queries[rows], items[cols])
        total, contributions = score_pairs(self.context, s, v, self.direction, self.province_wide, skills=skills)
        return total, (contributions if parts else np.zeros((len(total), 0)))

    def run(self, k: int, queries: np.ndarray | None = None, chunk: int = 2048) -> Matches:
        """Top ``k`` items of every query (all query rows, or those given)."""
        queries = self.places.query_rows() if queries is None else np.asarray(queries)
        parts = []
        for place in np.unique(self.places.query_place[queries]):
            rows = queries[self.places.query_place[queries] == place]
            for start in range(0, len(rows), chunk):
                parts.append(self.run_block(place, rows[start : start + chunk], k))
        return self.combine(parts)

    def run_block(self, place: int, queries: np.ndarray, k: int):
        items, item_group = self.places.items_in_reach(place)
        self.stats.reach_pairs += len(queries) * len(items)
        if not len(items):
            return self.empty()
        scored = [self.probe(place, queries, items, item_group)]
        threshold = self.kth_best(*scored[0][:3], len(queries), k)
        groups, dense = self.places.place_bounds(queries, place)
        tiers = Tiers(groups, dense, item_group, self.tier_split.get(place))
        self.tier_split = {place: tiers.tier_of_column}
        # A first, optimistic pass only raises the threshold cheaply; the second pass is the exact one.
        guess = np.maximum(threshold, OPTIMISTIC_SHARE * self.places.weights.sum())
        for exact in (False, True):
            rows, cols, bound, optional = self.key_candidates(
                place, queries, items, tiers, threshold if exact else guess
            )
            self.stats.key_pairs += len(rows) if exact else 0
            batch, threshold = self.score_candidates(queries, items, rows, cols, bound, k, threshold, scored, exact)
            scored.append(batch)
        need = dense + optional[:, tiers.tier_of_column] >= threshold[:, None] - EPSILON
        need_rows, need_columns = np.nonzero(need)
        scored.append(self.fallback(queries, need_rows, groups[need_columns], items, item_group))
        rows, cols, total, contributions = (np.concatenate(column) for column in zip(*scored, strict=True))
        unique = np.unique(rows.astype(np.int64) * len(items) + cols, return_index=True)[1]
        keep = unique[top_per_row(rows[unique], items[cols[unique]], total[unique], k)]
        total, contributions = self.score_local(queries, items, rows[keep], cols[keep], parts=True)
        # float32 per block: at a million seekers the kept contributions are 20M x 9 numbers, copied when combined.
        return queries[rows[keep]], items[cols[keep]], total, contributions.astype(np.float32)

    def key_candidates(self, place, queries, items, tiers: "Tiers", target: np.ndarray):
        """Per tier of item groups: the pairs sharing an essential feature (given the tier's best other parts and
        the score ``target``), their upper bounds, and each query's optional sum per tier (queries x tiers)."""
        rows, cols, bounds_, optional = [], [], [], np.zeros((len(queries), tiers.count))
        for tier in range(tiers.count):
            local = tiers.items_of(tier)
            best = tiers.best(tier)
            with np.errstate(invalid="ignore"):  # -inf - -inf where nothing is allowed: slack inf, no candidates
                slack = np.where(np.isfinite(best), target - best - EPSILON, np.inf)
            essential, optional[:, tier] = self.keys.essential(queries, self.seeker_queries, slack)
            key = (place, self.direction, tier)
            tier_rows, tier_cols, shared = self.keys.candidates(essential, items[local], self.seeker_queries, key)
            tier_cols = local[tier_cols]
            bound = shared + optional[tier_rows, tier] + tiers.dense[tier_rows, tiers.column_of_item[tier_cols]]
            rows.append(tier_rows)
            cols.append(tier_cols)
            bounds_.append(bound)
        return np.concatenate(rows), np.concatenate(cols), np.concatenate(bounds_), optional

    def score_candidates(self, queries, items, rows, cols, bound, k, threshold, scored, exact):
        """Score each query's 2K most promising candidates and raise the threshold to the K-th best score seen;
        when ``exact``, then also score every remaining candidate whose bound still reaches it."""
        possible = np.flatnonzero((bound >= threshold[rows] - EPSILON) & np.isfinite(bound))
        first = possible[bound[possible] >= row_cutoff(rows[possible], bound[possible], len(queries), 2 * k)]
        total, contributions = self.score_local(queries, items, rows[first], cols[first])
        seen = [
            np.concatenate([*(batch[i] for batch in scored), part])
            for i, part in enumerate((rows[first], cols[first], total))
        ]
        threshold = np.maximum(threshold, self.kth_best(*seen, len(queries), k))
        self.stats.candidate_pairs += len(first)
        if not exact:
            return (rows[first], cols[first], total, contributions), threshold
        rest = np.setdiff1d(possible, first, assume_unique=True)
        rest = rest[bound[rest] >= threshold[rows[rest]] - EPSILON]
        rest_total, rest_contributions = self.score_local(queries, items, rows[rest], cols[rest])
        self.stats.candidate_pairs += len(rest)
        batch = (
            np.concatenate([rows[first], rows[rest]]),
            np.concatenate([cols[first], cols[rest]]),
            np.concatenate([total, rest_total]),
            np.concatenate([contributions, rest_contributions]),
        )
        return batch, threshold

    def probe(self, place, queries, items, item_group):
        """Score the items of the query's own place that share an occupation level: a first K-th best score."""
        local = np.flatnonzero(item_group // bounds.BUCKETS == place)
        rows, cols = self.keys.occupation_candidates(queries, items[local], self.seeker_queries)
        cols = local[cols]
        total, contributions = self.score_local(queries, items, rows, cols)
        self.stats.probe_pairs += len(rows)
        return rows, cols, total, contributions

    def fallback(self, queries, need_rows, need_groups, items, item_group):
        """Score every item of each needed (query, group): items of a group are contiguous in ``items``."""
        start = np.searchsorted(item_group, need_groups, side="left")
        lengths = np.searchsorted(item_group, need_groups, side="right") - start
        rows = np.repeat(need_rows, lengths)
        cols = np.repeat(start - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
        self.stats.fallback_pairs += len(rows)
        parts = [
            self.score_local(queries, items, rows[i : i + 4_000_000], cols[i : i + 4_000_000])
            for i in range(0, len(rows), 4_000_000)
        ]
        total = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0)
        contributions = np.concatenate([p[1] for p in parts]) if parts else np.zeros((0, 0))
        return rows, cols, total, contributions

    @staticmethod
    def kth_best(rows: np.ndarray, cols: np.ndarray, total: np.ndarray, n: int, k: int) -> np.ndarray:
        """Each row's K-th best score over distinct (row, column) pairs; -inf for rows with fewer than K."""
        threshold = np.full(n, -np.inf)
        unique = np.unique(rows.astype(np.int64) * (int(cols.max(initial=0)) + 1) + cols, return_index=True)[1]
        rows, total = rows[unique], total[unique]
        if len(rows):
            kept = top_per_row(rows, np.zeros(len(rows)), total, k)
            counts = np.bincount(rows[kept], minlength=n)
            last = np.cumsum(counts) - 1
            full = counts >= k
            threshold[full] = total[kept][last[full]]
        return threshold

    def empty(self):
        parts = np.zeros((0, len(self.context.weights)), dtype=np.float32)
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), parts

    def combine(self, parts) -> Matches:
        query = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
        item = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.int64)
        score = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0)
        contributions = np.concatenate([p[3] for p in parts]) if parts else self.empty()[3]
        order = np.lexsort((item, -score, query))
        query, item, score, contributions = query[order], item[order], score[order], contributions[order]
        rank = np.arange(len(query)) - np.searchsorted(query, query, side="left") + 1
        return Matches(
            self.direction,
            query.astype(np.int32),
            item.astype(np.int32),
            rank.astype(np.int16),
            score,
            contributions.astype(np.float32),
        )


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
    return {key: options[key] for key in ("queries", "chunk") if key in options}


def brute_force(context: PairContext, direction: str, k: int, queries=None, province_wide=False) -> Matches:
    """Score every pair (for tests and the benchmark's recall): the reference the pruned run must equal."""
    matcher = Matcher.__new__(Matcher)  # scoring only: no keys or bounds are built
    matcher.context, matcher.direction, matcher.province_wide = context, direction, province_wide
    matcher.seeker_queries = direction == VACANCIES_FOR_SEEKER
    n_items = len(context.vacancies) if matcher.seeker_queries else len(context.seekers)
    n_queries = len(context.seekers) if matcher.seeker_queries else len(context.vacancies)
    queries = np.arange(n_queries) if queries is None else np.asarray(queries)
    parts = []
    for start in range(0, len(queries), max(1, 2_000_000 // max(n_items, 1))):
        block = queries[start : start + max(1, 2_000_000 // max(n_items, 1))]
        rows, cols = np.repeat(block, n_items), np.tile(np.arange(n_items), len(block))
        total, contributions = matcher.score(rows, cols)
        keep = top_per_row(rows, cols, total, k)
        parts.append((rows[keep], cols[keep], total[keep], contributions[keep]))
    return matcher.combine(parts)

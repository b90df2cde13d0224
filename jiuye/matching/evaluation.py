"""How good the ranking is: recall@k and NDCG@k against known hires, for the full score and with each part left out.

With one relevant vacancy per seeker (the one they were hired at), recall@k is the share of seekers whose hire is in
their top k, and NDCG@k averages ``1 / log2(rank + 1)`` over seekers (0 when the hire is not in the top k), the
ideal DCG being 1 (Järvelin & Kekäläinen 2002, "Cumulated gain-based evaluation of IR techniques", ACM TOIS 20(4)).
`evaluate` ranks with the engine for each variant (one day's tables); ``manage.py match_evaluate`` goes through
`jiuye.matching.services.matching_evaluate`, which asks the engine once for every candidate's part values on each
hire's day (`Cases`) and then ranks them for any weights here: the full score, each part left out, a random order
(the floor), a paired bootstrap interval for each left-out change (so "this part helps" is a statement with its
uncertainty, not a difference of a few hires), and the coordinate search that tunes the weights.
"""

from dataclasses import dataclass, replace

import numpy as np

from jiuye.matching.config import PARTS, VACANCIES_FOR_SEEKER, MatchConfig
from jiuye.matching.engine import Matcher, Matches
from jiuye.matching.features import Seekers, Vacancies
from jiuye.matching.scoring import prepare


@dataclass(frozen=True)
class RankingQuality:
    variant: str  # "full" or "without_<part>"
    seekers: int
    recall: float
    ndcg: float


def hit_ranks(matches: Matches, truth: np.ndarray, k: int) -> np.ndarray:
    """For each seeker with a known hire (``truth[s] >= 0``), the rank of the hire in its top ``k`` (0: absent)."""
    seekers = np.flatnonzero(truth >= 0)
    keep = (matches.rank <= k) & (matches.item == truth[matches.query])
    ranks = np.zeros(len(truth), dtype=np.int64)
    ranks[matches.query[keep]] = matches.rank[keep]
    return ranks[seekers]


def ranking_quality(matches: Matches, truth: np.ndarray, k: int, variant: str = "full") -> RankingQuality:
    ranks = hit_ranks(matches, truth, k)
    gains = np.divide(1.0, np.log2(ranks + 1.0), out=np.zeros(len(ranks)), where=ranks > 0)
    n = len(ranks)
    return RankingQuality(variant, n, float((ranks > 0).mean()) if n else 0.0, float(gains.mean()) if n else 0.0)


def recall_against(found: Matches, reference: Matches) -> float:
    """Share of the reference's (query, item) pairs that ``found`` also has: the pruned run against brute force."""
    key = lambda m: set(zip(m.query.tolist(), m.item.tolist(), strict=True))  # noqa: E731
    expected = key(reference)
    return len(expected & key(found)) / max(len(expected), 1)


def evaluate(
    seekers: Seekers,
    vacancies: Vacancies,
    truth: np.ndarray,
    config: MatchConfig,
    today,
    *,
    k: int = 20,
    ablation: bool = True,
) -> list[RankingQuality]:
    """Recall@k and NDCG@k of the vacancies recommended to the seekers with a known hire, for the configured
    weights and, with ``ablation``, for each part's weight set to zero in turn."""
    queries = np.flatnonzero(truth >= 0)
    variants = [("full", config)]
    if ablation:
        counted = config.direction_weights(VACANCIES_FOR_SEEKER)
        for part, weight in zip(PARTS, counted, strict=True):
            if weight > 0:
                variants.append((f"without_{part}", replace(config, weights={**config.weights, part: 0.0})))
    results = []
    for name, variant in variants:
        context = prepare(seekers, vacancies, variant, today)
        matches = Matcher(context, VACANCIES_FOR_SEEKER).run(k, queries=queries)
        results.append(ranking_quality(matches, truth, k, name))
    return results


# Per-query figures for any weights, from the part values of each query's candidates (computed once), so that the
# leave-one-out variants, the bootstrap and the weight search rank without calling the engine again.


@dataclass(frozen=True)
class Cases:
    """Every query's candidates (the items its hard filters let through), flattened: row ``i`` is item ``item[i]``
    of query ``query[i]`` (0 ... n-1, sorted) with part values ``values[i]`` (`PARTS` order) and ``relevant[i]``
    when it was a hire. ``wanted[q]`` counts query q's hires, including any the hard filters left out."""

    query: np.ndarray
    item: np.ndarray
    values: np.ndarray
    relevant: np.ndarray
    wanted: np.ndarray

    def __len__(self) -> int:
        return len(self.wanted)

    @property
    def pool(self) -> np.ndarray:
        """Candidates per query."""
        return np.bincount(self.query, minlength=len(self.wanted))

    def varies(self, part: str) -> bool:
        """Whether the part can change any query's order: freshness cannot among the seekers of one vacancy, nor
        the key group among the vacancies of one seeker."""
        column = self.values[:, PARTS.index(part)]
        if not len(column):
            return False
        low = np.full(len(self), np.inf)
        np.minimum.at(low, self.query, column)
        return bool(np.any(column > low[self.query]))

    @classmethod
    def concat(cls, parts: list["Cases"]) -> "Cases":
        offsets = np.cumsum([0, *(len(part) for part in parts)])[:-1]
        if not parts:
            return cls(*(np.zeros(0, dtype=np.int64),) * 2, np.zeros((0, len(PARTS))), np.zeros(0, bool), np.zeros(0))
        return cls(
            np.concatenate([part.query + offset for part, offset in zip(parts, offsets, strict=True)]),
            np.concatenate([part.item for part in parts]),
            np.concatenate([part.values for part in parts]),
            np.concatenate([part.relevant for part in parts]),
            np.concatenate([part.wanted for part in parts]),
        )

    def subset(self, keep: np.ndarray) -> "Cases":
        """The queries where ``keep`` (a boolean per query) holds, renumbered."""
        rows = keep[self.query]
        renumber = np.cumsum(keep) - 1
        return Cases(renumber[self.query[rows]], self.item[rows], self.values[rows], self.relevant[rows],
                     self.wanted[keep])  # fmt: skip


def ideal_dcg(wanted: np.ndarray, k: int) -> np.ndarray:
    """DCG@k of a perfect ranking with ``wanted`` relevant items: all of them first."""
    cumulative = np.concatenate([[0.0], np.cumsum(1.0 / np.log2(np.arange(1, k + 1) + 1.0))])
    return cumulative[np.minimum(wanted.astype(np.int64), k)]


def metrics_from_ranks(query: np.ndarray, rank: np.ndarray, wanted: np.ndarray, ks: tuple[int, ...]) -> dict:
    """Per-query recall@k (for each k) and NDCG@max(k) from the 1-based ranks of the relevant items found
    (``query[i]`` found one at ``rank[i]``), binary relevance; Järvelin & Kekäläinen (2002), ACM TOIS 20(4)."""
    n, k = len(wanted), max(ks)
    result = {f"recall@{cut}": np.bincount(query, weights=rank <= cut, minlength=n) / wanted for cut in ks}
    gains = np.divide(1.0, np.log2(rank + 1.0), out=np.zeros(len(rank)), where=rank <= k)
    result[f"ndcg@{k}"] = np.bincount(query, weights=gains, minlength=n) / ideal_dcg(wanted, k)
    return result


def query_metrics(cases: Cases, weights: np.ndarray, ks: tuple[int, ...]) -> dict[str, np.ndarray]:
    """Per-query recall@k and NDCG@max(k) when the candidates are ranked by ``values @ weights``, ties to the
    lower item row (as the engine breaks them)."""
    total = cases.values @ weights
    order = np.lexsort((cases.item, -total, cases.query))
    query = cases.query[order]
    rank = np.arange(len(query)) - np.searchsorted(query, query, side="left") + 1
    relevant = cases.relevant[order]
    return metrics_from_ranks(query[relevant], rank[relevant].astype(float), cases.wanted, ks)


def random_metrics(cases: Cases, ks: tuple[int, ...]) -> dict[str, np.ndarray]:
    """What a random order of each query's candidates would score on average: the floor to beat. A relevant item
    among n candidates lies within the top k with chance min(k, n)/n, at each rank with chance 1/n."""
    pool = cases.pool.astype(float)
    found = np.bincount(cases.query, weights=cases.relevant, minlength=len(cases))
    share = np.divide(found, pool, out=np.zeros(len(cases)), where=pool > 0)
    result = {f"recall@{k}": share * np.minimum(k, pool) / cases.wanted for k in ks}
    k = max(ks)
    result[f"ndcg@{k}"] = share * ideal_dcg(np.minimum(pool, k), k) / ideal_dcg(cases.wanted, k)
    return result


@dataclass(frozen=True)
class Difference:
    """Mean paired difference (variant minus full) with its bootstrap percentile interval."""

    mean: float
    low: float
    high: float

    @property
    def verdict(self) -> str:
        """ "helps" when leaving the part out lowers the figure for sure (the whole interval below 0), "hurts"
        when it raises it for sure, "unclear" otherwise."""
        return "helps" if self.high < 0 else "hurts" if self.low > 0 else "unclear"


def paired_bootstrap(
    full: np.ndarray, variant: np.ndarray, *, resamples: int = 200, seed: int = 0, level: float = 0.95
) -> Difference:
    """The mean of ``variant - full`` over queries and its percentile confidence interval from ``resamples``
    resamplings of the queries with replacement, the same queries for both (paired), so that the spread of
    easy and hard queries, which both rankings share, does not widen the interval (Efron & Tibshirani 1993, "An
    Introduction to the Bootstrap", ch. 13; Sakai 2006, "Evaluating evaluation metrics based on the bootstrap",
    SIGIR). Seeded: the same figures give the same interval."""
    difference = np.asarray(variant, dtype=float) - np.asarray(full, dtype=float)
    if not len(difference):
        return Difference(float("nan"), float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    means = difference[rng.integers(0, len(difference), size=(resamples, len(difference)))].mean(axis=1)
    low, high = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return Difference(float(difference.mean()), float(low), float(high))


def coordinate_search(
    objective,
    weights: dict[str, float],
    *,
    factors: tuple[float, ...] = (0.0, 0.5, 0.75, 1.33, 2.0),
    steps: int = 30,
    min_gain: float = 0.001,
    fixed: tuple[str, ...] = (),
) -> tuple[dict[str, float], list[tuple[str, float, float]]]:
    """Tune weights one part at a time, steepest first: try every part's weight times every factor (a part at 0
    is tried at 0.05), each rescaled to a sum of 1; take the single change that raises ``objective(weights)`` most,
    if by at least ``min_gain``, and repeat (at most ``steps`` times). Parts in ``fixed`` keep their weight (a
    policy, such as the key-group priority, is not for a hit rate to decide). Returns the weights and the path
    taken (part, its new weight, objective).

    A small, transparent search (nine weights, a few hundred evaluations), not an optimiser: taking the best move
    rather than the first keeps it from dropping a part early that a later change would have made useful. The
    ablation table, not the search, decides whether a part earns its place."""
    current = _normalised(weights, fixed)
    best = objective(current)
    path = [("start", float("nan"), best)]
    for _step in range(steps):
        moves = []
        for part in [part for part in current if part not in fixed]:
            values = {current[part] * factor if current[part] > 0 else 0.05 * (factor > 1) for factor in factors}
            values.discard(current[part])
            moves += [(part, _normalised({**current, part: value}, fixed)) for value in sorted(values)]
        scored = [(objective(trial), part, trial) for part, trial in moves]
        score, part, trial = max(scored, key=lambda move: move[0])
        if score < best + min_gain:
            break
        current, best = trial, score
        path.append((part, current[part], best))
    return current, path


def _normalised(weights: dict[str, float], fixed: tuple[str, ...] = ()) -> dict[str, float]:
    """Rescale to a sum of 1, the ``fixed`` parts keeping their weight and the others sharing the rest."""
    free = sum(value for part, value in weights.items() if part not in fixed)
    room = 1.0 - sum(value for part, value in weights.items() if part in fixed)
    if free <= 0:
        return dict(weights)
    return {part: value if part in fixed else round(value * room / free, 4) for part, value in weights.items()}

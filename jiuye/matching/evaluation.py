"""How good the ranking is: recall@k and NDCG@k against known hires, for the full score and with each part left out.

With one relevant vacancy per seeker (the one they were hired at), recall@k is the share of seekers whose hire is in
their top k, and NDCG@k averages ``1 / log2(rank + 1)`` over seekers (0 when the hire is not in the top k), the
ideal DCG being 1 (Järvelin & Kekäläinen 2002, "Cumulated gain-based evaluation of IR techniques", ACM TOIS 20(4)).
The lead wraps `evaluate` as ``manage.py match_evaluate``.
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
        for part in PARTS:
            if config.weight(part) > 0 and (part != "key_group" or config.key_group_applies(VACANCIES_FOR_SEEKER)):
                variants.append((f"without_{part}", replace(config, weights={**config.weights, part: 0.0})))
    results = []
    for name, variant in variants:
        context = prepare(seekers, vacancies, variant, today)
        matches = Matcher(context, VACANCIES_FOR_SEEKER).run(k, queries=queries)
        results.append(ranking_quality(matches, truth, k, name))
    return results

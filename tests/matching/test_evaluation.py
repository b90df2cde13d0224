"""Recall and NDCG against planted hires, ablation, the paired bootstrap and the weight search on hand-made cases,
and the synthetic generator's shape."""

import numpy as np
import pytest

from jiuye.matching import synthetic
from jiuye.matching.config import PARTS, load_config
from jiuye.matching.engine import Matches
from jiuye.matching.evaluation import (
    Cases,
    coordinate_search,
    evaluate,
    paired_bootstrap,
    query_metrics,
    random_metrics,
    ranking_quality,
    recall_against,
)


def matches(query, item, rank):
    zeros = np.zeros(len(query))
    return Matches("vacancies_for_seeker", np.array(query), np.array(item), np.array(rank), zeros, zeros)


def test_recall_and_ndcg_by_hand():
    found = matches([0, 0, 0, 1, 1, 2], [5, 6, 7, 8, 9, 1], [1, 2, 3, 1, 2, 1])
    truth = np.array([7, 9, 4, -1])  # seeker 0 hired at rank 3, seeker 1 at rank 2, seeker 2 missed
    quality = ranking_quality(found, truth, k=20)
    assert quality.seekers == 3
    assert quality.recall == pytest.approx(2 / 3)
    assert quality.ndcg == pytest.approx((1 / np.log2(4) + 1 / np.log2(3)) / 3)
    assert ranking_quality(found, truth, k=2).recall == pytest.approx(1 / 3)
    assert recall_against(found, matches([0, 1], [5, 4], [1, 1])) == 0.5


def test_synthetic_shape_is_seeded_and_long_tailed():
    a, b = synthetic.generate(2000, 3000, seed=3), synthetic.generate(2000, 3000, seed=3)
    assert a.vacancies.ids.tolist() == b.vacancies.ids.tolist()
    assert np.array_equal(a.seekers.skills.ids, b.seekers.skills.ids)
    skills = a.vacancies.skills
    holders = np.bincount(skills.ids, minlength=len(skills.vocabulary)) / len(a.vacancies)
    assert 0.25 < holders.max() < 0.5  # the commonest word ("吃苦耐劳") is held by about a third
    assert skills.vocabulary[int(holders.argmax())] == "吃苦耐劳"
    titles = np.bincount(a.vacancies.title.codes)
    assert titles.max() > 20 * np.median(titles[titles > 0])  # Zipf: a few titles are very common


def test_evaluation_with_planted_hires_and_ablation():
    data = synthetic.generate(1500, 1200, seed=9, hire_sample=300)
    assert (data.hires >= 0).sum() > 100
    results = {r.variant: r for r in evaluate(data.seekers, data.vacancies, data.hires, load_config(), data.today)}
    assert set(results) == {
        "full",
        *(
            f"without_{p}"
            for p in ("occupation", "title", "skills", "location", "wage", "education", "experience", "freshness")
        ),
    }
    full = results["full"]
    assert 0.3 < full.recall <= 1
    assert 0 < full.ndcg <= full.recall
    assert results["without_occupation"].recall < full.recall  # hires share the minor group: occupation matters


def cases(pools: list[list[tuple[int, list[float], bool]]], wanted: list[int] | None = None) -> Cases:
    """Cases from [(item, values of the first two parts, relevant)] per query; the other parts are 0."""
    rows = [(q, item, values, relevant) for q, pool in enumerate(pools) for item, values, relevant in pool]
    values = np.zeros((len(rows), len(PARTS)))
    for i, row in enumerate(rows):
        values[i, : len(row[2])] = row[2]
    wanted = wanted or [sum(relevant for *_, relevant in pool) for pool in pools]
    return Cases(
        np.array([row[0] for row in rows]), np.array([row[1] for row in rows]), values,
        np.array([row[3] for row in rows]), np.array(wanted, dtype=float),
    )  # fmt: skip


def test_query_metrics_rank_by_the_weights_and_break_ties_to_the_lower_item():
    found = cases(
        [
            [(4, [1.0, 0.0], False), (2, [0.5, 0.5], True), (3, [0.0, 1.0], False)],  # hire ranked 2nd, then 1st
            [(7, [0.5, 0.0], True), (5, [0.5, 0.0], False)],  # a tie: item 5 (lower) first, the hire 2nd
        ],
        wanted=[1, 2],  # the second query had another hire the hard filters left out
    )
    by_occupation = query_metrics(found, np.eye(len(PARTS))[0], (1, 2))
    assert by_occupation["recall@1"].tolist() == [0.0, 0.0]
    assert by_occupation["recall@2"].tolist() == [1.0, 0.5]
    ideal_two = 1 + 1 / np.log2(3)
    assert by_occupation["ndcg@2"] == pytest.approx([1 / np.log2(3), (1 / np.log2(3)) / ideal_two])
    balanced = query_metrics(found, np.array([1.0, 1.0, *[0.0] * (len(PARTS) - 2)]), (1,))
    assert balanced["recall@1"].tolist() == [1.0, 0.0]  # 1.0 each in the first query: the hire, item 2, is lowest
    assert query_metrics(found, np.array([1.0, 1.1, *[0.0] * (len(PARTS) - 2)]), (1,))["recall@1"][0] == 0.0


def test_random_metrics_are_the_expected_figures_of_a_random_order():
    found = cases([[(i, [0.0], i == 0) for i in range(4)]])
    random = random_metrics(found, (2, 10))
    assert random["recall@2"][0] == pytest.approx(0.5)
    assert random["recall@10"][0] == pytest.approx(1.0)
    expected = np.mean(1 / np.log2(np.arange(1, 5) + 1))  # each of the 4 ranks with chance 1/4
    assert random["ndcg@10"][0] == pytest.approx(expected)


def test_paired_bootstrap_on_hand_made_differences():
    # A constant change under very different query difficulties: pairing removes the spread, a point interval.
    full = np.array([0.2, 0.9, 0.5, 0.1, 1.0])
    shift = paired_bootstrap(full, full - 0.1)
    assert (shift.mean, shift.low, shift.high) == pytest.approx((-0.1, -0.1, -0.1))
    assert shift.verdict == "helps"
    # One query of four gains 1: resampled means are k/4 with k ~ Binomial(4, 1/4); P(k = 4) = 0.004 < 0.025 and
    # P(k >= 3) = 0.051 > 0.025, so the 95% percentile interval is [0, 0.75].
    gain = paired_bootstrap(np.zeros(4), np.array([0.0, 0.0, 0.0, 1.0]), resamples=20000, seed=1)
    assert (gain.mean, gain.low, gain.high) == pytest.approx((0.25, 0.0, 0.75))
    assert gain.verdict == "unclear"
    assert paired_bootstrap(np.zeros(4), np.ones(4)).verdict == "hurts"
    again = paired_bootstrap(np.zeros(4), np.array([0.0, 0.0, 0.0, 1.0]), resamples=20000, seed=1)
    assert again == gain  # seeded


def test_coordinate_search_climbs_and_keeps_fixed_parts():
    target = {"occupation": 0.6, "title": 0.3, "skills": 0.0}

    def objective(weights):
        return -sum((weights[part] - value) ** 2 for part, value in target.items())

    start = {"occupation": 0.2, "title": 0.2, "skills": 0.5, "key_group": 0.1}
    tuned, path = coordinate_search(objective, start, fixed=("key_group",), min_gain=1e-6)
    assert tuned["key_group"] == 0.1
    assert sum(tuned.values()) == pytest.approx(1, abs=1e-3)
    assert tuned["skills"] == 0.0  # a part the objective does not want is set to 0, and shows in the path
    assert objective(tuned) > objective(start)
    assert [score for *_, score in path] == sorted(score for *_, score in path)

"""Recall and NDCG against planted hires, ablation, and the synthetic generator's shape."""

import numpy as np
import pytest

from jiuye.matching import synthetic
from jiuye.matching.config import load_config
from jiuye.matching.engine import Matches
from jiuye.matching.evaluation import evaluate, ranking_quality, recall_against


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

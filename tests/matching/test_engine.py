"""The pruned batch equals brute force (both directions, filters, province-wide) and ranks as the score says."""

import numpy as np
import pytest

from jiuye.matching import synthetic
from jiuye.matching.config import load_config
from jiuye.matching.engine import Matcher, brute_force, seekers_for_vacancies, vacancies_for_seekers
from jiuye.matching.scoring import prepare
from tests.matching.factories import context


def ranked_scores(matches, queries) -> dict[int, list[float]]:
    return {int(q): matches.score[matches.query == q].tolist() for q in queries}


def assert_same_top(pruned, reference, queries):
    got, expected = ranked_scores(pruned, queries), ranked_scores(reference, queries)
    assert sum(len(v) for v in expected.values()) > 0
    for q in queries:
        assert len(got[q]) == len(expected[q]), q
        np.testing.assert_allclose(got[q], expected[q], rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("province_wide", [False, True])
def test_pruned_top_k_equals_brute_force_both_directions(seed, province_wide):
    data = synthetic.generate(600, 250, seed=seed)
    ctx = prepare(data.seekers, data.vacancies, load_config(), data.today)
    for direction, k, queries in (
        ("vacancies_for_seeker", 20, np.arange(len(data.seekers))),
        ("seekers_for_vacancy", 50, np.flatnonzero(ctx.vacancy_ok)),
    ):
        matcher = Matcher(ctx, direction, province_wide=province_wide)
        pruned = matcher.run(k)
        reference = brute_force(ctx, direction, k, province_wide=province_wide)
        assert_same_top(pruned, reference, queries)
        np.testing.assert_array_equal(pruned.item, reference.item)  # ties too: the lower row first
        np.testing.assert_allclose(pruned.contributions.sum(axis=1), pruned.score, atol=1e-6)


@pytest.mark.parametrize(
    "rules",
    [
        {"evidence_parts": []},  # pairs sharing nothing may be offered: the fallback scores whole groups
        {"evidence_parts": ["occupation"]},
        {"evidence_parts": ["title", "location"]},  # a non-key part: pairs sharing no feature qualify too
        {"weights": {"title": 0, "skills": 0}},  # features with no weight still count as evidence
    ],
)
def test_pruned_top_k_equals_brute_force_under_other_rules(rules):
    data = synthetic.generate(400, 200, seed=5)
    ctx = prepare(data.seekers, data.vacancies, load_config(rules), data.today)
    for direction, k in (("vacancies_for_seeker", 10), ("seekers_for_vacancy", 20)):
        for province_wide in (False, True):
            pruned = Matcher(ctx, direction, province_wide=province_wide).run(k)
            reference = brute_force(ctx, direction, k, province_wide=province_wide)
            np.testing.assert_array_equal(pruned.query, reference.query)
            np.testing.assert_array_equal(pruned.item, reference.item)
            np.testing.assert_allclose(pruned.score, reference.score, rtol=0, atol=1e-12)


def test_only_the_given_queries_are_answered():
    data = synthetic.generate(300, 150, seed=6)
    ctx = prepare(data.seekers, data.vacancies, load_config(), data.today)
    queries = np.array([250, 3, 77])
    pruned = Matcher(ctx, "vacancies_for_seeker").run(5, queries=queries)
    reference = brute_force(ctx, "vacancies_for_seeker", 5, queries=queries)
    assert set(pruned.query.tolist()) <= set(queries.tolist())
    np.testing.assert_array_equal(pruned.item, reference.item)


def test_pruning_skips_most_pairs_when_occupations_decide():
    data = synthetic.generate(3000, 1500, seed=7)
    ctx = prepare(data.seekers, data.vacancies, load_config(), data.today)
    matcher = Matcher(ctx, "vacancies_for_seeker")
    matcher.run(5)
    scored = matcher.stats.candidate_pairs + matcher.stats.fallback_pairs
    assert scored < 0.5 * matcher.stats.reach_pairs


def test_vacancies_for_a_seeker_in_score_order_within_filters():
    ctx = context(
        [{}],
        [
            {"title": "会计", "skills": ["财务软件"]},
            {"title": "焊工"},
            {"title": "电焊工"},
            {"title": "电焊工", "open": False},
            {"title": "电焊工", "region": "140212"},  # Datong, outside the 50 km radius
        ],
    )
    matches = vacancies_for_seekers(ctx, 10)
    assert matches.item.tolist() == [2, 1]  # the accountant's job shares no occupation, title or skill: not offered
    assert matches.rank.tolist() == [1, 2]
    assert np.all(np.diff(matches.score) < 0)
    np.testing.assert_allclose(matches.contributions.sum(axis=1), matches.score, atol=1e-6)


def test_seekers_for_a_vacancy_puts_key_groups_first_when_otherwise_equal():
    rows = [
        {"id": "plain"},
        {"id": "graduate", "groups": ("unplaced_graduate",)},
        {"id": "veteran", "groups": ("veteran",)},
    ]
    ctx = context(rows, [{}])
    matches = seekers_for_vacancies(ctx, 3)
    assert [ctx.seekers.ids[i] for i in matches.item] == ["graduate", "veteran", "plain"]
    assert matches.score[0] - matches.score[2] == pytest.approx(0.05)
    assert matches.score[1] - matches.score[2] == pytest.approx(0.04)
    equal = context(rows, [{}], {"key_group_priority": {"unplaced_graduate": 0, "veteran": 0}})
    scores = seekers_for_vacancies(equal, 3).score
    assert scores.max() - scores.min() == pytest.approx(0.0)
    # The seeker's own list is not reordered by key groups (not in key_group_directions).
    assert vacancies_for_seekers(ctx, 1).score.tolist() == pytest.approx([scores[0]] * 3)


def test_both_directions_agree_on_pair_scores():
    data = synthetic.generate(400, 150, seed=11)
    ctx = prepare(data.seekers, data.vacancies, load_config({"weights": {"key_group": 0}}), data.today)
    forward = vacancies_for_seekers(ctx, 5)
    backward = seekers_for_vacancies(ctx, 400)
    scores = {(int(s), int(v)): x for s, v, x in zip(*backward.seeker_vacancy(), backward.score, strict=True)}
    for s, v, x in zip(*forward.seeker_vacancy(), forward.score, strict=True):
        assert scores[(int(s), int(v))] == pytest.approx(x)


def test_a_pair_with_nothing_in_common_is_offered_only_when_the_rule_is_off():
    rows = [{"title": "会计", "skills": ["财务软件"], "occupation": "2-06-01-01"}]
    assert len(vacancies_for_seekers(context([{}], rows), 10).item) == 0
    assert vacancies_for_seekers(context([{}], rows, {"evidence_parts": []}), 10).item.tolist() == [0]

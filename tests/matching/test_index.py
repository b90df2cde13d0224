"""The page index: exact top K for one seeker, kept right as vacancies open, change and close."""

import numpy as np
import pytest

from jiuye.matching import synthetic
from jiuye.matching.config import load_config
from jiuye.matching.engine import brute_force
from jiuye.matching.features import Seekers
from jiuye.matching.index import VacancyIndex
from jiuye.matching.scoring import prepare
from jiuye.matching.text import Labels, Tokens
from tests.matching.factories import TODAY, seekers, vacancies


def one(table: Seekers, row: int) -> Seekers:
    columns = {
        n: getattr(table, n)[row : row + 1] for n in Seekers.__dataclass_fields__ if n not in ("title", "skills")
    }
    return Seekers(
        title=Labels([table.title[row]], np.zeros(1, np.int32)),
        skills=Tokens.from_lists([table.skills.row(row)]),
        **columns,
    )


def test_index_equals_brute_force_on_random_data():
    data = synthetic.generate(300, 400, seed=5)
    config = load_config()
    index = VacancyIndex(data.vacancies, config, data.today)
    reference = brute_force(
        prepare(data.seekers, data.vacancies, config, data.today, text=index.text), "vacancies_for_seeker", 20
    )
    for s in range(0, 300, 7):
        got = [r.score for r in index.top_k_for(one(data.seekers, s), 20)]
        np.testing.assert_allclose(got, reference.score[reference.query == s], atol=1e-9)


def test_open_change_and_close():
    index = VacancyIndex(
        vacancies([{"id": "A", "title": "会计", "skills": ["财务软件"]}, {"id": "B", "title": "焊工"}]),
        load_config({"evidence_parts": []}),  # the accountant's job stays as a filler though it shares nothing
        TODAY,
        compact_at=2,
    )
    seeker = seekers([{}])
    assert [r.vacancy_id for r in index.top_k_for(seeker)] == ["B", "A"]
    index.add(vacancies([{"id": "C"}]))  # identical to the seeker's wishes: first
    assert [r.vacancy_id for r in index.top_k_for(seeker)] == ["C", "B", "A"]
    assert index.remove("B")
    assert not index.remove("B")
    assert [r.vacancy_id for r in index.top_k_for(seeker)] == ["C", "A"]
    index.add(vacancies([{"id": "C", "open": False}]))  # C filled: its new version is not open
    index.add(vacancies([{"id": "D", "title": "焊工"}]))  # third row in the delta: merged into the base
    assert index.delta is None
    assert [r.vacancy_id for r in index.top_k_for(seeker)] == ["D", "A"]
    assert len(index) == 2
    best = index.top_k_for(seeker, 1)[0]
    assert best.score == pytest.approx(best.contributions.sum())

"""The Django side of matching: tables from the database, the batch run stored and replaced, live
recommendations in both directions with key groups first, and the region scope of candidates."""

import datetime

import pytest

from jiuye.employers.enums import VacancyStatus
from jiuye.employers.models import Vacancy
from jiuye.matching import tables
from jiuye.matching.models import Direction, MatchRun, Recommendation
from jiuye.matching.selectors import candidates_for_vacancy, recommendations_for_registration
from jiuye.matching.services import matching_run
from jiuye.reference.enums import KeyGroup
from jiuye.seekers.enums import SeekerStatus
from tests.accounts.factories import UserFactory
from tests.employers.factories import VacancyFactory
from tests.people.factories import PersonFactory, enter
from tests.seekers.factories import SeekerRegistrationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 20)


def welder(region: str = "140105", **kwargs):
    """An active welder registration of a person living in ``region`` who accepts work there."""
    person = PersonFactory(residence_region_id=region, unemployed=True, **kwargs.pop("person", {}))
    defaults = {"registered_on": TODAY - datetime.timedelta(days=30), "expires_on": TODAY + datetime.timedelta(150)}
    registration = SeekerRegistrationFactory(person=person, **(defaults | kwargs))
    registration.desired_occupations.set(["6-18-02-04"])
    return registration


def vacancy(**kwargs):
    defaults = {"valid_from": TODAY - datetime.timedelta(days=10), "valid_until": TODAY + datetime.timedelta(60)}
    return VacancyFactory(**(defaults | kwargs))


@pytest.fixture
def market():
    """Two welders in Xiaodian (one a registered graduate) and one in Yingze; a welding job and a caster's job (the
    welder's minor group) in Xiaodian, a welding job in Yingze, and a closed welding job."""
    seekers = {
        "plain": welder(),
        "graduate": welder(),
        "yingze": welder("140106"),
    }
    enter(seekers["graduate"].person, KeyGroup.UNPLACED_GRADUATE, TODAY - datetime.timedelta(days=60))
    jobs = {
        "welder": vacancy(),
        "caster": vacancy(
            title="铸造工", occupation_id="6-18-02-01", skills="浇注、造型", wage_min=4000, wage_max=5000
        ),
        "yingze": vacancy(region_id="140106"),
        "closed": vacancy(status=VacancyStatus.CLOSED),
    }
    return seekers, jobs


def test_tables_hold_active_registrations_and_open_vacancies_in_few_queries(market, django_assert_max_num_queries):
    seekers, jobs = market
    welder(status=SeekerStatus.EXPIRED, expires_on=TODAY - datetime.timedelta(days=1))
    with django_assert_max_num_queries(4):
        seeker_rows = tables.seeker_table(tables.active_registrations(TODAY), TODAY)
    with django_assert_max_num_queries(1):
        vacancy_rows = tables.vacancy_table(tables.open_vacancies(TODAY))
    assert sorted(seeker_rows.ids.tolist()) == sorted(r.pk for r in seekers.values())
    assert sorted(vacancy_rows.ids.tolist()) == sorted(j.pk for k, j in jobs.items() if k != "closed")
    graduate_row = seeker_rows.row_of([seekers["graduate"].pk])[0]
    assert seeker_rows.seekers.key_groups[graduate_row] == 1  # bit 0: unplaced_graduate
    assert seeker_rows.region_codes[graduate_row] == "140105"
    assert tables.SeekerTable.row_of(seeker_rows, [10**9]).tolist() == [-1]


def test_vacancies_for_a_seeker_best_first_with_reasons(market):
    seekers, jobs = market
    matches = recommendations_for_registration(UserFactory(), seekers["plain"], today=TODAY)

    assert [m.vacancy for m in matches] == [jobs["welder"], jobs["caster"]]  # Yingze is not accepted, closed is shut
    best = matches[0]
    assert best.rank == 1
    assert best.can_open
    assert not best.referred
    assert best.score == pytest.approx(sum(r.contribution for r in best.reasons))
    reasons = {r.part: r for r in best.reasons}
    assert reasons["occupation"].text == "同一职业（细类）：焊工"
    assert reasons["occupation"].contribution == pytest.approx(0.12)
    assert reasons["location"].text == "同一县（市、区）"
    assert reasons["skills"].text.startswith("共同技能：")
    assert "识图" in reasons["skills"].text
    assert "key_group" not in reasons  # key groups count only when ranking seekers for a vacancy
    assert matches[1].score < best.score


def test_seekers_for_a_vacancy_key_groups_first_and_within_the_scope(market):
    seekers, jobs = market
    city = UserFactory(region="1401")
    matches = candidates_for_vacancy(city, jobs["welder"], today=TODAY)

    assert [m.registration for m in matches][:2] == [seekers["graduate"], seekers["plain"]]
    graduate = matches[0]
    assert graduate.key_groups == ["离校未就业高校毕业生"]
    reasons = {r.part: r for r in graduate.reasons}
    assert reasons["key_group"].contribution == pytest.approx(0.05)
    assert reasons["key_group"].text == "重点群体：离校未就业高校毕业生"
    assert graduate.score - matches[1].score == pytest.approx(0.05)  # the two are alike but for the key group
    assert graduate.phone[3:7] == "****"


def test_candidates_never_include_a_seeker_of_another_region(market):
    seekers, jobs = market
    yingze_job = jobs["yingze"]
    # the Yingze job within 50 km reaches Xiaodian seekers who accept Yingze, but a Yingze officer sees none of them
    for registration in (seekers["plain"], seekers["graduate"]):
        registration.accepted_regions.set(["140105", "140106"])
    yingze_officer = UserFactory(region="140106")
    city_officer = UserFactory(region="1401")

    seen = {m.registration.pk for m in candidates_for_vacancy(yingze_officer, yingze_job, today=TODAY)}
    assert seen == {seekers["yingze"].pk}
    tables.clear_cache()
    seen = {m.registration.pk for m in candidates_for_vacancy(city_officer, yingze_job, today=TODAY)}
    assert seen == {r.pk for r in seekers.values()}


def test_batch_run_stores_both_directions_and_replaces_the_earlier_rows(market):
    seekers, jobs = market
    run = matching_run(direction=Direction.VACANCIES_FOR_SEEKER, today=TODAY)

    assert (run.seekers, run.vacancies, run.recommendations) == (3, 3, 5)
    assert run.finished_at is not None
    assert set(run.durations) == {"tables", "ranking", "storing"}
    assert run.config["weights"]["occupation"] == 0.12
    rows = Recommendation.objects.filter(registration=seekers["plain"]).order_by("rank")
    assert [(r.vacancy_id, r.rank, r.region_code) for r in rows] == [
        (jobs["welder"].pk, 1, "140105"),
        (jobs["caster"].pk, 2, "140105"),
    ]
    assert rows[0].parts["occupation"] == 0.12
    assert rows[0].score == pytest.approx(sum(rows[0].parts.values()), abs=1e-3)

    seekers["plain"].status = SeekerStatus.WITHDRAWN
    seekers["plain"].save()
    again = matching_run(direction=Direction.VACANCIES_FOR_SEEKER, today=TODAY)
    assert again.recommendations == 3
    assert not Recommendation.objects.filter(registration=seekers["plain"]).exists()
    assert set(Recommendation.objects.values_list("run", flat=True)) == {again.pk}
    assert MatchRun.objects.count() == 2


def test_batch_run_for_vacancies_is_scoped_by_the_vacancy_region(market):
    seekers, jobs = market
    run = matching_run(direction=Direction.SEEKERS_FOR_VACANCY, today=TODAY, k=1)
    rows = Recommendation.objects.filter(run=run, direction=Direction.SEEKERS_FOR_VACANCY)
    assert {(r.vacancy_id, r.registration_id, r.region_code) for r in rows} == {
        (jobs["welder"].pk, seekers["graduate"].pk, "140105"),
        (jobs["caster"].pk, seekers["graduate"].pk, "140105"),
        (jobs["yingze"].pk, seekers["yingze"].pk, "140106"),
    }
    assert not rows.visible_to(UserFactory(region="140106")).filter(vacancy=jobs["welder"]).exists()


def test_dry_run_stores_nothing(market):
    run = matching_run(direction=Direction.VACANCIES_FOR_SEEKER, today=TODAY, commit=False)
    assert run.recommendations == 5
    assert not Recommendation.objects.exists()
    assert not MatchRun.objects.exists()


def test_live_index_is_updated_as_vacancies_open_change_and_close(market):
    seekers, jobs = market
    user = UserFactory()
    before = recommendations_for_registration(user, seekers["plain"], today=TODAY)
    index = tables._CACHE["vacancies"].index
    new = vacancy(title="电焊工", skills="电焊、识图", wage_max=9000)
    jobs["caster"].wage_max = 9500
    jobs["caster"].save()
    Vacancy.objects.filter(pk=jobs["welder"].pk).update(status=VacancyStatus.FILLED)  # no signal, no updated_at

    after = recommendations_for_registration(user, seekers["plain"], today=TODAY)
    assert [m.vacancy for m in before] == [jobs["welder"], jobs["caster"]]
    assert [m.vacancy for m in after] == [new, jobs["caster"]]
    assert "9500" in {r.part: r for r in after[1].reasons}["wage"].text
    assert tables._CACHE["vacancies"].index is index  # updated in place, not rebuilt


def test_live_failure_falls_back_to_the_stored_run(market, monkeypatch):
    seekers, jobs = market
    matching_run(direction=Direction.VACANCIES_FOR_SEEKER, today=TODAY)
    matching_run(direction=Direction.SEEKERS_FOR_VACANCY, today=TODAY)

    def broken(*args, **kwargs):
        raise ValueError("engine failure")

    monkeypatch.setattr("jiuye.matching.index.VacancyIndex.top_k_for", broken)
    monkeypatch.setattr("jiuye.matching.selectors.score_pairs", broken)
    matches = recommendations_for_registration(UserFactory(), seekers["plain"], today=TODAY)
    assert [(m.rank, m.vacancy) for m in matches] == [(1, jobs["welder"]), (2, jobs["caster"])]
    assert {r.part: r.contribution for r in matches[0].reasons}["occupation"] == 0.12
    yingze_officer = UserFactory(region="140106")
    stored = candidates_for_vacancy(yingze_officer, jobs["yingze"], today=TODAY)
    assert [m.registration for m in stored] == [seekers["yingze"]]

"""Labour status by the NBS and ILO rules, on hand-made answers."""

import json

import numpy as np
import pytest

from jiuye.lfs.labour_status import (
    BELOW_WORKING_AGE,
    EMPLOYED,
    OUTSIDE_LABOUR_FORCE,
    PROFILES,
    RULES_FILE,
    UNEMPLOYED,
    MissingAnswerError,
    labour_status,
    unemployed_and_labour_force,
)

# One person per column: (age, worked, absent, searched 3 months, searched 4 weeks, available)
PEOPLE = {
    "worked an hour": (30, 1, 0, 0, 0, 0),
    "on leave": (45, 0, 1, 0, 0, 0),
    "worked and searched": (28, 1, 0, 1, 1, 1),
    "searched this month, available": (22, 0, 0, 1, 1, 1),
    "searched 2 months ago, available": (35, 0, 0, 1, 0, 1),
    "searched, not available": (40, 0, 0, 1, 1, 0),
    "available, not searching": (50, 0, 0, 0, 0, 1),
    "retired": (70, 0, 0, 0, 0, 0),
    "15, searching": (15, 0, 0, 1, 1, 1),
    "15, working": (15, 1, 0, 0, 0, 0),
    "just 16, searching": (16, 0, 0, 1, 1, 1),
}
NBS = {
    "worked an hour": EMPLOYED,
    "on leave": EMPLOYED,
    "worked and searched": EMPLOYED,
    "searched this month, available": UNEMPLOYED,
    "searched 2 months ago, available": UNEMPLOYED,
    "searched, not available": OUTSIDE_LABOUR_FORCE,
    "available, not searching": OUTSIDE_LABOUR_FORCE,
    "retired": OUTSIDE_LABOUR_FORCE,
    "15, searching": BELOW_WORKING_AGE,
    "15, working": BELOW_WORKING_AGE,
    "just 16, searching": UNEMPLOYED,
}
# The ILO rule differs only where the search was more than 4 weeks ago.
ILO = NBS | {"searched 2 months ago, available": OUTSIDE_LABOUR_FORCE}


def _answers(people=PEOPLE, *, four_weeks=True):
    columns = np.array(list(people.values())).T
    answers = {
        "worked_last_week": columns[1],
        "temporarily_absent": columns[2],
        "searched_last_3_months": columns[3],
        "available_within_2_weeks": columns[5],
    }
    if four_weeks:
        answers["searched_last_4_weeks"] = columns[4].astype(float)
    return answers, columns[0]


@pytest.mark.parametrize(("profile", "expected"), [("nbs", NBS), ("ilo", ILO)])
def test_each_person_gets_the_status_the_definition_gives(profile, expected):
    answers, age = _answers()
    status = labour_status(answers, age=age, profile=profile)
    assert dict(zip(PEOPLE, status.tolist(), strict=True)) == expected


def test_nbs_needs_no_four_week_question():
    answers, age = _answers(four_weeks=False)
    assert labour_status(answers, age=age, profile="nbs").tolist() == list(NBS.values())


def test_ilo_without_the_four_week_question_is_a_clear_error():
    answers, age = _answers(four_weeks=False)
    with pytest.raises(MissingAnswerError, match="searched_last_4_weeks") as raised:
        labour_status(answers, age=age, profile="ilo")
    # Only people of working age who are not employed need the answer: 6 of the 11 here.
    assert raised.value.positions.tolist() == [3, 4, 5, 6, 7, 10]
    assert "近4周内找过工作" in str(raised.value)


def test_ilo_needs_the_answer_only_where_the_status_depends_on_it():
    answers, age = _answers()
    answers["searched_last_4_weeks"][[0, 1, 8]] = np.nan  # employed, employed, under 16
    assert labour_status(answers, age=age, profile="ilo").tolist() == list(ILO.values())
    answers["searched_last_4_weeks"][3] = np.nan  # a job-seeker
    with pytest.raises(MissingAnswerError, match="第4条记录"):
        labour_status(answers, age=age, profile="ilo")


def test_answers_may_be_booleans_or_objects_with_none():
    answers, age = _answers()
    answers = {key: value.astype(bool) if key != "searched_last_4_weeks" else value for key, value in answers.items()}
    answers["searched_last_4_weeks"] = np.array([None if v != v else int(v) for v in answers["searched_last_4_weeks"]])
    assert labour_status(answers, age=age, profile="ilo").tolist() == list(ILO.values())


def test_indicators_for_the_rate_are_floats_of_unemployed_and_labour_force():
    answers, age = _answers()
    unemployed, labour_force = unemployed_and_labour_force(answers, age=age, profile="nbs")
    assert unemployed.dtype == float
    assert unemployed.sum() == 3
    assert labour_force.sum() == 6
    assert not (unemployed > labour_force).any()


def test_unknown_profile_is_refused():
    answers, age = _answers()
    with pytest.raises(ValueError, match="unknown labour-status profile"):
        labour_status(answers, age=age, profile="oecd")


def test_every_rule_is_data_with_its_source():
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    assert set(data["profiles"]) == set(PROFILES) == {"nbs", "ilo"}
    nbs, ilo = PROFILES["nbs"], PROFILES["ilo"]
    assert nbs.minimum_age == ilo.minimum_age == 16
    assert "劳动力调查制度" in nbs.employed.source
    assert "近3个月" in nbs.unemployed.source
    assert nbs.unemployed.questions == ("searched_last_3_months", "available_within_2_weeks")
    assert "19th ICLS" in ilo.employed.source
    assert "para. 27" in ilo.employed.source
    assert "para. 47" in ilo.unemployed.source
    assert ilo.unemployed.questions == ("searched_last_4_weeks", "available_within_2_weeks")

"""Labour status (employed, unemployed, outside the labour force) from survey answers, by rules held as data.

The rules are in `data/labour_status.json`, one profile per definition, each rule with its source:

- `nbs`, the National Bureau of Statistics (国家统计局《劳动力调查制度》, the definition behind 城镇调查失业率):
  aged 16 and over; employed if worked at least one hour for pay or profit in the reference week or temporarily absent
  from a job; unemployed if not employed, searched for work in the last 3 months and available within 2 weeks.
- `ilo`, the 19th International Conference of Labour Statisticians (Resolution concerning statistics of work,
  employment and labour underutilization, 2013, paras 27 and 47): the same employment rule; unemployed if not
  employed, searched in the last 4 weeks (the optional answer `searched_last_4_weeks`) and available.

Everything else of working age is outside the labour force; younger people are below working age. Plain functions
over numpy arrays, without Django, so that the web, the commands and the benchmark share them:

>>> import numpy as np
>>> answers = {"worked_last_week": np.array([1, 0, 0]), "temporarily_absent": np.array([0, 0, 0]),
...            "searched_last_3_months": np.array([0, 1, 1]), "available_within_2_weeks": np.array([0, 1, 0])}
>>> labour_status(answers, age=np.array([30, 22, 45]), profile="nbs").tolist()
[1, 2, 3]
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

RULES_FILE = Path(__file__).resolve().parent / "data" / "labour_status.json"

BELOW_WORKING_AGE, EMPLOYED, UNEMPLOYED, OUTSIDE_LABOUR_FORCE = 0, 1, 2, 3
STATUS_NAMES = {
    BELOW_WORKING_AGE: "below_working_age",
    EMPLOYED: "employed",
    UNEMPLOYED: "unemployed",
    OUTSIDE_LABOUR_FORCE: "outside_labour_force",
}


class MissingAnswerError(ValueError):
    """A rule needs an answer the data do not have for some people: the ILO profile without `searched_last_4_weeks`.
    `positions` are the 0-based positions of those people in the arrays."""

    def __init__(self, profile: "Profile", question: str, positions: np.ndarray) -> None:
        self.question, self.positions = question, positions
        shown = "、".join(str(position + 1) for position in positions[:5])
        more = "等" if len(positions) > 5 else ""
        super().__init__(
            f"按{profile.label}判定劳动力状态需要“{question}”（{QUESTIONS.get(question, question)}），"
            f"有{len(positions)}人缺少这一项（第{shown}{more}条记录）；该口径无法计算，请改用其他口径或补充该列。"
        )


@dataclass(frozen=True)
class Rule:
    """True for a person when any (`any_of`) or all (`all_of`) of the named 0/1 answers are 1."""

    questions: tuple[str, ...]
    combine: str  # "any_of" or "all_of"
    source: str


@dataclass(frozen=True)
class Profile:
    code: str
    label: str
    minimum_age: int
    minimum_age_source: str
    employed: Rule
    unemployed: Rule

    @property
    def questions(self) -> tuple[str, ...]:
        return (*self.employed.questions, *self.unemployed.questions)


def _rule(data: dict, known: Mapping[str, str]) -> Rule:
    (combine,) = [key for key in ("any_of", "all_of") if key in data]
    unknown = [question for question in data[combine] if question not in known]
    if unknown:
        raise ValueError(f"labour_status.json names unknown questions: {unknown}")
    return Rule(questions=tuple(data[combine]), combine=combine, source=data["source"])


@cache
def _load() -> tuple[dict[str, str], dict[str, Profile]]:
    data = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    questions = data["questions"]
    profiles = {
        code: Profile(
            code=code,
            label=profile["label"],
            minimum_age=int(profile["minimum_age"]),
            minimum_age_source=profile["minimum_age_source"],
            employed=_rule(profile["employed"], questions),
            unemployed=_rule(profile["unemployed"], questions),
        )
        for code, profile in data["profiles"].items()
    }
    return questions, profiles


QUESTIONS, PROFILES = _load()


def get_profile(code: str) -> Profile:
    if code not in PROFILES:
        raise ValueError(f"unknown labour-status profile {code!r}; known: {', '.join(PROFILES)}")
    return PROFILES[code]


def _answer(answers: Mapping[str, object], question: str, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The answer as booleans, and where it is missing (NaN in a float array, None in an object array, or the whole
    answer absent)."""
    values = answers.get(question)
    if values is None:
        return np.zeros(size, dtype=bool), np.ones(size, dtype=bool)
    array = np.asarray(values)
    if array.dtype.kind == "f":
        missing = np.isnan(array)
        return np.where(missing, 0, array) == 1, missing
    if array.dtype.kind == "O":
        missing = np.array([value is None for value in array], dtype=bool)
        return np.array([value == 1 and value is not None for value in array], dtype=bool), missing
    return array.astype(int) == 1, np.zeros(size, dtype=bool)


def _apply(rule: Rule, profile: Profile, answers: Mapping[str, object], among: np.ndarray) -> np.ndarray:
    """The rule for every person; raises when an answer it needs is missing for someone in `among`."""
    size = len(among)
    result = np.zeros(size, dtype=bool) if rule.combine == "any_of" else np.ones(size, dtype=bool)
    for question in rule.questions:
        value, missing = _answer(answers, question, size)
        needed = missing & among
        if needed.any():
            raise MissingAnswerError(profile, question, np.flatnonzero(needed))
        result = (result | value) if rule.combine == "any_of" else (result & value)
    return result


def labour_status(answers: Mapping[str, object], *, age: np.ndarray, profile: str = "nbs") -> np.ndarray:
    """The labour status of each person (`EMPLOYED`, `UNEMPLOYED`, `OUTSIDE_LABOUR_FORCE`, `BELOW_WORKING_AGE`).

    Parameters
    ----------
    answers : mapping of question name to an array of 0/1 answers, as the microdata columns name them
    age : array of ages in completed years
    profile : "nbs" or "ilo", a profile of `data/labour_status.json`

    Raises
    ------
    MissingAnswerError
        when an answer the profile needs is missing for someone of working age whose status depends on it (the
        4-week search question is needed only for people of working age who are not employed).
    """
    rules = get_profile(profile)
    working_age = np.asarray(age) >= rules.minimum_age
    employed = _apply(rules.employed, rules, answers, working_age) & working_age
    unemployed = _apply(rules.unemployed, rules, answers, working_age & ~employed) & working_age & ~employed
    status = np.full(len(working_age), OUTSIDE_LABOUR_FORCE, dtype=np.int8)
    status[employed] = EMPLOYED
    status[unemployed] = UNEMPLOYED
    status[~working_age] = BELOW_WORKING_AGE
    return status


def unemployed_and_labour_force(
    answers: Mapping[str, object], *, age: np.ndarray, profile: str = "nbs"
) -> tuple[np.ndarray, np.ndarray]:
    """The two 0/1 indicators whose weighted totals make the unemployment rate: unemployed, and in the labour force
    (employed or unemployed), as floats for the estimators."""
    status = labour_status(answers, age=age, profile=profile)
    unemployed = status == UNEMPLOYED
    return unemployed.astype(float), (unemployed | (status == EMPLOYED)).astype(float)

"""The rules officials change (working age, the graduate "1131" standard, worklist thresholds, the job-seeker
registration), read from `data/rules.json` so that a change is an edit of data, reviewed like code, not a change
of code."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).resolve().parent / "data" / "rules.json"


@dataclass(frozen=True)
class StandardItem:
    code: str
    label: str
    kinds: tuple[str, ...]
    required: int


@cache
def rules() -> dict:
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def working_age(sex: str) -> tuple[int, int]:
    """Ages [from, to) at which a person of this sex (GB/T 2261.1 code) counts as of working age."""
    low, high = rules()["working_age"][sex]
    return low, high


def graduate_standard() -> list[StandardItem]:
    return [
        StandardItem(code=item["code"], label=item["label"], kinds=tuple(item["kinds"]), required=item["required"])
        for item in rules()["graduate_standard"]["items"]
    ]


def worklist_days(name: str) -> int:
    return int(rules()["worklists"][name])


@dataclass(frozen=True)
class SeekerRule:
    """The job-seeker registration rule (求职登记): who may register, how long it lasts, when it may be renewed."""

    minimum_age: int
    validity_months: int
    renewal_window_days: int
    employed_may_register: bool


def seeker_rule() -> SeekerRule:
    rule = rules()["seeker_registration"]
    return SeekerRule(
        minimum_age=int(rule["minimum_age"]),
        validity_months=int(rule["validity_months"]),
        renewal_window_days=int(rule["renewal_window_days"]),
        employed_may_register=bool(rule["employed_may_register"]),
    )

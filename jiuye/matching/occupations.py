"""The 2022 occupation classification as the matcher needs it: names, levels, and job titles to codes.

Codes are ``major-medium-minor-detail`` such as ``6-18-02-04``; two records match at the detailed level when the
codes are equal, at the minor group when the first 7 characters are (``6-18-02``), at the medium group when the
first 4 are (``6-18``). A title without a code gets one from the job-title dictionary (occupation_aliases.csv) or
from an occupation's own name.
"""

import csv
from functools import lru_cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "reference" / "data"
LEVEL_LENGTHS = {"detail": 10, "minor": 7, "medium": 4}


@lru_cache(maxsize=1)
def occupation_names() -> dict[str, str]:
    with (DATA / "occupations.csv").open(encoding="utf-8") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def title_dictionary() -> dict[str, str]:
    """Job title -> detailed occupation code: the aliases, then the detailed occupations' own names."""
    names = {name: code for code, name in occupation_names().items() if len(code) == LEVEL_LENGTHS["detail"]}
    with (DATA / "occupation_aliases.csv").open(encoding="utf-8") as handle:
        aliases = {row["alias"]: row["code"] for row in csv.DictReader(handle)}
    return {**names, **aliases}


def infer_codes(codes: list[str], titles: list[str]) -> list[str]:
    """Fill missing occupation codes from the title dictionary (exact title); unknown stays ""."""
    dictionary = title_dictionary()
    return [code or dictionary.get(title, "") for code, title in zip(codes, titles, strict=True)]


def occupation_levels(codes: list[str]) -> np.ndarray:
    """Integers for the detailed, minor and medium group of each code (n x 3), -1 where not known to that level.

    ``6-18-02-04`` -> detail 6180204, minor 61802, medium 618: comparing integers is how pairs are scored.
    """
    levels = np.full((len(codes), 3), -1, dtype=np.int32)
    for row, code in enumerate(codes):
        parts = code.split("-") if code else []
        if len(parts) < 2 or not all(part.isdigit() for part in parts):
            continue
        medium = int(parts[0]) * 100 + int(parts[1])
        levels[row, 2] = medium
        if len(parts) >= 3:
            levels[row, 1] = medium * 100 + int(parts[2])
        if len(parts) >= 4:
            levels[row, 0] = levels[row, 1] * 100 + int(parts[3])
    return levels


def group_name(code: str) -> str:
    return occupation_names().get(code, code)


def level_code(value: int, level: str) -> str:
    """The code string of a level integer from `occupation_levels`: 61802 at "minor" -> "6-18-02"."""
    digits = str(int(value))
    parts = [digits[0], digits[1:3]]
    if level in ("minor", "detail"):
        parts.append(digits[3:5])
    if level == "detail":
        parts.append(digits[5:7])
    return "-".join(parts)

"""Builders of small `Seekers` and `Vacancies` tables for the engine's tests (pure data, no database).

Each takes a list of dicts overriding the defaults, e.g. ``seekers([{"title": "电焊工"}, {"region": "140106"}])``.
"""

import numpy as np

from jiuye.matching.config import load_config
from jiuye.matching.features import Seekers, Vacancies
from jiuye.matching.scoring import prepare

TODAY = np.datetime64("2026-11-27")
SEEKER_DEFAULTS = {
    "title": "电焊工",
    "skills": ["焊接", "识图"],
    "region": "140105",
    "wage": 4500.0,
    "education": "vocational_secondary",
    "experience": 3.0,
    "occupation": "",
    "groups": (),
    "accepted": (),
    "radius": np.nan,
}
VACANCY_DEFAULTS = {
    "title": "电焊工",
    "skills": ["焊接", "识图"],
    "region": "140105",
    "low": 4000.0,
    "high": 5000.0,
    "education": None,
    "experience": 0.0,
    "occupation": "",
    "posted": TODAY,
    "valid_until": TODAY + np.timedelta64(30, "D"),
    "open": True,
}


def seekers(rows: list[dict]) -> Seekers:
    rows = [{**SEEKER_DEFAULTS, **row} for row in rows]
    return Seekers.build(
        ids=[row.get("id", f"S{i + 1}") for i, row in enumerate(rows)],
        titles=[r["title"] for r in rows],
        skills=[r["skills"] for r in rows],
        region_codes=[r["region"] for r in rows],
        expected_wage=[r["wage"] for r in rows],
        education=[r["education"] for r in rows],
        experience_years=[r["experience"] for r in rows],
        occupation_codes=[r["occupation"] for r in rows],
        key_groups=[r["groups"] for r in rows],
        accepted_regions=[r["accepted"] for r in rows],
        commute_radius_km=[r["radius"] for r in rows],
    )


def vacancies(rows: list[dict]) -> Vacancies:
    rows = [{**VACANCY_DEFAULTS, **row} for row in rows]
    return Vacancies.build(
        ids=[row.get("id", f"V{i + 1}") for i, row in enumerate(rows)],
        titles=[r["title"] for r in rows],
        skills=[r["skills"] for r in rows],
        region_codes=[r["region"] for r in rows],
        wage_min=[r["low"] for r in rows],
        wage_max=[r["high"] for r in rows],
        education=[r["education"] for r in rows],
        experience_years=[r["experience"] for r in rows],
        occupation_codes=[r["occupation"] for r in rows],
        posted=[r["posted"] for r in rows],
        valid_until=[r["valid_until"] for r in rows],
        is_open=[r["open"] for r in rows],
    )


def context(seeker_rows: list[dict], vacancy_rows: list[dict], overrides: dict | None = None):
    return prepare(seekers(seeker_rows), vacancies(vacancy_rows), load_config(overrides), TODAY)

"""Matching from files, for analysts: read two CSV files, rank, write one CSV (behind `manage.py match_files`)."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jiuye.matching.config import MatchConfig
from jiuye.matching.csvio import read_seekers, read_vacancies, write_matches
from jiuye.matching.engine import vacancies_for_seekers
from jiuye.matching.scoring import prepare


@dataclass(frozen=True)
class FileMatchSummary:
    seekers: int
    vacancies: int
    rows: int


def match_files(
    *,
    seekers_path: Path,
    vacancies_path: Path,
    out_path: Path,
    top: int,
    config: MatchConfig,
    today: np.datetime64,
    province_wide: bool = False,
) -> FileMatchSummary:
    """Top ``top`` vacancies for every seeker of ``seekers_path``, written to ``out_path`` with each part's
    contribution. Raises `jiuye.matching.csvio.MatchInputError` (file, line, field) on bad input."""
    if top < 1:
        raise ValueError("--top 必须是正整数")
    seekers, vacancies = read_seekers(seekers_path), read_vacancies(vacancies_path)
    context = prepare(seekers, vacancies, config, today)
    matches = vacancies_for_seekers(context, top, province_wide=province_wide)
    rows = write_matches(out_path, matches, seekers, vacancies)
    return FileMatchSummary(len(seekers), len(vacancies), rows)

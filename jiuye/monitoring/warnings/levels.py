"""The three-level region/industry warning (III yellow, II orange, I red, or none), on thresholds held as data.

The thresholds live in jiuye/monitoring/data/warning_levels.json (provisional defaults and their rationale), so the
province changes a file, not the code. Level codes follow the glossary's warning_level colours.
"""

import itertools
import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "warning_levels.json"


class WarningLevel(StrEnum):
    NONE = "none"
    YELLOW = "yellow"  # III级
    ORANGE = "orange"  # II级
    RED = "red"  # I级


@dataclass(frozen=True)
class LevelThreshold:
    level: WarningLevel
    grade: str
    label: str
    job_loss_rate_percent: float
    flagged_enterprises: int


@dataclass(frozen=True)
class WarningLevels:
    """Thresholds from the lowest level (yellow) to the highest (red)."""

    levels: tuple[LevelThreshold, ...]

    def threshold(self, level: WarningLevel) -> LevelThreshold:
        return next(entry for entry in self.levels if entry.level == level)


def load_warning_levels(path: Path | str = DEFAULT_PATH) -> WarningLevels:
    """Read the level thresholds, checking that each level is stricter than the one below on both criteria."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    levels = tuple(
        LevelThreshold(
            level=WarningLevel(entry["level"]),
            grade=entry["grade"],
            label=entry["label"],
            job_loss_rate_percent=float(entry["job_loss_rate_percent"]),
            flagged_enterprises=int(entry["flagged_enterprises"]),
        )
        for entry in data["levels"]
    )
    if [entry.level for entry in levels] != [WarningLevel.YELLOW, WarningLevel.ORANGE, WarningLevel.RED]:
        raise ValueError(f"{path}: levels must be yellow, orange, red in that order")
    for lower, higher in itertools.pairwise(levels):
        if not (
            lower.job_loss_rate_percent < higher.job_loss_rate_percent
            and lower.flagged_enterprises < higher.flagged_enterprises
        ):
            raise ValueError(f"{path}: {higher.level} must have higher thresholds than {lower.level}")
    return WarningLevels(levels=levels)


def level_for(job_loss_rate: float, flagged_enterprises: int, thresholds: WarningLevels) -> WarningLevel:
    """The highest level whose job-loss rate OR flagged-enterprise count is reached (≥), else `WarningLevel.NONE`.

    Parameters
    ----------
    job_loss_rate : float
        People reduced for any reason in the month over the previous headcount, in percent (2.0 means 2%).
    flagged_enterprises : int
        Enterprises of the region or industry flagged by any enterprise-level rule this period.
    thresholds : WarningLevels
        From `load_warning_levels()`.

    Returns
    -------
    WarningLevel
        none, yellow (III), orange (II) or red (I); `thresholds.threshold(level)` gives its grade, label and limits.
        Example with the provisional defaults: a county losing 2.6% of its jobs with 2 flagged enterprises is
        orange (II级).
    """
    reached = WarningLevel.NONE
    for threshold in thresholds.levels:
        if job_loss_rate >= threshold.job_loss_rate_percent or flagged_enterprises >= threshold.flagged_enterprises:
            reached = threshold.level
    return reached


def job_loss_rate(reduced: int, previous_headcount: int) -> float:
    """岗位流失率 in percent: people reduced for any reason over the previous headcount, 0.0 for an empty panel.

    Example (issue 5's published month): 604 reduced, 76,443 jobs the month before → 0.79%.
    """
    return 100 * reduced / previous_headcount if previous_headcount else 0.0


def level_figures(
    job_loss_rate: float, flagged_enterprises: int, thresholds: WarningLevels, *, region: str | None = None
) -> dict[str, int | float | str] | None:
    """The region/industry warning with the figures `explain("region_level", ...)` needs, or None below yellow."""
    level = level_for(job_loss_rate, flagged_enterprises, thresholds)
    if level == WarningLevel.NONE:
        return None
    threshold = thresholds.threshold(level)
    figures: dict[str, int | float | str] = {
        "level": str(level),
        "grade": threshold.grade,
        "label": threshold.label,
        "job_loss_rate": round(job_loss_rate, 2),
        "flagged_enterprises": flagged_enterprises,
        "job_loss_rate_threshold": threshold.job_loss_rate_percent,
        "flagged_enterprises_threshold": threshold.flagged_enterprises,
    }
    if region is not None:
        figures["region"] = region
    return figures

"""Matching rules as data: weights, credits and decay rates from data/matching.json, overridden by a dict.

The Django setting ``MATCHING`` is passed as ``overrides`` by the Django side; this module imports nothing from
Django so the engine runs on plain arrays (and in ``match_files`` for analysts).

Example: ``load_config({"weights": {"location": 0.3}})`` keeps every other weight and changes only location.
"""

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DATA_FILE = Path(__file__).resolve().parent / "data" / "matching.json"

#: The parts of a score in display order; ``key_group`` only counts in the directions the config names.
PARTS = ("occupation", "title", "skills", "location", "wage", "education", "experience", "freshness", "key_group")
SEEKERS_FOR_VACANCY = "seekers_for_vacancy"
VACANCIES_FOR_SEEKER = "vacancies_for_seeker"


class ConfigError(ValueError):
    """A matching setting that cannot be used (unknown part, negative weight...)."""


@dataclass(frozen=True)
class MatchConfig:
    """The rules the engine applies; see data/matching.json for the meaning of each value."""

    weights: dict[str, float]
    occupation_credits: dict[str, float]
    location: dict[str, float]
    wage: dict[str, float]
    education: dict[str, float]
    experience: dict[str, float]
    freshness: dict[str, float]
    key_group_priority: dict[str, float]
    key_group_directions: tuple[str, ...]
    evidence_parts: tuple[str, ...]
    default_commute_radius_km: float
    top_vacancies_per_seeker: int
    top_seekers_per_vacancy: int
    extra: dict[str, Any] = field(default_factory=dict)

    def weight(self, part: str) -> float:
        return float(self.weights.get(part, 0.0))

    def direction_weights(self, direction: str, weights: dict[str, float] | None = None) -> list[float]:
        """The weights in `PARTS` order (``weights``: others to try instead of the configured ones), with the key
        group at 0 in a direction the rules do not give it."""
        chosen = self.weights if weights is None else weights
        return [
            0.0 if part == "key_group" and direction not in self.key_group_directions else float(chosen.get(part, 0.0))
            for part in PARTS
        ]


def _merge(base: dict, overrides: dict) -> dict:
    merged = copy.deepcopy(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _validate(raw: dict) -> None:
    unknown = set(raw["weights"]) - set(PARTS)
    if unknown:
        raise ConfigError(f"未知的匹配得分项：{', '.join(sorted(unknown))}")
    for part, value in raw["weights"].items():
        if not isinstance(value, int | float) or value < 0:
            raise ConfigError(f"得分项 {part} 的权重必须是非负数，现为 {value!r}")
    unknown = set(raw.get("evidence_parts", ())) - set(PARTS)
    if unknown:
        raise ConfigError(f"evidence_parts 中有未知的得分项：{', '.join(sorted(unknown))}")
    credits = raw["occupation_credits"]
    if not credits["detail"] >= credits["minor"] >= credits["medium"] >= 0:
        raise ConfigError("职业匹配分值必须满足 细类 ≥ 小类 ≥ 中类 ≥ 0")
    if raw["location"]["half_distance_km"] <= 0 or raw["freshness"]["half_life_days"] <= 0:
        raise ConfigError("距离半衰距离和岗位新鲜度半衰期必须大于0")


def load_config(overrides: dict | None = None, path: Path = DATA_FILE) -> MatchConfig:
    """Read the rules from ``path`` and apply ``overrides`` (nested dicts merge key by key)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw.pop("_comment", None)
    raw = _merge(raw, overrides or {})
    _validate(raw)
    known = {name for name in MatchConfig.__dataclass_fields__ if name != "extra"}
    return MatchConfig(
        **{name: raw[name] for name in known if name not in ("key_group_directions", "evidence_parts")},
        key_group_directions=tuple(raw["key_group_directions"]),
        evidence_parts=tuple(raw.get("evidence_parts", ())),
        extra={key: value for key, value in raw.items() if key not in known},
    )

"""Warnings of mass unemployment risk: enterprise rules, region/industry levels and their explanations (pure)."""

from jiuye.monitoring.warnings.explain import EWMA, REGION_LEVEL, explain
from jiuye.monitoring.warnings.levels import (
    WarningLevel,
    WarningLevels,
    job_loss_rate,
    level_figures,
    level_for,
    load_warning_levels,
)
from jiuye.monitoring.warnings.rules import (
    ECONOMIC_LAYOFF,
    HIDDEN_UNEMPLOYMENT_RISE,
    LARGE_REDUCTION,
    MISSING_WHILE_SHRINKING,
    RuleHits,
    Thresholds,
    economic_layoff,
    hidden_unemployment_rise,
    large_reduction,
    missing_while_shrinking,
)

__all__ = [
    "ECONOMIC_LAYOFF",
    "EWMA",
    "HIDDEN_UNEMPLOYMENT_RISE",
    "LARGE_REDUCTION",
    "MISSING_WHILE_SHRINKING",
    "REGION_LEVEL",
    "RuleHits",
    "Thresholds",
    "WarningLevel",
    "WarningLevels",
    "economic_layoff",
    "explain",
    "hidden_unemployment_rise",
    "job_loss_rate",
    "large_reduction",
    "level_figures",
    "level_for",
    "load_warning_levels",
    "missing_while_shrinking",
]

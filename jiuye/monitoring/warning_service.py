"""Evaluate the warnings of a period from the database: the Django side of the pure rules in `warnings/`.

Two queries load the panel and the reports of the period and the twelve before it (enough for the three-month
large-reduction window, the missing-while-shrinking gap and a twelve-month EWMA baseline); two more fetch region and
industry names. The rest is numpy: the enterprise rules, then per county, city, province and industry section the
job-loss rate and the number of flagged enterprises → `level_for`, and the EWMA signal on each region's monthly
job-loss-rate series.
"""

from collections import defaultdict
from dataclasses import asdict, dataclass, field

import numpy as np
from django.conf import settings
from django.db.models import Q

from jiuye.monitoring import qc
from jiuye.monitoring.aggregates import REGION_DIGITS
from jiuye.monitoring.enums import REDUCTION_FIELDS, ReportStatus
from jiuye.monitoring.ewma import DEFAULT_BASELINE_PERIODS, ewma_signal_for_series
from jiuye.monitoring.models import PERIOD_VALIDATOR, MonitoredEnterprise, MonthlyReport
from jiuye.monitoring.warnings import (
    EWMA,
    REGION_LEVEL,
    Thresholds,
    WarningLevels,
    economic_layoff,
    explain,
    hidden_unemployment_rise,
    job_loss_rate,
    large_reduction,
    level_figures,
    load_warning_levels,
    missing_while_shrinking,
)
from jiuye.reference.models import Industry, Region

HISTORY_PERIODS = DEFAULT_BASELINE_PERIODS + 1


@dataclass
class WarningsResult:
    """What `manage.py monitoring_warnings` prints: flagged enterprises, then region and industry warnings."""

    period: str
    region: str
    enterprises: list[dict] = field(default_factory=list)
    regions: list[dict] = field(default_factory=list)
    industries: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)


@dataclass
class _Panel:
    """The region's panel as arrays: one row per enterprise, one column per period (oldest first)."""

    periods: list[str]
    uscc: list[str]
    names: list[str]
    regions: list[str]
    sections: list[str]
    reported: np.ndarray
    previous: np.ndarray
    current: np.ndarray
    reduced: np.ndarray
    layoff: np.ndarray
    hidden: np.ndarray


def warning_thresholds() -> Thresholds:
    """The `Thresholds` defaults, overridden by the setting MONITORING_WARNING_THRESHOLDS (a dict) where set."""
    return Thresholds(**getattr(settings, "MONITORING_WARNING_THRESHOLDS", {}))


def warnings_evaluate(*, period: str, region_code: str = "14") -> WarningsResult:
    """All warnings of `period` for the monitored enterprises inside `region_code` (a prefix: 14, 1401, 140105).

    Regions are evaluated at and below `region_code` only: asked for Taiyuan, a province level built from Taiyuan
    alone would mislead. Reports returned for correction count as reported but their figures are left out.
    Region and industry items are the level warning (rule `region_level`, level yellow/orange/red; none is not
    listed) and the EWMA signal (rule `ewma`, level None: a statistical signal, not a graded level), listed only
    when the job-loss rate rises above the chart's upper limit. A month without reports in a region's series
    counts as a rate of 0.
    """
    PERIOD_VALIDATOR(period)
    thresholds = warning_thresholds()
    panel = _panel_load(period, region_code)
    result = WarningsResult(period=period, region=region_code)
    flagged = _enterprise_warnings(panel, thresholds, result)
    levels = load_warning_levels()
    region_groups = _region_groups(panel, region_code)
    region_names = dict(Region.objects.filter(code__in=list(region_groups)).values_list("code", "name"))
    section_names = dict(Industry.objects.filter(code__in=set(panel.sections)).values_list("code", "name"))
    for code, rows in sorted(region_groups.items()):
        name = region_names.get(code, code)
        result.regions += _group_warnings(panel, rows, flagged, levels, "region", code, name)
    for code, rows in sorted(_groups(panel.sections).items()):
        if code:
            name = section_names.get(code, code)
            result.industries += _group_warnings(panel, rows, flagged, levels, "industry", code, name)
    return result


def _periods_until(period: str) -> list[str]:
    periods = [period]
    while len(periods) < HISTORY_PERIODS:
        periods.append(qc.previous_period(periods[-1]))
    return periods[::-1]


def _panel_load(period: str, region_code: str) -> _Panel:
    periods = _periods_until(period)
    enterprises = list(
        MonitoredEnterprise.objects.in_region(region_code)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=qc.period_end(period)), baseline_period__lte=period)
        .order_by("pk")
        .values_list("pk", "employer__uscc", "employer__name", "employer__region_id", "employer__industry__parent_id")
    )
    row_of = {pk: row for row, (pk, *_rest) in enumerate(enterprises)}
    shape = (len(enterprises), len(periods))
    arrays = {name: np.zeros(shape, dtype=np.int64) for name in ("previous", "current", "reduced", "layoff", "hidden")}
    reported = np.zeros(shape, dtype=bool)
    column_of = {value: column for column, value in enumerate(periods)}
    reports = MonthlyReport.objects.filter(enterprise_id__in=row_of, period__in=periods).values_list(
        "enterprise_id", "period", "status", "previous_headcount", "current_headcount",
        "reduced_economic_layoff", "standby", "long_leave", *REDUCTION_FIELDS,
    )  # fmt: skip
    for pk, report_period, status, previous, current, layoff, standby, long_leave, *reductions in reports.iterator():
        cell = (row_of[pk], column_of[report_period])
        reported[cell] = True
        if status == ReportStatus.RETURNED:
            continue
        arrays["previous"][cell], arrays["current"][cell], arrays["layoff"][cell] = previous, current, layoff
        arrays["reduced"][cell], arrays["hidden"][cell] = sum(reductions), standby + long_leave
    return _Panel(
        periods=periods,
        uscc=[row[1] for row in enterprises],
        names=[row[2] for row in enterprises],
        regions=[row[3] for row in enterprises],
        sections=[row[4] or "" for row in enterprises],
        reported=reported,
        **arrays,
    )


def _enterprise_warnings(panel: _Panel, thresholds: Thresholds, result: WarningsResult) -> set[int]:
    """Run the four rules, append their items to `result`, and return the rows flagged by any of them."""
    names = panel.names
    hits = [
        economic_layoff(panel.layoff[:, -1], panel.previous[:, -1], names=names),
        large_reduction(panel.reduced, panel.previous, thresholds=thresholds, names=names),
        hidden_unemployment_rise(
            panel.hidden[:, -1],
            panel.current[:, -1],
            panel.hidden[:, -2],
            panel.current[:, -2],
            thresholds=thresholds,
            names=names,
        ),
        missing_while_shrinking(
            panel.reported, panel.current, panel.current - panel.previous, thresholds=thresholds, names=names
        ),
    ]
    flagged: set[int] = set()
    for rule_hits in hits:
        for row, figures in zip(rule_hits.indices, rule_hits.figures, strict=True):
            flagged.add(int(row))
            result.enterprises.append(
                {
                    "uscc": panel.uscc[row],
                    "name": panel.names[row],
                    "rule": rule_hits.rule,
                    "figures": figures,
                    "explanation": explain(rule_hits.rule, figures),
                }
            )
    return flagged


def _groups(keys: list[str]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for row, key in enumerate(keys):
        groups[key].append(row)
    return groups


def _region_groups(panel: _Panel, region_code: str) -> dict[str, list[int]]:
    """Rows per county, city and province code, at and below `region_code`."""
    groups: dict[str, list[int]] = defaultdict(list)
    for digits in REGION_DIGITS.values():
        if digits >= len(region_code):
            for key, rows in _groups([code[:digits] for code in panel.regions]).items():
                groups[key] += rows
    return groups


def _group_warnings(
    panel: _Panel, rows: list[int], flagged: set[int], levels: WarningLevels, kind: str, code: str, name: str
) -> list[dict]:
    """The level warning of one region or industry (when yellow or above) and its EWMA warning (when rising)."""
    warnings = []
    previous = panel.previous[rows].sum(axis=0)
    lost = panel.reduced[rows].sum(axis=0)
    rates = [job_loss_rate(int(people), int(base)) for people, base in zip(lost, previous, strict=True)]
    figures = level_figures(rates[-1], len(flagged.intersection(rows)), levels, region=name)
    if figures is not None:
        warnings.append(_group_item(kind, code, figures["level"], REGION_LEVEL, figures))
    if ewma := _ewma_figures(rates, previous, name):
        warnings.append(_group_item(kind, code, None, EWMA, ewma))
    return warnings


def _group_item(kind: str, code: str, level: str | None, rule: str, figures: dict) -> dict:
    return {kind: code, "level": level, "rule": rule, "figures": figures, "explanation": explain(rule, figures)}


def _ewma_figures(rates: list[float], previous: np.ndarray, name: str) -> dict | None:
    """The EWMA figures when the latest job-loss rate signals upwards (more jobs lost than the baseline explains).

    The series starts at the first period with reports; a series not longer than the baseline, or a baseline with
    no variation, gives no signal (see `ewma_signal_for_series`)."""
    present = np.flatnonzero(previous > 0)
    if present.size == 0 or previous[-1] == 0:
        return None
    series = rates[int(present[0]) :]
    if len(series) <= DEFAULT_BASELINE_PERIODS:
        return None
    try:
        signal = ewma_signal_for_series(series)
    except ValueError:
        return None
    if signal.direction != "up":
        return None
    return {
        "region": name,
        "job_loss_rate": round(series[-1], 2),
        "ewma": round(float(signal.chart.ewma[-1]), 2),
        "upper": round(float(signal.chart.upper[-1]), 2),
        "target": round(signal.target, 2),
        "baseline_periods": signal.baseline_periods,
    }

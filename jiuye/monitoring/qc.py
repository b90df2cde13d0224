"""Quality control of a monthly report: pure functions over its figures, each returning the problem in Chinese or
None, so that the service, the import and the form all say the same thing.

Errors (a report with one is refused): the staffing identity 上期岗位数 + 新增 − 减少 = 调查期岗位数, and the previous
headcount against last period's report. Warnings (a report with one is accepted only when the submitter confirms it
with a note): a change far out of line with the enterprise's own history.

The limits of that warning are the province's to set, in the setting MONITORING_QC (a dict; keys left out keep
their defaults, see `QcLimits`)::

    MONITORING_QC = {"implausible_factor": 3, "implausible_floor": 10}

A change is questioned when its size exceeds `implausible_factor` times the enterprise's typical monthly change
(the median of its earlier changes' sizes), and never at or below `implausible_floor` people, so that a 12-person
shop moving by 3 is not questioned. Raising the factor questions fewer reports; raising the floor spares small
enterprises.
"""

import datetime
import functools
import statistics
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from jiuye.monitoring.enums import ReductionReason

# The reasons' codes once: `ReductionReason.values` builds its list anew at each call, and a month's import makes
# 100,000 `Figures`.
REASONS = tuple(ReductionReason.values)
# The defaults; the limits in force are `qc_limits()`, which the setting MONITORING_QC may override.
IMPLAUSIBLE_FACTOR = 3
IMPLAUSIBLE_FLOOR = 10


@dataclass(frozen=True)
class QcLimits:
    """The limits of the implausible-change warning; the defaults unless MONITORING_QC says otherwise."""

    implausible_factor: float = IMPLAUSIBLE_FACTOR
    implausible_floor: int = IMPLAUSIBLE_FLOOR

    def __post_init__(self) -> None:
        if self.implausible_factor <= 0 or self.implausible_floor < 0:
            raise ImproperlyConfigured("MONITORING_QC: implausible_factor must be > 0 and implausible_floor >= 0")


def qc_limits() -> QcLimits:
    """The limits in force: `QcLimits` defaults overridden by the setting MONITORING_QC (a dict) where set."""
    try:
        return QcLimits(**getattr(settings, "MONITORING_QC", {}))
    except TypeError as error:
        raise ImproperlyConfigured(f"MONITORING_QC: {error}") from error


@dataclass(frozen=True)
class Figures:
    """The counted part of a report; `reductions` by `ReductionReason` code, a missing reason is zero."""

    previous_headcount: int
    current_headcount: int
    added: int = 0
    reductions: dict[str, int] = field(default_factory=dict)
    standby: int = 0
    long_leave: int = 0

    def __post_init__(self) -> None:
        unknown = self.reductions.keys() - REASONS
        if unknown:
            raise ValueError(f"unknown reduction reasons: {sorted(unknown)}")
        full = {reason: int(self.reductions.get(reason) or 0) for reason in REASONS}
        object.__setattr__(self, "reductions", full)

    @property
    def reduced(self) -> int:
        return sum(self.reductions.values())

    @property
    def change(self) -> int:
        return self.current_headcount - self.previous_headcount

    def as_json(self) -> dict:
        return asdict(self)


def identity_error(figures: Figures) -> str | None:
    """上期岗位数 100 + 新增 5 − 减少 8 = 97，与调查期岗位数 96 不符."""
    expected = figures.previous_headcount + figures.added - figures.reduced
    if expected == figures.current_headcount:
        return None
    message = _(
        "上期岗位数 %(previous)d + 新增 %(added)d − 减少 %(reduced)d = %(expected)d，与调查期岗位数 %(current)d 不符"
    )
    return message % {
        "previous": figures.previous_headcount,
        "added": figures.added,
        "reduced": figures.reduced,
        "expected": expected,
        "current": figures.current_headcount,
    }


def previous_error(figures: Figures, *, last_period: str, last_headcount: int | None) -> str | None:
    """The previous headcount is last period's current headcount, when last period was reported."""
    if last_headcount is None or last_headcount == figures.previous_headcount:
        return None
    return _("上期岗位数 %(previous)d 与%(period)s月报的调查期岗位数 %(last)d 不符") % {
        "previous": figures.previous_headcount,
        "period": last_period,
        "last": last_headcount,
    }


def implausible_warning(figures: Figures, *, history: list[int], limits: QcLimits | None = None) -> str | None:
    """`history` is the enterprise's earlier monthly changes. The typical change is the median of their absolute
    values (robust to the one layoff month); with no history there is nothing to compare against. `limits`
    default to `qc_limits()`."""
    if not history:
        return None
    limits = limits or qc_limits()
    typical = statistics.median(abs(change) for change in history)
    limit = max(limits.implausible_floor, limits.implausible_factor * typical)
    if abs(figures.change) <= limit:
        return None
    return _("本月岗位数变动 %(change)+d 人，远超该企业以往每月约 %(typical)s 人的变动，请核实并在备注中说明") % {
        "change": figures.change,
        "typical": f"{typical:g}",
    }


@functools.lru_cache(maxsize=1024)  # a month's file has one period, checked 100,000 times
def previous_period(period: str) -> str:
    year, month = map(int, period.split("-"))
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def period_deadline(period: str) -> datetime.date:
    """The last day to report `period`: day MONITORING_REPORT_DEADLINE_DAY of the following month."""
    year, month = map(int, period.split("-"))
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return datetime.date(year, month, settings.MONITORING_REPORT_DEADLINE_DAY)


@functools.lru_cache(maxsize=1024)
def period_end(period: str) -> datetime.date:
    year, month = map(int, period.split("-"))
    following = datetime.date(year + 1, 1, 1) if month == 12 else datetime.date(year, month + 1, 1)
    return following - datetime.timedelta(days=1)

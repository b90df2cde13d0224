"""What a monthly analysis holds, as plain dataclasses: built by `content.analysis_build` from the database, read by
the pure `text` and `charts` modules, the Word writer and the web page, and written literally in the tests.

Labels (region, industry, reason, rule and status names) are resolved to plain strings when the analysis is built,
so that nothing downstream needs Django.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from jiuye.monitoring.aggregates import Totals, rate


@dataclass(frozen=True)
class GroupRow:
    """One city, county or industry section of the period's tables."""

    code: str
    name: str
    totals: Totals


@dataclass(frozen=True)
class TrendPoint:
    """One month of the trend chart: the reporting enterprises' headcount and job-loss rate (减少人数 over
    上期岗位数)."""

    period: str
    enterprises: int
    previous_headcount: int
    current_headcount: int
    reduced: int
    hidden_unemployment: int

    @property
    def job_loss_rate(self) -> Decimal | None:
        return rate(self.reduced, self.previous_headcount)


@dataclass(frozen=True)
class NoteItem:
    """One follow-up step of a warning: 签收, 跟进记录 or 关闭."""

    at: datetime.datetime
    user: str
    action: str
    text: str


@dataclass(frozen=True)
class WarningItem:
    """A warning stored for the period, with what its officers did about it."""

    scope: str
    scope_label: str
    subject: str
    subject_name: str
    rule: str
    rule_label: str
    level_label: str
    explanation: str
    status: str
    status_label: str
    notes: tuple[NoteItem, ...] = ()


@dataclass(frozen=True)
class Reporting:
    """Who owed a report for the period and who sent it (returned reports count as sent, being corrected)."""

    owed: int
    reported: int
    late: int
    missing: int


@dataclass(frozen=True)
class Analysis:
    """A period's analysis of one region (province, city or county), as one user may see it."""

    period: str
    region_code: str
    region_name: str
    region_level: str
    child_label: str
    totals: Totals
    reporting: Reporting
    deadline: datetime.date
    generated_at: datetime.datetime
    reason_labels: dict[str, str]
    by_region: list[GroupRow] = field(default_factory=list)
    by_industry: list[GroupRow] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)
    warnings: list[WarningItem] = field(default_factory=list)

    @property
    def year_month(self) -> str:
        """2026-10 → 2026年10月."""
        year, month = self.period.split("-")
        return f"{year}年{int(month)}月"

    @property
    def previous_hidden_unemployment(self) -> int | None:
        """Last month's hidden unemployment from the trend, None when last month has no reports."""
        if len(self.trend) < 2 or self.trend[-2].enterprises == 0:
            return None
        return self.trend[-2].hidden_unemployment

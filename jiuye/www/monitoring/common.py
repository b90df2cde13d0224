"""What the monitoring pages share: the period parameter."""

import re
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils import timezone

from jiuye.monitoring import qc
from jiuye.monitoring.selectors import latest_reported_period

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
LIST_LIMIT = 200


def latest_period() -> str:
    """The month before this one: the month being reported."""
    return qc.previous_period(timezone.localdate().strftime("%Y-%m"))


def period_param(request: HttpRequest) -> str:
    """`?period=YYYY-MM`, or the month being reported."""
    period = request.GET.get("period", "")
    return period if PERIOD.match(period) else latest_period()


@dataclass(frozen=True)
class ShownPeriod:
    """The period a summary page shows, and the month being reported when the page fell back from it."""

    period: str
    awaited: str | None = None


def shown_period(request: HttpRequest) -> ShownPeriod:
    """`?period=YYYY-MM`; else the month being reported, unless nothing of it is in yet (early in the month, before
    the first returns): then the latest month with reports, and the page says that it waits for the current one."""
    if PERIOD.match(request.GET.get("period", "")):
        return ShownPeriod(request.GET["period"])
    current = latest_period()
    latest = latest_reported_period(user=request.user, before=current)
    if latest is None or latest == current:
        return ShownPeriod(current)
    return ShownPeriod(latest, awaited=current)

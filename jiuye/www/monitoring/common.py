"""What the monitoring pages share: the period parameter."""

import re

from django.http import HttpRequest
from django.utils import timezone

from jiuye.monitoring import qc

PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
LIST_LIMIT = 200


def latest_period() -> str:
    """The month before this one: the month being reported."""
    return qc.previous_period(timezone.localdate().strftime("%Y-%m"))


def period_param(request: HttpRequest) -> str:
    """`?period=YYYY-MM`, or the month being reported."""
    period = request.GET.get("period", "")
    return period if PERIOD.match(period) else latest_period()

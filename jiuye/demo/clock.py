"""The demo's calendar: the province as it stands at the end of its "today" (`REFERENCE_DATE`), whatever the day
`make demo-data` runs.

Every part runs inside `demo_clock()` (`jiuye.demo.services`): `timezone.now()`, `date.today()` and every field
default or service that reads the clock (a row's `created_at`, a user's `date_joined`, an audit event's time, a
survey month's import time) give the demo's time, never the real day of generation, which falls after the demo's
today as soon as the demo is a few weeks old. A part that plays out events on earlier days (a survey month imported,
a warning acknowledged) sets the clock to each of them. The clock is time-machine's, which also stops the clock
inside the field defaults that hold a reference to `timezone.now`.

Months: a month's figures are in once its returns are due, on the 10th of the following month (the monitored
enterprises' reports, `MONITORING_REPORT_DEADLINE_DAY`; the survey's microdata about then), so the demo's latest
month is the last one due by today: October 2026 for the 20 November 2026.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings

from jiuye.demo.registry import REFERENCE_DATE

TODAY = datetime.date(*REFERENCE_DATE)
OPENING, CLOSING = datetime.time(8, 30), datetime.time(17, 30)  # the offices' working day


def moment(day: datetime.date, time: datetime.time = OPENING) -> datetime.datetime:
    """An aware moment of a demo day, in the project's time zone (Asia/Shanghai)."""
    return datetime.datetime.combine(day, time, tzinfo=ZoneInfo(settings.TIME_ZONE))


def demo_now() -> datetime.datetime:
    """The end of the demo's working day: what the demo records "today" is recorded by then."""
    return moment(TODAY, CLOSING)


@contextmanager
def demo_clock(at: datetime.datetime | None = None) -> Iterator[None]:
    """Run the block with the clock stopped at `at` (by default `demo_now()`).

    The moment is given in UTC: time-machine sets the process's TZ to the zone of a ZoneInfo destination, and
    nothing here should depend on the process's zone."""
    with time_machine.travel((at or demo_now()).astimezone(datetime.UTC), tick=False):
        yield


def due_on(month: str) -> datetime.date:
    """The day a month's returns are due: `2026-10` -> 2026-11-10 (`MONITORING_REPORT_DEADLINE_DAY`)."""
    year, number = int(month[:4]), int(month[5:])
    year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return datetime.date(year, number, settings.MONITORING_REPORT_DEADLINE_DAY)


def latest_month() -> str:
    """The last month whose returns are due by the demo's today: `2026-10` on 2026-11-20 (and on 2026-11-10), but
    `2026-09` on 2026-11-09."""
    month = f"{TODAY:%Y-%m}"
    while due_on(month) > TODAY:
        index = int(month[:4]) * 12 + int(month[5:]) - 2
        month = f"{index // 12:04d}-{index % 12 + 1:02d}"
    return month

"""When a scheduled job is due: its slots (planned times) in the project's time zone, without Django.

A job runs every day at a time (`Daily`) or once a month on a day at a time (`Monthly`). The scheduler asks for the
latest slot at or before now (`latest`) to decide whether that slot has been run; the page asks for the next one
(`following`). Times are wall-clock times in the given zone (Asia/Shanghai has no daylight saving, but a zone that
has one still gets the right instants: each slot is built from its local date and time, not by adding 24 hours).
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo


def parse_time(text: str) -> datetime.time:
    """`"02:30"` -> 02:30; a value that is not HH:MM raises ValueError."""
    hours, minutes = text.strip().split(":")
    if len(hours) not in (1, 2) or len(minutes) != 2:
        raise ValueError(text)
    return datetime.time(int(hours), int(minutes))


def _at(day: datetime.date, time: datetime.time, zone: ZoneInfo) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=zone)


def _month_before(day: datetime.date) -> datetime.date:
    """The first day of the month before `day`'s."""
    return (day.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _month_after(day: datetime.date) -> datetime.date:
    """The first day of the month after `day`'s."""
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Daily:
    """Every day at `at`: the expiry of vacancies and registrations, the matching batch."""

    at: datetime.time

    def latest(self, now: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
        """The last slot at or before `now`: at 01:30 of 7 December, 01:00 of 7 December for a job at 01:00, and
        01:00 of 6 December at 00:59."""
        today = now.astimezone(zone).date()
        slot = _at(today, self.at, zone)
        return slot if slot <= now else _at(today - datetime.timedelta(days=1), self.at, zone)

    def following(self, now: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
        """The first slot after `now`."""
        today = now.astimezone(zone).date()
        slot = _at(today, self.at, zone)
        return slot if slot > now else _at(today + datetime.timedelta(days=1), self.at, zone)


@dataclass(frozen=True)
class Monthly:
    """Every month on day `day` (1 to 28, so that every month has it) at `at`: the monthly warnings, on the day
    after the enterprises' reporting deadline."""

    day: int
    at: datetime.time

    def __post_init__(self) -> None:
        if not 1 <= self.day <= 28:
            raise ValueError(f"day {self.day} is not in every month")

    def latest(self, now: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
        """The last slot at or before `now`: on 11 December at 02:00, 03:00 of 11 November for day 11 at 03:00."""
        this_month = now.astimezone(zone).date().replace(day=self.day)
        slot = _at(this_month, self.at, zone)
        return slot if slot <= now else _at(_month_before(this_month).replace(day=self.day), self.at, zone)

    def following(self, now: datetime.datetime, zone: ZoneInfo) -> datetime.datetime:
        """The first slot after `now`."""
        this_month = now.astimezone(zone).date().replace(day=self.day)
        slot = _at(this_month, self.at, zone)
        return slot if slot > now else _at(_month_after(this_month).replace(day=self.day), self.at, zone)


type Cadence = Daily | Monthly

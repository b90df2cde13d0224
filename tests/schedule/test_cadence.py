"""When a job is due: the latest slot at or before a moment and the next one after it, daily and monthly, at the
edges (the very minute, midnight, month and year ends), in Shanghai time whatever the moment's own zone."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from jiuye.schedule.cadence import Daily, Monthly, parse_time
from jiuye.schedule.selectors import duration_text

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("now", "latest", "following"),
    [
        ("2026-12-07 01:30", "2026-12-07 01:00", "2026-12-08 01:00"),
        ("2026-12-07 01:00", "2026-12-07 01:00", "2026-12-08 01:00"),  # the slot's own minute: due now
        ("2026-12-07 00:59", "2026-12-06 01:00", "2026-12-07 01:00"),
        ("2027-01-01 00:10", "2026-12-31 01:00", "2027-01-01 01:00"),
    ],
)
def test_daily_slots(now, latest, following):
    daily = Daily(at=datetime.time(1, 0))
    assert daily.latest(at(now), SHANGHAI) == at(latest)
    assert daily.following(at(now), SHANGHAI) == at(following)


@pytest.mark.parametrize(
    ("now", "latest", "following"),
    [
        ("2026-12-11 03:00", "2026-12-11 03:00", "2027-01-11 03:00"),
        ("2026-12-11 02:59", "2026-11-11 03:00", "2026-12-11 03:00"),
        ("2026-12-07 12:00", "2026-11-11 03:00", "2026-12-11 03:00"),
        ("2027-01-05 00:00", "2026-12-11 03:00", "2027-01-11 03:00"),  # over the year's end
        ("2026-03-31 23:00", "2026-03-11 03:00", "2026-04-11 03:00"),
    ],
)
def test_monthly_slots(now, latest, following):
    monthly = Monthly(day=11, at=datetime.time(3, 0))
    assert monthly.latest(at(now), SHANGHAI) == at(latest)
    assert monthly.following(at(now), SHANGHAI) == at(following)


def test_a_moment_in_utc_is_read_in_shanghai_time():
    """17:30 UTC on 6 December is 01:30 on 7 December in Shanghai: the 7th's 01:00 slot has come."""
    now = datetime.datetime(2026, 12, 6, 17, 30, tzinfo=datetime.UTC)
    assert Daily(at=datetime.time(1, 0)).latest(now, SHANGHAI) == at("2026-12-07 01:00")


def test_a_day_not_in_every_month_is_refused():
    with pytest.raises(ValueError, match="not in every month"):
        Monthly(day=29, at=datetime.time(3, 0))


@pytest.mark.parametrize("text", ["2:30", "02:30", " 02:30 "])
def test_times_are_read_as_hours_and_minutes(text):
    assert parse_time(text) == datetime.time(2, 30)


@pytest.mark.parametrize("text", ["25:00", "02:3", "0230", "两点", "02:30:00"])
def test_a_time_that_is_not_hh_mm_is_refused(text):
    with pytest.raises(ValueError):  # noqa: PT011  (any ValueError: the caller reports the value)
        parse_time(text)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.02, "不到 0.1 秒"), (1.234, "1.2 秒"), (125, "2 分 5 秒"), (3725, "1 小时 2 分")],
)
def test_durations_in_words(seconds, text):
    assert duration_text(datetime.timedelta(seconds=seconds)) == text

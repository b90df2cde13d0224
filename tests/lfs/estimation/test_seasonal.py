"""Seasonal adjustment against R `seasonal` (results_seasonal.py), through `manage.py seasonal_adjust` and
`seasonal_adjust`; the Chinese calendar regressors on known dates; the STL fallback."""

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jiuye.lfs.estimation import seasonal_calendar
from jiuye.lfs.estimation.seasonal import SeasonalAdjustmentError, seasonal_adjust
from jiuye.lfs.estimation.seasonal_x13 import x13_spec
from tests.lfs.estimation import results_seasonal as expected

AIRPASSENGERS = Path(__file__).parent / "data" / "airpassengers.csv"
HALF_UNIT = 0.5 * 10**-expected.COEFFICIENT_PRINTED_DECIMALS


def run_command(path: Path, *arguments: str) -> dict:
    out = io.StringIO()
    call_command("seasonal_adjust", str(path), *arguments, stdout=out)
    return json.loads(out.getvalue())


def passengers() -> np.ndarray:
    with AIRPASSENGERS.open(newline="") as file:
        return np.array([float(row["passengers"]) for row in csv.DictReader(file)])


def write_series(path: Path, start: tuple[int, int], values, *, skip: int | None = None) -> Path:
    lines = ["month,rate"]
    for index, value in enumerate(values):
        year, month = divmod(start[0] * 12 + start[1] - 1 + index, 12)
        if index != skip:
            lines.append(f"{year}-{month + 1:02d},{value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assert_coefficients(rows: list[dict], published: dict[str, tuple[float, float]]) -> None:
    assert [row["name"] for row in rows] == list(published)
    for row in rows:
        estimate, se = published[row["name"]]
        assert row["estimate"] == pytest.approx(estimate, abs=HALF_UNIT)
        assert row["se"] == pytest.approx(se, abs=HALF_UNIT)


def test_airpassengers_through_the_command():
    result = run_command(AIRPASSENGERS, "--date-col", "month", "--value-col", "passengers")

    assert result["method"] == "x13"
    assert result["transform"] == expected.AIRPASSENGERS_TRANSFORM
    assert result["model"] == expected.AIRPASSENGERS_MODEL
    assert_coefficients(result["regressors"], expected.AIRPASSENGERS_REGRESSORS)
    assert_coefficients(result["arima_coefficients"], expected.AIRPASSENGERS_ARIMA)
    assert result["aicc"] == pytest.approx(expected.AIRPASSENGERS_AICC, abs=0.5 * 10**-expected.AICC_PRINTED_DECIMALS)
    assert len(result["adjusted"]) == 144
    assert result["adjusted"][0]["date"] == "1949-01"
    assert result["adjusted"][-1]["date"] == "1960-12"


def test_airpassengers_through_the_function():
    values = passengers()

    result = seasonal_adjust(values, expected.AIRPASSENGERS_START)

    assert (result.method, result.transform, result.model) == ("x13", "log", expected.AIRPASSENGERS_MODEL)
    assert_coefficients(result.regressors, expected.AIRPASSENGERS_REGRESSORS)
    assert_coefficients(result.arima_coefficients, expected.AIRPASSENGERS_ARIMA)
    assert round(result.aicc, expected.AICC_PRINTED_DECIMALS) == expected.AIRPASSENGERS_AICC
    # multiplicative: the series is the adjusted series times the seasonal and calendar factors (S11 x S16 = B1)
    assert result.adjusted * result.seasonal_factors * result.calendar_factors == pytest.approx(values, rel=1e-9)
    assert len(result.trend) == 144


def test_spec_is_that_of_r_seas_by_default():
    spec = x13_spec(12)

    for line in ("function = auto", "aictest = (td easter)", "outlier{ }", "automdl{", "seats{", "noadmiss = yes"):
        assert line in spec


def test_two_years_fall_back_to_stl():
    values = passengers()[:24]

    result = seasonal_adjust(values, (1949, 1))

    assert result.method == "stl"
    assert (result.model, result.aicc, result.regressors) == (None, None, [])
    assert result.notes
    assert result.seasonal_factors[:12] == pytest.approx(result.seasonal_factors[12:])  # periodic seasonal
    assert result.adjusted + result.seasonal_factors == pytest.approx(values)
    assert result.seasonal_factors.argmax() % 12 == 6  # the July peak of air travel


def test_stl_through_the_command(tmp_path):
    path = write_series(tmp_path / "rates.csv", (2023, 1), 5 + np.sin(np.arange(30) * np.pi / 6))

    result = run_command(path, "--date-col", "month", "--value-col", "rate")

    assert result["method"] == "stl"
    assert result["adjusted"][-1]["date"] == "2025-06"


@pytest.mark.parametrize(("year", "festival"), expected.SPRING_FESTIVALS.items())
def test_spring_festival_dates(year, festival):
    assert seasonal_calendar.spring_festival(year) == festival


@pytest.mark.parametrize(("key", "shares"), expected.SPRING_FESTIVAL_SHARES.items())
def test_spring_festival_shares_by_month(key, shares):
    year, name = key
    raw = seasonal_calendar.spring_festival_shares(year, seasonal_calendar.SPRING_FESTIVAL_WINDOWS[name])

    assert raw == pytest.approx([shares.get(month, 0) for month in range(1, 13)])


def test_spring_festival_regressors_are_centred_by_calendar_month():
    years = seasonal_calendar.SPRING_FESTIVAL_REFERENCE_YEARS
    periods = 12 * len(years)

    regressors = seasonal_calendar.spring_festival_regressors((years[0], 1), periods)

    for name, values in regressors.items():
        assert values.reshape(-1, 12).mean(axis=0) == pytest.approx(np.zeros(12), abs=1e-12), name
    february_2024 = seasonal_calendar.spring_festival_regressors((2024, 2), 1)["spring_festival_during"][0]
    assert 0 < february_2024 < 1  # fully in February, against a mean share below 1


@pytest.mark.parametrize(("month", "days"), expected.WORKING_DAYS.items())
def test_working_days_under_the_official_schedule(month, days):
    assert seasonal_calendar.working_days(*month) == days


def test_working_day_regressor_is_centred_on_the_reference_years():
    reference = [seasonal_calendar.working_days(year, 2) for year in seasonal_calendar.WORKING_DAY_REFERENCE_YEARS]

    value = seasonal_calendar.working_day_regressor((2024, 2), 1)[0]

    assert value == pytest.approx(18 - np.mean(reference))


def test_months_outside_the_holiday_schedule_raise():
    first, _ = seasonal_calendar.holiday_schedule_years()

    with pytest.raises(seasonal_calendar.CalendarCoverageError, match=str(first)):
        seasonal_calendar.working_day_regressor((first - 1, 12), 2)


def test_forecast_months_past_the_schedule_use_weekdays():
    _, last = seasonal_calendar.holiday_schedule_years()
    reference = [seasonal_calendar.weekdays(year, 1) for year in seasonal_calendar.WORKING_DAY_REFERENCE_YEARS]

    values = seasonal_calendar.working_day_regressor((last, 12), 2, observed=1)

    assert values[1] == pytest.approx(seasonal_calendar.weekdays(last + 1, 1) - np.mean(reference))


CALENDAR_START, CALENDAR_MONTHS = (2010, 1), 180
CALENDAR_EFFECTS = {"spring_festival_during": 0.05, "spring_festival_after": -0.03, "working_days": 0.01}


def series_with_calendar_effects() -> np.ndarray:
    """Trend, seasonal pattern, known Spring Festival and working-day effects and noise, in logs."""
    regressors = seasonal_calendar.calendar_regressors(CALENDAR_START, CALENDAR_MONTHS)
    steps = np.arange(CALENDAR_MONTHS)
    logs = 4 + 0.003 * steps + 0.1 * np.sin(2 * np.pi * steps / 12)
    logs += sum(effect * regressors[name] for name, effect in CALENDAR_EFFECTS.items())
    return np.exp(logs + np.random.default_rng(2024).normal(scale=0.01, size=CALENDAR_MONTHS))


def assert_calendar_effects_found(regressors: list[dict]) -> None:
    """X-13 keeps the Chinese regressors and finds the effects within three standard errors."""
    estimated = {row["name"]: row for row in regressors}
    assert set(seasonal_calendar.calendar_regressors(CALENDAR_START, 1)) <= set(estimated)
    for name, effect in CALENDAR_EFFECTS.items():
        assert abs(estimated[name]["estimate"] - effect) < 3 * estimated[name]["se"], name
    assert "Weekday" not in estimated


def test_chinese_calendar_effects_are_estimated_by_x13():
    result = seasonal_adjust(series_with_calendar_effects(), CALENDAR_START, calendar_regressors=True)

    assert_calendar_effects_found(result.regressors)
    assert result.calendar_factors.std() > 0.005


def test_chinese_calendar_through_the_command(tmp_path):
    path = write_series(tmp_path / "calendar.csv", CALENDAR_START, series_with_calendar_effects())

    result = run_command(path, "--date-col", "month", "--value-col", "rate", "--calendar")

    assert_calendar_effects_found(result["regressors"])


def test_calendar_regressors_need_the_holiday_schedule():
    with pytest.raises(SeasonalAdjustmentError, match="2004"):
        seasonal_adjust(np.linspace(1, 2, 60), (2001, 1), calendar_regressors=True)


def test_calendar_regressors_need_x13():
    with pytest.raises(SeasonalAdjustmentError, match="STL"):
        seasonal_adjust(np.linspace(1, 2, 60), (2015, 1), calendar_regressors=True, method="stl")


def test_x13_errors_are_reported():
    with pytest.raises(SeasonalAdjustmentError, match="X-13ARIMA-SEATS 运行出错"):
        seasonal_adjust(np.full(48, 5.0), (2015, 1))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--date-col", "date", "--value-col", "passengers"], "没有列“date”"),
        (["--date-col", "month", "--value-col", "rate"], "没有列“rate”"),
    ],
)
def test_command_rejects_missing_columns(arguments, message):
    with pytest.raises(CommandError, match=message):
        run_command(AIRPASSENGERS, *arguments)


def test_command_rejects_a_gap(tmp_path):
    path = write_series(tmp_path / "gap.csv", (2020, 1), np.arange(60.0), skip=30)

    with pytest.raises(CommandError, match="月份不连续：2022-06之后是2022-08"):
        run_command(path, "--date-col", "month", "--value-col", "rate")


def test_command_rejects_a_short_series(tmp_path):
    path = write_series(tmp_path / "short.csv", (2024, 1), np.arange(20.0))

    with pytest.raises(CommandError, match="序列太短：只有20个月"):
        run_command(path, "--date-col", "month", "--value-col", "rate")


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["2024-01,1", "2024-01,2"], "第3行：月份2024-01重复"),
        (["2024-01,1", "Feb 2024,2"], "第3行：无法识别的月份“Feb 2024”"),
        (["2024-01,1", "2024-02,"], "第3行：列“rate”为空"),
        (["2024-01,1", "2024-02,五"], "第3行：列“rate”的值“五”不是数字"),
    ],
)
def test_command_names_the_bad_row(tmp_path, rows, message):
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(["month,rate", *rows]) + "\n", encoding="utf-8")

    with pytest.raises(CommandError, match=message):
        run_command(path, "--date-col", "month", "--value-col", "rate")


def test_command_reads_other_month_formats_in_any_order(tmp_path):
    path = tmp_path / "mixed.csv"
    months = [f"{2021 + index // 12}年{index % 12 + 1}月" for index in range(30)]
    rows = [f"{month},{5 + np.sin(index)}" for index, month in enumerate(months)]
    path.write_text("\n".join(["month,rate", *reversed(rows)]) + "\n", encoding="gb18030")

    result = run_command(path, "--date-col", "month", "--value-col", "rate")

    assert [row["date"] for row in result["adjusted"]][:2] == ["2021-01", "2021-02"]

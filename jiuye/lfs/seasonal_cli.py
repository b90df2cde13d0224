"""Reading a monthly series from a CSV for `manage.py seasonal_adjust`, and the JSON it prints.

Analysts bring whatever CSV they have: one row per month, a date column (`1949-01`, `2024/3`, `2024-03-01`,
`202403`, `2024年3月`) and a value column, in UTF-8 or GBK. The months must follow one another without gaps or
repeats; rows may come in any order.
"""

import csv
import io
import itertools
import re
from pathlib import Path

import numpy as np

from jiuye.imports.readers import ImportFileError, decode_csv
from jiuye.lfs.estimation.seasonal import SeasonalAdjustmentError, SeasonalResult, seasonal_adjust

MONTH_PATTERN = re.compile(r"^\s*(\d{4})\s*(?:[-/.年]\s*(\d{1,2})(?:\s*月)?(?:[-/.]\d{1,2}\s*日?)?|(\d{2}))\s*$")


class SeasonalInputError(ValueError):
    """The CSV cannot be adjusted; the message, in Chinese, names the row or column at fault."""


def seasonal_adjust_csv(
    path: Path, *, date_column: str, value_column: str, calendar_regressors: bool = False, method: str = "auto"
) -> dict:
    """Adjust the series in a CSV and return what the command prints: the method, transform and ARIMA model, the
    regressors and ARMA coefficients with standard errors, AICc, notes and the adjusted series by month."""
    months, values = read_monthly_series(path, date_column=date_column, value_column=value_column)
    try:
        result = seasonal_adjust(values, months[0], calendar_regressors=calendar_regressors, method=method)
    except SeasonalAdjustmentError as error:
        raise SeasonalInputError(str(error)) from error
    return result_json(result, months)


def read_monthly_series(
    path: Path, *, date_column: str, value_column: str
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Months (year, month) in order and their values; raises `SeasonalInputError` on a missing column, a bad date
    or number, a repeated month or a gap."""
    try:
        text, _ = decode_csv(path.read_bytes())
    except ImportFileError as error:
        raise SeasonalInputError(str(error)) from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    for column in (date_column, value_column):
        if column not in header:
            raise SeasonalInputError(f"CSV文件中没有列“{column}”；文件中的列：{'、'.join(header) or '（无）'}")
    rows = {}
    for number, row in enumerate(reader, start=2):
        if not any((cell or "").strip() for cell in row.values()):
            continue
        month = _month(row[date_column], number)
        if month in rows:
            raise SeasonalInputError(f"第{number}行：月份{_label(month)}重复")
        rows[month] = _value(row[value_column], number, value_column)
    months = sorted(rows)
    if not months:
        raise SeasonalInputError("CSV文件中没有数据行")
    _check_consecutive(months)
    return months, np.array([rows[month] for month in months])


def result_json(result: SeasonalResult, months: list[tuple[int, int]]) -> dict:
    return {
        "method": result.method,
        "transform": result.transform,
        "model": result.model,
        "regressors": result.regressors,
        "arima_coefficients": result.arima_coefficients,
        "aicc": result.aicc,
        "notes": result.notes,
        "adjusted": [
            {"date": _label(month), "value": float(value)}
            for month, value in zip(months, result.adjusted, strict=True)
        ],
    }


def _month(text: str | None, number: int) -> tuple[int, int]:
    match = MONTH_PATTERN.match(text or "")
    month = int(match.group(2) or match.group(3)) if match else 0
    if not 1 <= month <= 12:
        raise SeasonalInputError(f"第{number}行：无法识别的月份“{text or ''}”（应为YYYY-MM）")
    return int(match.group(1)), month


def _value(text: str | None, number: int, column: str) -> float:
    if not (text or "").strip():
        raise SeasonalInputError(f"第{number}行：列“{column}”为空；季节调整的序列不能有缺失值")
    try:
        value = float((text or "").strip().replace(",", ""))
    except ValueError:
        raise SeasonalInputError(f"第{number}行：列“{column}”的值“{text or ''}”不是数字") from None
    if not np.isfinite(value):
        raise SeasonalInputError(f"第{number}行：列“{column}”的值“{text}”不是有限数")
    return value


def _check_consecutive(months: list[tuple[int, int]]) -> None:
    for before, after in itertools.pairwise(months):
        if after[0] * 12 + after[1] != before[0] * 12 + before[1] + 1:
            raise SeasonalInputError(f"月份不连续：{_label(before)}之后是{_label(after)}，中间缺少月份")


def _label(month: tuple[int, int]) -> str:
    return f"{month[0]}-{month[1]:02d}"

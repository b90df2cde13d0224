"""Reading area-level data from a CSV for `manage.py small_area`, and the JSON it prints.

One row per area (a county, a city): the direct estimate, its standard error (the sampling variance is its square,
as R `sae` examples write `SD^2`), covariates, optionally an area label. `--covariates` names the covariate
columns, comma separated; `COL:factor` makes a column categorical (dummy coded, first level as reference, like
`as.factor(COL)` in an R formula): `--covariates registered_rate,city:factor`.
"""

import csv
import io
from pathlib import Path

import numpy as np

from jiuye.imports.readers import ImportFileError, decode_csv
from jiuye.lfs.estimation.small_area import Covariate, FayHerriotError, design_matrix, fay_herriot


class SmallAreaInputError(ValueError):
    """The CSV cannot be used; the message, in Chinese, names the row or column at fault."""


def small_area_csv(
    path: Path, *, direct: str, se: str, covariates: str | None = None, method: str = "reml", area: str | None = None
) -> dict:
    """Fit the Fay-Herriot model to the areas in a CSV and return what the command prints."""
    specification = parse_covariates(covariates)
    columns = [direct, se, *(name for name, _ in specification), *([area] if area else [])]
    rows = read_rows(path, columns)
    y = _numbers(rows, direct)
    standard_errors = _numbers(rows, se)
    if np.any(standard_errors < 0):
        raise SmallAreaInputError(f"列“{se}”（标准误）中有负数")
    X, names = design_matrix(
        [
            Covariate(name, _factor(rows, name) if factor else _numbers(rows, name), factor)
            for name, factor in specification
        ],
        rows=len(rows),
    )
    try:
        result = fay_herriot(y, standard_errors**2, X, method=method)
    except FayHerriotError as error:
        raise SmallAreaInputError(str(error)) from error
    labels = [row[area].strip() for _, row in rows] if area else [str(index) for index in range(1, len(rows) + 1)]
    return {
        "areas": [
            {
                "area": label,
                "direct": float(y[index]),
                "eblup": float(result.eblup[index]),
                "mse": float(result.mse[index]),
                "gamma": float(result.gamma[index]),
            }
            for index, label in enumerate(labels)
        ],
        "coefficients": [
            {"name": name, "estimate": float(estimate), "se": float(error)}
            for name, estimate, error in zip(names, result.coefficients, result.coefficient_se, strict=True)
        ],
        "area_variance": result.area_variance,
        "method": result.method,
    }


def parse_covariates(text: str | None) -> list[tuple[str, bool]]:
    """`"registered_rate,city:factor"` -> `[("registered_rate", False), ("city", True)]`."""
    specification = []
    for item in (text or "").split(","):
        name, _, kind = item.strip().partition(":")
        if not name.strip():
            continue
        if kind.strip() not in ("", "factor"):
            raise SmallAreaInputError(f"协变量“{item.strip()}”的类型只能写factor（分类变量），如 city:factor")
        specification.append((name.strip(), kind.strip() == "factor"))
    return specification


def read_rows(path: Path, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Non-blank rows with their row numbers as a spreadsheet shows them (the header is row 1)."""
    try:
        text, _ = decode_csv(path.read_bytes())
    except ImportFileError as error:
        raise SmallAreaInputError(str(error)) from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    reader.fieldnames = [name.strip() for name in reader.fieldnames or []]
    for column in columns:
        if column not in reader.fieldnames:
            raise SmallAreaInputError(
                f"CSV文件中没有列“{column}”；文件中的列：{'、'.join(reader.fieldnames) or '（无）'}"
            )
    rows = [
        (number, row) for number, row in enumerate(reader, start=2) if any((c or "").strip() for c in row.values())
    ]
    if not rows:
        raise SmallAreaInputError("CSV文件中没有数据行")
    return rows


def _numbers(rows: list[tuple[int, dict[str, str]]], column: str) -> np.ndarray:
    values = []
    for number, row in rows:
        text = (row[column] or "").strip()
        try:
            value = float(text)
        except ValueError:
            problem = "为空" if not text else f"的值“{text}”不是数字"
            raise SmallAreaInputError(f"第{number}行：列“{column}”{problem}") from None
        if not np.isfinite(value):
            raise SmallAreaInputError(f"第{number}行：列“{column}”的值“{text}”不是有限数")
        values.append(value)
    return np.array(values)


def _factor(rows: list[tuple[int, dict[str, str]]], column: str) -> np.ndarray:
    values = []
    for number, row in rows:
        text = (row[column] or "").strip()
        if not text:
            raise SmallAreaInputError(f"第{number}行：列“{column}”为空")
        values.append(text)
    return np.array(values, dtype=object)

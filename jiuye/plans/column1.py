"""专栏1 of the plan, read from the table as published (`data/column1.txt`), with the codes and target rules of
`data/indicators.json`. Plain Python: what each cell says is parsed here, once, and tested against the table.

    指标名称	2020 年	2025 年	年均/累计	属性
    城镇新增就业（万人）	48.77	——	>（200）	预期性
    ...
    注：①〔〕内为 5 年累计数。②劳动报酬占比是指劳动报酬占 GDP 的比重。

A number in （ ） of the 年均/累计 column is a five-year cumulative figure (note ①); "6 左右" is an approximate
baseline; "——" is no figure.
"""

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
NUMBER = re.compile(r"\d+(?:\.\d+)?")
UNIT = re.compile(r"（([^（）]+)）$")
NONE = "——"


@dataclass(frozen=True)
class Row:
    """One indicator as the table gives it, and what its cells mean."""

    order: int
    code: str
    name: str
    unit: str
    kind_text: str
    baseline_text: str
    target_text: str
    period_text: str
    rule: str
    baseline_value: Decimal | None
    baseline_approximate: bool
    target_value: Decimal | None
    cumulative: bool
    note: str
    computed_by: str


def _number(text: str) -> Decimal | None:
    match = NUMBER.search(text)
    return Decimal(match.group()) if match else None


def _notes(line: str) -> dict[str, str]:
    """`注：①〔〕内为 5 年累计数。②劳动报酬占比是指…` -> {"①": "〔〕内为 5 年累计数。", "②": "劳动报酬占比是指…"}."""
    parts = re.split(r"([①②③④⑤])", line.removeprefix("注："))
    return {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}


def _row_note(name: str, period_text: str, notes: dict[str, str]) -> str:
    """Note ① for a figure in brackets; a note that names the indicator (②: 劳动报酬占比) for that one."""
    short = name.split("（")[0]
    return "".join(
        f"{mark}{text}"
        for mark, text in notes.items()
        if (mark == "①" and "（" in period_text) or (mark != "①" and text.startswith(short))
    )


@cache
def rows() -> tuple[Row, ...]:
    lines = [line.rstrip("\n") for line in (DATA / "column1.txt").read_text(encoding="utf-8").splitlines()]
    meaning = json.loads((DATA / "indicators.json").read_text(encoding="utf-8"))["indicators"]
    notes = _notes(next(line for line in lines if line.startswith("注：")))
    table = [line.split("\t") for line in lines[2:] if "\t" in line]
    return tuple(_row(order, cells, meaning[cells[0]], notes) for order, cells in enumerate(table, start=1))


def _row(order: int, cells: list[str], meaning: dict, notes: dict[str, str]) -> Row:
    name, baseline, target, period, kind = (cell.strip() for cell in cells[:5])
    level = _number(target)  # a 2025 level (62); otherwise the 年均/累计 figure (<5.5, >（200）, 8.8)
    return Row(
        order=order, code=meaning["code"], name=name, unit=UNIT.search(name).group(1), kind_text=kind,
        baseline_text=baseline, target_text=target, period_text=period, rule=meaning["rule"],
        baseline_value=_number(baseline), baseline_approximate="左右" in baseline,
        target_value=level if level is not None else _number(period), cumulative="（" in period,
        note=_row_note(name, period, notes), computed_by=meaning.get("computed_by", ""),
    )  # fmt: skip

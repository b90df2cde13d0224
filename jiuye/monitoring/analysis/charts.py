"""The report's charts as PNG bytes (matplotlib's object-oriented API on the Agg canvas, so no pyplot state and no
global backend switch): the 13-month trend of headcount and job-loss rate, and the month's change by region and by
industry section.

Chinese labels need a CJK font: Noto Sans CJK SC from Debian's fonts-noto-cjk (`make fonts`), found through
matplotlib's font manager. Without it the command fails with a clear message rather than drawing empty boxes; and a
label with a character the font lacks is an error (`MissingGlyphError`), checked against the font's character map
before drawing and again by turning matplotlib's "Glyph … missing from font(s)" warning into an exception.
"""

import io
import warnings
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import matplotlib
from fontTools.ttLib import TTCollection, TTFont
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from jiuye.monitoring.analysis.data import GroupRow, TrendPoint

FONT_FAMILY = "Noto Sans CJK SC"
BRAND, GREEN, INK = "#b5261e", "#2f7d32", "#1f2933"
DPI = 150


class FontMissingError(RuntimeError):
    """The CJK font is not installed."""


class MissingGlyphError(ValueError):
    """A label has a character the font cannot draw."""


@cache
def cjk_font() -> font_manager.FontEntry:
    """The regular Noto Sans CJK SC face known to matplotlib (a face of NotoSansCJK-Regular.ttc on Debian)."""
    faces = [entry for entry in font_manager.fontManager.ttflist if entry.name == FONT_FAMILY]
    if not faces:
        raise FontMissingError(
            f"未找到图表字体 {FONT_FAMILY}：请安装 Debian 软件包 fonts-noto-cjk（make fonts），"
            "然后删除 matplotlib 的字体缓存后重试"
        )
    return min(faces, key=lambda entry: abs(int(entry.weight) - 400) if str(entry.weight).isdigit() else 0)


@cache
def _character_map(path: str, index: int) -> frozenset[int]:
    font = TTCollection(path).fonts[index] if Path(path).suffix.lower() in {".ttc", ".otc"} else TTFont(path)
    return frozenset(font.getBestCmap())


def missing_glyphs(texts: Iterable[str], font: font_manager.FontEntry | None = None) -> list[str]:
    """The characters of `texts` the font has no glyph for (whitespace aside), in order of first appearance."""
    font = font or cjk_font()
    available = _character_map(font.fname, getattr(font, "index", 0))
    missing: dict[str, None] = {}
    for text in texts:
        for character in text:
            if not character.isspace() and ord(character) not in available:
                missing[character] = None
    return list(missing)


def check_glyphs(texts: Iterable[str]) -> None:
    missing = missing_glyphs(texts)
    if missing:
        listed = "、".join(f"{character}（U+{ord(character):04X}）" for character in missing)
        raise MissingGlyphError(f"图表字体 {FONT_FAMILY} 缺少字符：{listed}")


def _figure(width: float = 7.0, height: float = 3.6) -> Figure:
    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def _png(figure: Figure, labels: Sequence[str]) -> bytes:
    """Check the labels, then draw with every missing-glyph warning raised as an error."""
    check_glyphs(labels)
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*[Gg]lyph .* missing from .*")
        FigureCanvasAgg(figure).print_png(buffer)
    return buffer.getvalue()


def _rc() -> dict:
    """Only the CJK font, so that a missing glyph cannot be drawn from a fallback font unnoticed."""
    cjk_font()
    return {"font.family": [FONT_FAMILY], "axes.unicode_minus": False, "font.size": 9}


def trend_chart(points: Sequence[TrendPoint], *, title: str) -> bytes:
    """Bars of the reporting enterprises' headcount by month, and a line of the job-loss rate on a second axis."""
    with matplotlib.rc_context(_rc()):
        return _trend_chart(points, title)


def _trend_chart(points: Sequence[TrendPoint], title: str) -> bytes:
    figure = _figure()
    axes = figure.add_subplot()
    months = [point.period[2:] for point in points]
    axes.bar(months, [point.current_headcount for point in points], color="#cbd2d9", label="调查期岗位总数（个）")
    axes.set_ylabel("岗位总数（个）")
    axes.tick_params(axis="x", labelrotation=45)
    rates = axes.twinx()
    values = [float(point.job_loss_rate) if point.job_loss_rate is not None else None for point in points]
    rates.plot(months, [value if value is not None else float("nan") for value in values], color=BRAND, marker="o",
               label="岗位流失率（%）")  # fmt: skip
    rates.set_ylabel("岗位流失率（%）")
    rates.set_ylim(bottom=0)
    axes.set_title(title)
    handles = axes.get_legend_handles_labels()[0] + rates.get_legend_handles_labels()[0]
    rates.legend(handles, [handle.get_label() for handle in handles], loc="upper left", fontsize=8)
    return _png(figure, [title, *months, "调查期岗位总数（个）", "岗位总数（个）", "岗位流失率（%）"])


def change_chart(rows: Sequence[GroupRow], *, title: str) -> bytes:
    """Horizontal bars of each group's change from last month (decreases red, increases green)."""
    with matplotlib.rc_context(_rc()):
        return _change_chart(rows, title)


def _change_chart(rows: Sequence[GroupRow], title: str) -> bytes:
    figure = _figure(height=max(2.4, 0.32 * len(rows) + 1.2))
    axes = figure.add_subplot()
    ordered = sorted(rows, key=lambda row: row.totals.change_from_previous)
    changes = [row.totals.change_from_previous for row in ordered]
    names = [row.name for row in ordered]
    axes.barh(names, changes, color=[BRAND if change < 0 else GREEN for change in changes])
    for position, change in enumerate(changes):
        right = change >= 0
        axes.annotate(
            f"{change:+d}" if change else "0", (change, position), xytext=(3 if right else -3, 0),
            textcoords="offset points", ha="left" if right else "right", va="center", fontsize=7,
        )  # fmt: skip
    axes.axvline(0, color=INK, linewidth=0.8)
    axes.set_xlabel("较上月增减（个）")
    axes.set_title(title)
    axes.margins(x=0.15)
    return _png(figure, [title, *names, "较上月增减（个）"])

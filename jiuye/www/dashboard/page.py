"""The dashboard of a region, gathered once for the page, the printable view and the Excel export: the indicator
cards (`cards`), the map's five measures by child region (`jiuye.plans.regional`) and the open warnings, in a fixed
number of queries whatever the number of regions, indicators and years."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.monitoring.selectors import ACTIVE, warning_search
from jiuye.monitoring.warning_labels import NamedWarning, warnings_named
from jiuye.plans import regional
from jiuye.plans.enums import ProgressStatus
from jiuye.plans.perms import can_read_plan
from jiuye.plans.regional import RegionalFigures
from jiuye.plans.selectors import plan_indicators
from jiuye.reference.models import Region
from jiuye.www.dashboard.cards import Card, cards_for, figure
from jiuye.www.selectors import region_ancestors

WARNINGS_SHOWN = 10
# How each measure is shown on the map: decimals, and which way its colours run (a high rate is bad news).
MEASURE_STYLE = {
    "unemployment": (1, "bad"),
    "warnings": (0, "bad"),
    "new_jobs": (0, "good"),
    "zero_employment": (0, "bad"),
    "vacancy_ratio": (2, "neutral"),
}


@dataclass
class MeasureCell:
    """One child region's figure of a measure: what colours the map, the table's words and the map's tooltip."""

    key: str
    value: float | None
    text: str
    tip: str = ""


@dataclass
class ChildRow:
    region: Region
    cells: list[MeasureCell]


@dataclass
class Dashboard:
    region: Region
    ancestors: list[Region]
    cards: list[Card]
    children: list[Region]
    measures: list[RegionalFigures]
    warnings: list[NamedWarning] = field(default_factory=list)

    @property
    def warnings_total(self) -> int:
        measure = next(measure for measure in self.measures if measure.key == "warnings")
        return int(sum(figure.value or 0 for figure in measure.figures.values()) + (measure.own or 0))

    @property
    def has_map(self) -> bool:
        return bool(self.children) and self.region.level in ("province", "city")

    def status_counts(self) -> list[tuple[str, str, int]]:
        counts = Counter(card.status for card in self.cards)
        return [(status, label, counts[status]) for status, label in ProgressStatus.choices]

    def rows(self) -> list[ChildRow]:
        """The map's figures as a table: a row per child region, a cell per measure."""
        return [ChildRow(child, [_cell(measure, child.code) for measure in self.measures]) for child in self.children]

    def map_data(self) -> dict:
        """What the map script draws: each measure with its figure for each child region."""
        rows = self.rows()
        return {"measures": [_measure_data(measure, index, rows) for index, measure in enumerate(self.measures)]}

    def charts_data(self) -> list[dict]:
        return [card.chart for card in self.cards]


def _measure_data(measure: RegionalFigures, index: int, rows: list[ChildRow]) -> dict:
    """A measure for region_map.js: a count is coloured from zero, a rate or a share from its lowest figure."""
    decimals, palette = MEASURE_STYLE[measure.key]
    return {
        "key": measure.key, "label": measure.label, "unit": measure.unit, "period": measure.period,
        "note": measure.note, "decimals": decimals, "palette": palette,
        "min": 0 if measure.counts and not measure.compared else None,
        "data": [{"code": row.region.code, "name": row.region.name, "value": row.cells[index].value,
                  "text": row.cells[index].tip} for row in rows],
    }  # fmt: skip


def _cell(measure: RegionalFigures, code: str) -> MeasureCell:
    child = measure.figures.get(code)
    value = child.value if child else (0 if measure.counts else None)
    if value is None:
        return MeasureCell(measure.key, None, _("无数据"), _("无数据"))
    text = f"{figure(value, MEASURE_STYLE[measure.key][0], trim=False)}{measure.unit}"
    if child is not None and child.target:
        share = figure(child.share * 100, 1, trim=False)
        tip = _("%(count)s，%(basis)s%(target)s人，完成%(share)s%%") % {
            "count": text, "basis": child.target_basis, "target": figure(child.target, 0), "share": share}  # fmt: skip
        return MeasureCell(measure.key, child.share * 100, _("%(count)s · 完成%(share)s%%") % {
            "count": text, "share": share}, tip)  # fmt: skip
    if measure.compared:  # the others have a target; this one has none to be measured against
        return MeasureCell(measure.key, None, text, text + _("，无分解目标"))
    return MeasureCell(measure.key, value, text, text)


def dashboard_for(*, user: User, region: Region, today: datetime.date | None = None) -> Dashboard:
    """Everything the dashboard of `region` shows, for `user` (who may read it: `region_for`)."""
    ancestors = [ancestor for ancestor in region_ancestors(region) if can_read_plan(user, ancestor.code)]
    children = list(Region.objects.children_of(region.code)) if regional.child_length(region) else []
    warnings = warning_search(user=user, status=ACTIVE).in_region(region.code)[:WARNINGS_SHOWN]
    return Dashboard(
        region=region, ancestors=ancestors,
        cards=cards_for(plan_indicators(user=user, region=region), region),
        children=children, measures=regional.map_figures(user=user, region=region, today=today),
        warnings=warnings_named(user=user, warnings=list(warnings)),
    )  # fmt: skip

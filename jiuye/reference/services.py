"""Loading the reference classifications from the data files shipped in `data/`.

Loading is idempotent: each row is compared with what the database holds, and only differences are written, so a
second run reports `unchanged` for everything and touches no row. Rows are never deleted, because people, employers
and reports refer to them; a code that disappeared from a newer edition is reported as stale instead.
"""

import csv
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from jiuye.reference.enums import REGION_CODE_LENGTH, RegionLevel
from jiuye.reference.models import Industry, Occupation, OccupationAlias, Region

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class TableSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    stale: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"created={self.created} updated={self.updated} unchanged={self.unchanged}"
        return text + (f" stale={len(self.stale)}" if self.stale else "")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]


def _upsert(
    model: type[models.Model], rows: list[dict], *, fields: list[str], covers: models.QuerySet | None = None
) -> TableSummary:
    """Create missing rows and update changed ones, keyed by primary key. Rows must come parents first.
    `covers` is the part of the table the file describes (by default all of it), for the stale report."""
    summary = TableSummary()
    existing = (covers if covers is not None else model.objects.all()).in_bulk()
    to_create, to_update = [], []
    for row in rows:
        current = existing.pop(row["pk"], None)
        if current is None:
            to_create.append(model(pk=row["pk"], **{name: row[name] for name in fields}))
        elif any(getattr(current, name) != row[name] for name in fields):
            for name in fields:
                setattr(current, name, row[name])
            to_update.append(current)
        else:
            summary.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=500)
    summary.created, summary.updated = len(to_create), len(to_update)
    summary.stale = sorted(str(pk) for pk in existing)
    return summary


def _decimal(text: str) -> Decimal | None:
    return Decimal(text).quantize(Decimal("0.000001")) if text else None


def region_rows(data_dir: Path) -> list[dict]:
    population = {row["code"]: int(row["population_2020"]) for row in read_csv(data_dir / "city_population.csv")}
    county_file = data_dir / "county_population.csv"
    if county_file.exists():
        population.update({row["code"]: int(row["population"]) for row in read_csv(county_file)})
    rows = [
        {
            "pk": row["code"],
            "name": row["name"],
            "level": row["level"],
            "parent_id": row["parent"] or None,
            "longitude": _decimal(row["longitude"]),
            "latitude": _decimal(row["latitude"]),
            "population": population.get(row["code"]),
        }
        for row in read_csv(data_dir / "regions.csv")
    ]
    return sorted(rows, key=lambda row: len(row["pk"]))


def industry_rows(data_dir: Path) -> list[dict]:
    rows = [
        {"pk": row["code"], "name": row["name"], "level": row["level"], "parent_id": row["parent"] or None}
        for row in read_csv(data_dir / "industries.csv")
    ]
    return sorted(rows, key=lambda row: (row["parent_id"] is not None, row["pk"]))


def occupation_rows(data_dir: Path) -> list[dict]:
    rows = [
        {"pk": row["code"], "name": row["name"], "level": int(row["level"]), "parent_id": row["parent"] or None}
        for row in read_csv(data_dir / "occupations.csv")
    ]
    return sorted(rows, key=lambda row: (row["level"], row["pk"]))


def _alias_summary(data_dir: Path) -> TableSummary:
    """Aliases are keyed by their text, not an integer id, so they get their own small upsert."""
    summary = TableSummary()
    existing = dict(OccupationAlias.objects.values_list("alias", "occupation_id"))
    for row in read_csv(data_dir / "occupation_aliases.csv"):
        alias, code = row["alias"], row["code"]
        if existing.pop(alias, None) == code:
            summary.unchanged += 1
            continue
        _, created = OccupationAlias.objects.update_or_create(alias=alias, defaults={"occupation_id": code})
        summary.created += created
        summary.updated += not created
    summary.stale = sorted(existing)
    return summary


@transaction.atomic
def reference_load(*, data_dir: Path = DATA_DIR) -> dict[str, TableSummary]:
    """Load every reference table from `data_dir`; all or nothing."""
    region_fields = ["name", "level", "parent_id", "longitude", "latitude", "population"]
    return {
        "regions": _upsert(Region, region_rows(data_dir), fields=region_fields, covers=_file_levels()),
        "industries": _upsert(Industry, industry_rows(data_dir), fields=["name", "level", "parent_id"]),
        "occupations": _upsert(Occupation, occupation_rows(data_dir), fields=["name", "level", "parent_id"]),
        "occupation_aliases": _alias_summary(data_dir),
    }


def _file_levels() -> models.QuerySet:
    """regions.csv lists the province, cities and counties; streets and communities are created as data names them."""
    return Region.objects.filter(level__in=[RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY])


def region_level_for_code(code: str) -> RegionLevel:
    for level, length in REGION_CODE_LENGTH.items():
        if len(code) == length:
            return RegionLevel(level)
    raise ValidationError(_("区划代码“%(code)s”的位数不对：应为2、4、6、9或12位。") % {"code": code})


def region_get_or_create(*, code: str, name: str) -> Region:
    """Streets (9 digits) and communities (12 digits of the 统计用区划代码) are created when data first names them.

    A 12-digit code whose last digits are zeros names a higher level (`140105000000` is the county 140105), so it is
    shortened first; the parent must already exist.
    """
    code = code.strip()
    if not code.isdigit():
        raise ValidationError(_("区划代码“%(code)s”只能包含数字。") % {"code": code})
    code = normalise_region_code(code)
    level = region_level_for_code(code)
    parent_code = code[: REGION_CODE_LENGTH[_parent_level(level)]] if level != RegionLevel.PROVINCE else None
    if parent_code and not Region.objects.filter(code=parent_code).exists():
        raise ValidationError(
            _("区划代码“%(code)s”的上级“%(parent)s”不存在。") % {"code": code, "parent": parent_code}
        )
    region, _created = Region.objects.get_or_create(
        code=code, defaults={"name": name, "level": level, "parent_id": parent_code}
    )
    return region


def normalise_region_code(code: str) -> str:
    """Drop the all-zero trailing parts that pad a code to 6 or 12 digits: `140100` -> `1401`,
    `140105001000` -> `140105001`. The parts are 2+2+2+3+3 digits."""
    parts, position = [], 0
    for length in (2, 2, 2, 3, 3):
        if position >= len(code):
            break
        parts.append(code[position : position + length])
        position += length
    while len(parts) > 1 and not parts[-1].strip("0"):
        parts.pop()
    return "".join(parts)


def _parent_level(level: RegionLevel) -> RegionLevel:
    levels = list(REGION_CODE_LENGTH)
    return RegionLevel(levels[levels.index(level) - 1])

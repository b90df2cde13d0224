"""Reading a month of survey microdata (one row per surveyed person) with the import framework's readers, columns and
error report, but in bulk.

The framework's kinds (`jiuye.imports.kinds`) write each row through domain services inside its own savepoint, some
hundreds of rows a second; a month of microdata is 100,000 rows or more and has no service per row, so this module
is not a registered kind. It declares the columns as `Column`s, reads the file with `open_table`, maps headers and
parses cells with the framework's own helpers (the same Chinese reasons: `必填，不能为空`, `缺少必填的列`, duplicates),
checks each row, and hands back the valid rows as columns; `jiuye.lfs.services.survey_period_import` writes them
in bulk (`jiuye.core.db.values_insert`) in one transaction and the rejected rows go to the same errors.xlsx.

Columns, exactly as the survey office names them: `person_id, household_id, stratum, psu, weight, region_code,
urban, sex, age, in_school, worked_last_week, temporarily_absent, searched_last_3_months,
available_within_2_weeks`, and optionally `searched_last_4_weeks` (needed by the ILO profile only). Answers are 0/1,
sex 1 (men) or 2 (women), region_code a county (县级) code of Shanxi.
"""

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.accounts.models import User
from jiuye.accounts.perms import can_view_region
from jiuye.imports.columns import Accepts, Column, Option, accepting, plain, region_code, text
from jiuye.imports.kinds import ImportKind, register_kind
from jiuye.imports.readers import Cell, ImportFileError, cell_text, is_blank, open_table
from jiuye.imports.results import ImportResult
from jiuye.imports.services import columns_map, row_error, row_parse
from jiuye.lfs.perms import can_import_microdata
from jiuye.lfs.rates import Microdata
from jiuye.reference.enums import RegionLevel
from jiuye.reference.models import Region

KIND = "lfs_microdata"
MAX_AGE = 120
ANSWERS = (
    "in_school", "worked_last_week", "temporarily_absent", "searched_last_3_months", "available_within_2_weeks",
)  # fmt: skip
OPTIONAL_ANSWERS = ("searched_last_4_weeks",)


@accepting(Accepts(rule=gettext_lazy("0（否）或1（是）"), options=(Option("0"), Option("1"))))
def answer(value: Cell) -> bool:
    """A 0/1 answer (`1.0` from a spreadsheet cell is 1)."""
    written = plain(value)
    if written not in ("0", "1"):
        raise ValidationError(_("应填0或1，“%(value)s”不是") % {"value": cell_text(value)})
    return written == "1"


@accepting(Accepts(rule=gettext_lazy("1（男）或2（女）"), options=(Option("1"), Option("2"))))
def sex(value: Cell) -> int:
    written = plain(value)
    if written not in ("1", "2"):
        raise ValidationError(_("性别应填1（男）或2（女），“%(value)s”不是") % {"value": cell_text(value)})
    return int(written)


@accepting(Accepts(rule=gettext_lazy("0到120之间的整数（周岁）")))
def age(value: Cell) -> int:
    written = plain(value)
    if not written.isdigit() or int(written) > MAX_AGE:
        raise ValidationError(
            _("年龄应为0到%(max)d之间的整数，“%(value)s”不是") % {"max": MAX_AGE, "value": cell_text(value)}
        )
    return int(written)


@accepting(Accepts(rule=gettext_lazy("正数，可带小数")))
def weight(value: Cell) -> float:
    try:
        result = float(plain(value))
    except ValueError:
        result = math.nan
    if not math.isfinite(result) or result <= 0:
        raise ValidationError(_("权数应为正数，“%(value)s”不是") % {"value": cell_text(value)})
    return result


def _bulk_only(context, values):
    raise NotImplementedError("survey microdata are imported in bulk by jiuye.lfs.services.survey_period_import")


ANSWER_NOTES = {
    "in_school": gettext_lazy("是否在校学生"),
    "worked_last_week": gettext_lazy("调查前一周是否为取得收入工作过1小时以上"),
    "temporarily_absent": gettext_lazy("是否有工作但暂时未到岗（休假、培训等）"),
    "searched_last_3_months": gettext_lazy("近3个月内是否找过工作"),
    "available_within_2_weeks": gettext_lazy("如有合适的工作，能否在2周内开始工作"),
    "searched_last_4_weeks": gettext_lazy("近4周内是否找过工作（国际劳工组织口径需要，可不填）"),
}
COLUMNS = (
    Column("person_id", "person_id", text(32), required=True, note=gettext_lazy("被调查人的编号，在文件中唯一")),
    Column("household_id", "household_id", text(32), required=True, note=gettext_lazy("所在住户的编号")),
    Column("stratum", "stratum", text(32), required=True, note=gettext_lazy("抽样设计的层")),
    Column("psu", "psu", text(32), required=True, note=gettext_lazy("初级抽样单位（调查小区）的编号")),
    Column("weight", "weight", weight, required=True, note=gettext_lazy("个人权数")),
    Column(
        "region_code", "region_code", region_code, required=True,
        note=gettext_lazy("所在县（市、区）的6位区划代码，须是山西省的县级区划"),
    ),
    Column("urban", "urban", answer, required=True, note=gettext_lazy("是否城镇（1城镇，0乡村）")),
    Column("sex", "sex", sex, required=True, note=gettext_lazy("性别")),
    Column("age", "age", age, required=True, note=gettext_lazy("周岁年龄")),
    *(Column(name, name, answer, required=True, note=ANSWER_NOTES[name]) for name in ANSWERS),
    *(Column(name, name, answer, note=ANSWER_NOTES[name]) for name in OPTIONAL_ANSWERS),
)  # fmt: skip
# A kind, so that the framework's header mapping, cell parsing, error rows, blank template and import list serve it;
# bulk, so the row-by-row upload page does not offer it (it has no per-row service: see the module's docstring).
MICRODATA_KIND = register_kind(
    ImportKind(
        code=KIND,
        label=gettext_lazy("劳动力调查微观数据"),
        columns=COLUMNS,
        save_row=_bulk_only,
        can_run=can_import_microdata,
        duplicate_key="person_id",
        row_by_row=False,
        updated_label=gettext_lazy("替换"),
        guide=(
            gettext_lazy("每月一个文件，每人一行；同一月份再次导入不同的文件将整月替换，导入相同的文件不做改动。"),
        ),
    )
)


@dataclass
class MicrodataFile:
    """What reading a file found: the framework's result (header, unknown columns, rejected rows with their
    reasons, or the failure of the whole file) and the valid rows, parsed, in file order."""

    result: ImportResult = field(default_factory=ImportResult)
    rows: list[dict] = field(default_factory=list)

    def microdata(self) -> Microdata:
        return microdata_from_rows(self.rows)


def microdata_read(path: Path, *, user: User | None = None) -> MicrodataFile:
    """Read and check every row of a microdata file. With `user`, rows outside the user's region are rejected (the
    framework's rule: nobody writes outside their region); without, as `lfs_estimate` reads a file, they are not."""
    read = MicrodataFile()
    counties = set(Region.objects.filter(level=RegionLevel.COUNTY).values_list("code", flat=True))
    try:
        with open_table(path, known_headers=MICRODATA_KIND.known_headers) as table:
            read.result.header = table.header
            columns = columns_map(MICRODATA_KIND, table.header, read.result)
            seen: dict[str, int] = {}
            for number, cells in table.rows:
                if not is_blank(cells):
                    _row_read(read, columns, number, cells, counties, seen, user)
    except ImportFileError as error:
        read.result.failure = str(error)
    return read


def _row_read(read: MicrodataFile, columns, number: int, cells: list[Cell], counties, seen, user) -> None:
    values, errors = row_parse(MICRODATA_KIND, columns, number, cells)
    for key, reason in _row_check(values, counties, user).items():
        errors.append(row_error(number, columns.get(key), cells, reason))
    person = values["person_id"]
    if person is not None:
        first = seen.setdefault(person, number)
        if first != number:
            reason = _("与第%(row)d行重复（%(column)s相同），本行未导入") % {"row": first, "column": "person_id"}
            errors.append(row_error(number, columns["person_id"], cells, reason))
    if errors:
        read.result.reject(number, cells, errors)
    else:
        read.rows.append(values)


def _row_check(values: dict, counties: set[str], user: User | None) -> dict[str, str]:
    """Reasons by column key for what each cell alone cannot tell."""
    errors = {}
    code = values["region_code"]
    if code is not None and code not in counties:
        errors["region_code"] = _("“%(code)s”不是山西省的县级区划代码（应为6位县级代码，如140105）") % {"code": code}
    elif code is not None and user is not None and not can_view_region(user, code):
        errors["region_code"] = _("“%(code)s”不在您的管辖范围内") % {"code": code}
    if values["searched_last_4_weeks"] and values["searched_last_3_months"] is False:
        errors["searched_last_4_weeks"] = _(
            "近4周内找过工作（searched_last_4_weeks=1），则近3个月内也找过工作，与searched_last_3_months=0矛盾"
        )
    return errors


def microdata_from_rows(rows: list[dict]) -> Microdata:
    """Parsed rows (from a file, or from `SurveyRecord` values with the same keys) as the arrays the estimators
    take; the 4-week search answer as floats, NaN where not asked."""

    def column(key: str, dtype) -> np.ndarray:
        return np.array([row[key] for row in rows], dtype=dtype)

    four_weeks = np.array(
        [
            math.nan if row.get("searched_last_4_weeks") is None else float(row["searched_last_4_weeks"])
            for row in rows
        ],
        dtype=float,
    )
    answers = {key: column(key, bool) for key in ANSWERS if key != "in_school"}
    answers["searched_last_4_weeks"] = four_weeks
    return Microdata(
        stratum=column("stratum", object),
        psu=column("psu", object),
        weight=column("weight", float),
        region=column("region_code", object),
        urban=column("urban", bool),
        sex=column("sex", int),
        age=column("age", int),
        in_school=column("in_school", bool),
        answers=answers,
    )

"""Reading a month of survey microdata (one row per surveyed person) with the import framework's readers, columns and
error report, but in bulk.

The framework's kinds (`jiuye.imports.kinds`) write each row through domain services inside its own savepoint, some
hundreds of rows a second; a month of microdata is 100,000 rows or more and has no service per row, so this module
is not a registered kind. It declares the columns as `Column`s, reads the file as columns (`jiuye.imports.frames`:
polars splits a plain CSV, anything else comes through `open_table`), maps headers with the framework's helper and
checks whole columns with the parsers' whole-column forms (the same Chinese reasons: `必填，不能为空`, `缺少必填的列`,
duplicates), and hands back the valid rows as a polars frame; `jiuye.lfs.services.survey_period_import` writes
them in bulk (`COPY` on PostgreSQL) in one transaction and the rejected rows go to the same errors.xlsx.

Columns, exactly as the survey office names them: `person_id, household_id, stratum, psu, weight, region_code,
urban, sex, age, in_school, worked_last_week, temporarily_absent, searched_last_3_months,
available_within_2_weeks`, and optionally `searched_last_4_weeks` (needed by the ILO profile only). Answers are 0/1,
sex 1 (men) or 2 (women), region_code a county (县级) code of Shanxi.
"""

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.accounts.models import User
from jiuye.accounts.scope import user_region_prefix
from jiuye.imports.columnar import vectorized
from jiuye.imports.columns import Accepts, Column, Option, accepting, ascii_digits, plain, region_code, text
from jiuye.imports.frames import ROW, Block, column, frame_table
from jiuye.imports.kinds import ImportKind, register_kind
from jiuye.imports.readers import Cell, ImportFileError, cell_text
from jiuye.imports.results import ImportResult, RowError
from jiuye.imports.services import columns_map
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


@vectorized(lambda written: (written == "1", written.is_in(["0", "1"])))
@accepting(Accepts(rule=gettext_lazy("0（否）或1（是）"), options=(Option("0"), Option("1"))))
def answer(value: Cell) -> bool:
    """A 0/1 answer (`1.0` from a spreadsheet cell is 1)."""
    written = plain(value)
    if written not in ("0", "1"):
        raise ValidationError(_("应填0或1，“%(value)s”不是") % {"value": cell_text(value)})
    return written == "1"


@vectorized(lambda written: (written.cast(pl.Int64, strict=False), written.is_in(["1", "2"])))
@accepting(Accepts(rule=gettext_lazy("1（男）或2（女）"), options=(Option("1"), Option("2"))))
def sex(value: Cell) -> int:
    written = plain(value)
    if written not in ("1", "2"):
        raise ValidationError(_("性别应填1（男）或2（女），“%(value)s”不是") % {"value": cell_text(value)})
    return int(written)


def age_check(written: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    number = written.cast(pl.Int64, strict=False)
    return number, written.str.contains(r"^[0-9]{1,3}$") & (number <= MAX_AGE)


@vectorized(age_check)
@accepting(Accepts(rule=gettext_lazy("0到120之间的整数（周岁）")))
def age(value: Cell) -> int:
    written = plain(value)
    if not ascii_digits(written) or int(written) > MAX_AGE:
        raise ValidationError(
            _("年龄应为0到%(max)d之间的整数，“%(value)s”不是") % {"max": MAX_AGE, "value": cell_text(value)}
        )
    return int(written)


def weight_check(written: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Plain decimals only (`812.5`); exponents, signs, `inf` and the like are left to `weight`."""
    number = written.cast(pl.Float64, strict=False)
    return number, written.str.contains(r"^[0-9]{1,15}(?:\.[0-9]{1,15})?$") & (number > 0)


@vectorized(weight_check)
@accepting(Accepts(rule=gettext_lazy("正数，可带小数")))
def weight(value: Cell) -> float:
    written = plain(value)
    try:
        # float() also takes other scripts' digits (`٨١٢`) and `1_000`: ASCII digits, point, sign and exponent only.
        result = float(written) if written.isascii() and "_" not in written else math.nan
    except ValueError:
        result = math.nan
    if not math.isfinite(result) or result <= 0:
        raise ValidationError(_("权数应为正数，“%(value)s”不是") % {"value": cell_text(value)})
    return result


def _bulk_only(context, rows):
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
        save_chunk=_bulk_only,
        can_run=can_import_microdata,
        duplicate_key="person_id",
        on_upload_page=False,
        updated_label=gettext_lazy("替换"),
        guide=(
            gettext_lazy("每月一个文件，每人一行；同一月份再次导入不同的文件将整月替换，导入相同的文件不做改动。"),
        ),
    )
)


@dataclass
class MicrodataFile:
    """What reading a file found: the framework's result (header, unknown columns, rejected rows with their
    reasons, or the failure of the whole file) and the valid rows, parsed, in file order, as a polars frame with a
    column per key (`RECORD_KEYS`)."""

    result: ImportResult = field(default_factory=ImportResult)
    frame: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=RECORD_SCHEMA))

    @property
    def count(self) -> int:
        return len(self.frame)

    @property
    def rows(self) -> list[dict]:
        """The valid rows as dicts by key (slow for a whole month: `frame` is the same as columns)."""
        return self.frame.to_dicts()

    def microdata(self) -> Microdata:
        return microdata_from_frame(self.frame)


RECORD_SCHEMA = {
    "person_id": pl.String, "household_id": pl.String, "stratum": pl.String, "psu": pl.String, "weight": pl.Float64,
    "region_code": pl.String, "urban": pl.Boolean, "sex": pl.Int64, "age": pl.Int64,
    **dict.fromkeys((*ANSWERS, *OPTIONAL_ANSWERS), pl.Boolean),
}  # fmt: skip


def microdata_read(path: Path, *, user: User | None = None) -> MicrodataFile:
    """Read and check every row of a microdata file. With `user`, rows outside the user's region are rejected (the
    framework's rule: nobody writes outside their region); without, as `lfs_estimate` reads a file, they are not.

    The file is read as columns (`jiuye.imports.frames`) and checked a column at a time: the parsers' whole-column
    forms, then the checks across a row and the duplicates as polars expressions. The rejected rows get the same
    reasons, in the same order, as the row-by-row check gave."""
    read = MicrodataFile()
    counties = list(Region.objects.filter(level=RegionLevel.COUNTY).values_list("code", flat=True))
    try:
        with frame_table(path, known_headers=MICRODATA_KIND.known_headers) as table:
            read.result.header = table.header
            columns = columns_map(MICRODATA_KIND, table.header, read.result)
            check = _BlockCheck(columns, counties, user)
            frames = [check(read.result, block) for block in table.blocks]
            if frames:
                read.frame = pl.concat(frames)
    except ImportFileError as error:
        read.result.failure = str(error)
    return read


class _BlockCheck:
    """Checks the blocks of one file in order, remembering each person's first row across blocks."""

    def __init__(self, columns: dict, counties: list[str], user: User | None) -> None:
        self.columns, self.counties, self.user = columns, counties, user
        self.prefix = user_region_prefix(user) if user is not None else None
        self.blocks: list[pl.DataFrame] = []  # each earlier block's person ids and row numbers

    def __call__(self, result: ImportResult, block: Block) -> pl.DataFrame:
        values, reasons = self._cells(block)
        frame = pl.DataFrame(values).with_columns(block.numbers)
        row_reasons = self._rows(frame)
        rejected = set(reasons)
        for series in row_reasons.values():
            rejected.update(series.is_not_null().arg_true().to_list())
        for index in sorted(rejected):
            number = int(block.numbers[index])
            errors = [self._error(number, key, reason, block, index) for key, reason in reasons.get(index, ())]
            errors += [
                self._error(number, key, series[index], block, index)
                for key, series in row_reasons.items()
                if series[index] is not None
            ]
            result.reject(number, block.row_cells(index), errors)
        keep = pl.Series(range(len(block))).is_in(sorted(rejected)).not_()
        return frame.filter(keep).select(RECORD_SCHEMA.keys())

    def _cells(self, block: Block) -> tuple[dict[str, pl.Series], dict[int, list[tuple[str, str]]]]:
        """Each key's values (typed, null where blank or wrong) and the reasons of the wrong cells by row index, in
        column order."""
        expressions = []
        for key, mapped in self.columns.items():
            text = pl.col(column(mapped.index))
            value, accepted = mapped.column.parse.vectorized.check(text)
            accepted = accepted.fill_null(False)
            expressions += [
                pl.when(accepted).then(value).cast(RECORD_SCHEMA[key]).alias(key),
                ((text != "") & ~accepted).alias(f"parse:{key}"),
                (text == "").alias(f"blank:{key}"),
            ]
        checked = block.text.select(expressions) if expressions else pl.DataFrame()
        values = {
            key: checked[key]
            if key in self.columns
            else pl.repeat(None, len(block), dtype=dtype, eager=True).alias(key)
            for key, dtype in RECORD_SCHEMA.items()
        }
        reasons: dict[int, list[tuple[str, str]]] = {}
        for key, mapped in self.columns.items():
            parse, blank = checked[f"parse:{key}"], checked[f"blank:{key}"]
            fixed_at, fixed = [], []
            for index in parse.arg_true().to_list() if parse.any() else ():
                try:
                    fixed.append(mapped.column.parse(block.cell(index, mapped.index)))
                    fixed_at.append(index)
                except ValidationError as error:
                    reasons.setdefault(index, []).append((key, "；".join(error.messages)))
            if mapped.column.required and blank.any():
                for index in blank.arg_true().to_list():
                    reasons.setdefault(index, []).append((key, _("必填，不能为空")))
            if fixed_at:
                values[key] = values[key].scatter(fixed_at, pl.Series(fixed, dtype=RECORD_SCHEMA[key]))
        return values, reasons  # each row's reasons in column order, as the columns were gone through

    def _rows(self, frame: pl.DataFrame) -> dict[str, pl.Series]:
        """Reasons by column key (null where none) for what each cell alone cannot tell, in the order the row check
        gives them: the region, the four-week answer, the duplicate person."""
        code = pl.col("region_code")
        not_county = code.is_not_null() & ~code.is_in(self.counties)
        county_reason = _("“%(code)s”不是山西省的县级区划代码（应为6位县级代码，如140105）")
        region = pl.when(not_county).then(_formatted(county_reason, code))
        if self.user is not None:
            inside = code.str.starts_with(self.prefix) if self.prefix is not None else pl.lit(False)
            region = region.when(code.is_not_null() & ~inside).then(
                _formatted(_("“%(code)s”不在您的管辖范围内"), code)
            )
        four_weeks = pl.col("searched_last_4_weeks").fill_null(False) & (
            pl.col("searched_last_3_months") == False  # noqa: E712 (a null answer is not a "no")
        ).fill_null(False)
        contradiction = _(
            "近4周内找过工作（searched_last_4_weeks=1），则近3个月内也找过工作，与searched_last_3_months=0矛盾"
        )
        first = self._first_rows(frame)
        duplicate_reason = _("与第%(row)d行重复（%(column)s相同），本行未导入")
        duplicate = pl.when(first.is_not_null() & (first != pl.col(ROW))).then(
            _formatted(duplicate_reason.replace("%(column)s", "person_id"), first.cast(pl.String), "%(row)d")
        )
        checked = frame.select(
            region.alias("region_code"),
            pl.when(four_weeks).then(pl.lit(contradiction)).alias("searched_last_4_weeks"),
            duplicate.alias("person_id"),
        )
        return {name: checked[name] for name in checked.columns}

    def _first_rows(self, frame: pl.DataFrame) -> pl.Expr:
        """The first row of each person (null for none), in this block or an earlier one, as an expression over
        `frame`. Only the rows of a person seen before need the first row's number, so only they are looked up."""
        person = frame.select("person_id", ROW)
        earlier = (
            pl.concat([self._firsts(block) for block in self.blocks]) if self.blocks else None
        )  # a file of one block (a plain CSV) never pays for this
        self.blocks.append(person)
        repeated = person.select(
            (pl.col("person_id").is_not_null() & ~pl.col("person_id").is_first_distinct()).alias("repeated")
        )["repeated"]
        if earlier is not None:
            repeated = repeated | person["person_id"].is_in(earlier["person_id"].implode())
        if not repeated.any():
            return pl.lit(None, dtype=pl.Int64)
        firsts = (
            self._firsts(person)
            if earlier is None
            else pl.concat([earlier, self._firsts(person)]).unique("person_id", keep="first", maintain_order=True)
        )
        found = person.join(firsts.rename({ROW: "first"}), on="person_id", how="left", maintain_order="left")
        return pl.lit(found["first"])

    @staticmethod
    def _firsts(person: pl.DataFrame) -> pl.DataFrame:
        return person.filter(pl.col("person_id").is_not_null() & pl.col("person_id").is_first_distinct())

    def _error(self, number: int, key: str, reason: str, block: Block, index: int) -> RowError:
        mapped = self.columns.get(key)
        if mapped is None:
            return RowError(row=number, column="", reason=reason)
        return RowError(row=number, column=mapped.header, reason=reason, value=block.text[column(mapped.index)][index])


def _formatted(template: str, value: pl.Expr, placeholder: str = "%(code)s") -> pl.Expr:
    """A Chinese reason with a column's value in it, for every row at once."""
    before, after = template.split(placeholder)
    return pl.concat_str(pl.lit(before), value, pl.lit(after))


def microdata_from_frame(frame: pl.DataFrame) -> Microdata:
    """Checked rows (`MicrodataFile.frame`) as the arrays the estimators take; the 4-week search answer as floats,
    NaN where not asked."""
    answers = {key: frame[key].to_numpy().astype(bool) for key in ANSWERS if key != "in_school"}
    answers["searched_last_4_weeks"] = frame["searched_last_4_weeks"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    return Microdata(
        stratum=frame["stratum"].to_numpy().astype(object),
        psu=frame["psu"].to_numpy().astype(object),
        weight=frame["weight"].to_numpy().astype(float),
        region=frame["region_code"].to_numpy().astype(object),
        urban=frame["urban"].to_numpy().astype(bool),
        sex=frame["sex"].to_numpy().astype(int),
        age=frame["age"].to_numpy().astype(int),
        in_school=frame["in_school"].to_numpy().astype(bool),
        answers=answers,
    )

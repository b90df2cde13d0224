"""The indicators' actual values from Excel (指标实际值): one row per indicator, region and year (or month), written
through `jiuye.plans.services.actuals_record` as the importing analyst, a chunk of rows at a time. The same file again
changes nothing; a row that changes a value already recorded needs its 修订原因, and the old value stays in the
revision history."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.accounts.models import User
from jiuye.imports.columns import Accepts, Column, Option, accepting, ascii_digits, choice, date, plain, text
from jiuye.imports.kinds import ImportContext, ImportKind, register_kind
from jiuye.imports.readers import Cell, cell_text
from jiuye.imports.results import Outcome
from jiuye.plans.column1 import rows as column1_rows
from jiuye.plans.enums import ActualSource
from jiuye.plans.models import VALUE, Indicator
from jiuye.plans.perms import EDITOR_ROLES
from jiuye.plans.services import ActualLine, actuals_record
from jiuye.reference.models import Region

SOURCE_ALIASES = {"公报": ActualSource.BULLETIN, "录入": ActualSource.ENTERED}


class FileSource(models.TextChoices):
    """The sources a file may name (the demo's own is not one of them)."""

    BULLETIN = ActualSource.BULLETIN.value, ActualSource.BULLETIN.label
    ENTERED = ActualSource.ENTERED.value, ActualSource.ENTERED.label
    IMPORTED = ActualSource.IMPORTED.value, ActualSource.IMPORTED.label


def _indicator_names() -> dict[str, str]:
    """Name (with and without its unit) and code -> code."""
    names = {}
    for row in column1_rows():
        names.update({row.name: row.code, row.name.split("（")[0]: row.code, row.code: row.code})
    return names


@accepting(
    Accepts(
        rule=gettext_lazy("专栏1中的指标名称（可不带单位）或指标代码"),
        options=tuple(Option(row.name, (row.name.split("（")[0], row.code)) for row in column1_rows()),
    )
)
def indicator(value: Cell) -> str:
    written = plain(value)
    code = _indicator_names().get(written) or _indicator_names().get(cell_text(value).strip())
    if code is None:
        raise ValidationError(_("“%(value)s”不是专栏1中的指标") % {"value": cell_text(value)})
    return code


@accepting(Accepts(rule=gettext_lazy("省、市、县（市、区）的区划代码（14、1401、140105）或名称（太原市、小店区）")))
def region(value: Cell) -> str:
    return plain(value)


def whole(low: int, high: int):
    @accepting(Accepts(rule=format_range(low, high)))
    def parse(value: Cell) -> int:
        written = plain(value).removesuffix("年").removesuffix("月")
        if not ascii_digits(written) or not low <= int(written) <= high:
            raise ValidationError(_("应为%(low)d—%(high)d的整数") % {"low": low, "high": high})
        return int(written)

    return parse


def format_range(low: int, high: int) -> str:
    return _("%(low)d—%(high)d的整数") % {"low": low, "high": high}


# The values' column holds 12 digits, 4 of them after the point: a bigger number cannot be stored.
VALUE_LIMIT = 10 ** (VALUE["max_digits"] - VALUE["decimal_places"])


@accepting(Accepts(rule=gettext_lazy("数字，按指标的单位填写（万人、%、年），如47.03")))
def number(value: Cell) -> Decimal:
    written = plain(value).replace(",", "").removesuffix("%")
    try:
        result = Decimal(written)
    except InvalidOperation as error:
        raise ValidationError(_("“%(value)s”不是数字") % {"value": cell_text(value)}) from error
    # Decimal() also takes other scripts' digits (`٤٧`); `1E+400` and `NaN` are numbers to it but to no indicator.
    if not written.isascii() or not result.is_finite():
        raise ValidationError(_("“%(value)s”不是数字") % {"value": cell_text(value)})
    if abs(result) >= VALUE_LIMIT:
        raise ValidationError(
            _("“%(value)s”超出了可填的范围（绝对值应小于%(limit)s）")
            % {"value": cell_text(value), "limit": VALUE_LIMIT}
        )
    return result


COLUMNS = (
    Column("指标", "indicator", indicator, required=True, note=gettext_lazy("专栏1的十项主要指标之一")),
    Column("区划", "region", region, required=True, aliases=("区划代码", "地区"),
           note=gettext_lazy("数据所属的省、市或县（市、区）")),
    Column("年份", "year", whole(2020, 2025), required=True, note=gettext_lazy("数据所属年份")),
    Column("月份", "month", whole(1, 12), note=gettext_lazy("月度数据的月份；全年数留空")),
    Column("数值", "value", number, required=True, note=gettext_lazy("按指标单位：万人、%、年、万人次")),
    Column("来源", "source", choice(FileSource, SOURCE_ALIASES), note=gettext_lazy("留空为“批量导入”")),
    Column("来源说明", "source_note", text(200), note=gettext_lazy("如“2024年度山西省人社事业发展统计公报”")),
    Column("数据日期", "as_of", date, required=True, note=gettext_lazy("公布或统计截止的日期")),
    Column("修订原因", "reason", text(200), note=gettext_lazy("修改已录入的数值时必填")),
)  # fmt: skip


def actuals_chunk_save(context: ImportContext, rows: list[dict]) -> list[Outcome | ValidationError]:
    """A chunk of values: the indicators read once an import and the regions named by code in one query, each
    row's region found as the row-by-row import found it, then the values recorded by `actuals_record`."""
    indicators = context.cache.setdefault("indicators", {i.code: i for i in Indicator.objects.all()})
    by_code = Region.objects.in_bulk({row["region"] for row in rows if row["region"].isdigit()})
    outcomes: list[Outcome | ValidationError | None] = []
    lines: list[ActualLine] = []
    for row in rows:
        try:
            place = _region(context, by_code, row["region"])
        except ValidationError as error:
            outcomes.append(error)
            continue
        outcomes.append(None)
        lines.append(
            ActualLine(
                indicator=indicators[row["indicator"]], region=place, year=row["year"], month=row["month"] or 0,
                value=row["value"], source=row["source"] or ActualSource.IMPORTED, as_of=row["as_of"],
                source_note=row["source_note"] or "", reason=row["reason"] or "",
            )
        )  # fmt: skip
    recorded = iter(actuals_record(actor=context.user, lines=lines))
    return [outcome if outcome is not None else next(recorded) for outcome in outcomes]


def _region(context: ImportContext, by_code: dict[str, Region], written: str) -> Region:
    if written.isdigit():
        found = by_code.get(written)
    else:
        try:
            found = context.regions.find(written)
        except ValidationError as error:
            raise ValidationError({"region": error.messages}) from error
    if found is None:
        raise ValidationError({"region": _("没有区划代码为%(code)s的区划") % {"code": written}})
    return found


def can_import_actuals(user: User) -> bool:
    return user.is_active and any(user.has_role(role) for role in EDITOR_ROLES)


PLAN_ACTUALS = register_kind(
    ImportKind(
        code="plan_actuals",
        label=gettext_lazy("规划指标实际值"),
        columns=COLUMNS,
        save_chunk=actuals_chunk_save,
        can_run=can_import_actuals,
        updated_label=gettext_lazy("修订"),
        guide=(
            gettext_lazy(
                "每行一个指标在一个地区一年（或一个月）的数值；再次导入同一文件不做改动。修改已录入的数值须填写"
                "修订原因，原值保留在修订记录中。"
            ),
        ),
    )
)

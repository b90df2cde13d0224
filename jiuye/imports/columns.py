"""What a column of an import is (its Chinese header, the other names registers give it, whether it must be filled,
what it holds, how its cells are read) and the cell parsers the kinds share.

A parser takes one non-blank cell as the reader gives it (text, a number, a `datetime`) and returns the value, or
raises `ValidationError` with the reason in Chinese, which goes to the row's error report as it is. A parser says
what it accepts (`Accepts`, through `accepting`), so that the blank template's 填写说明 and its drop-downs list
exactly what the parser takes, from the same place. The common parsers also have a whole-column form
(`jiuye.imports.columnar.vectorized`): polars expressions that accept the ordinary cells of a column at once and
leave the rest to the parser, for its value or its reason.
"""

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.datetime import from_excel

from jiuye.imports.columnar import vectorized
from jiuye.imports.readers import Cell, cell_text, header_key
from jiuye.reference.services import normalise_region_code

Parser = Callable[[Cell], object]


@dataclass(frozen=True)
class Option:
    """One value a column offers (`大学本科`) and the other spellings its parser also takes (`本科`, `大本`)."""

    value: str
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Accepts:
    """What a parser takes, in Chinese (`rule`), and, for a parser that takes one of a list, the `options` a
    drop-down offers; `is_date` marks the date columns."""

    rule: str = ""
    options: tuple[Option, ...] = ()
    is_date: bool = False


def accepting(accepts: Accepts) -> Callable[[Parser], Parser]:
    """Mark a parser with what it accepts: `@accepting(Accepts(rule=...))`."""

    def mark(parse: Parser) -> Parser:
        parse.accepts = accepts
        return parse

    return mark


@dataclass(frozen=True)
class Column:
    """`key` is the name the row handler reads the value by; where a service validates the same value, use the
    service's field name (`graduation_date`), so that its ValidationError lands on this column. `note` says what
    the column holds, for the blank template's 填写说明 (the parser's `Accepts` says how to write it)."""

    header: str
    key: str
    parse: Parser
    required: bool = False
    aliases: tuple[str, ...] = ()
    note: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(header_key(name) for name in (self.header, *self.aliases))

    @property
    def accepts(self) -> Accepts:
        return getattr(self.parse, "accepts", Accepts())


def ascii_digits(written: str) -> bool:
    """Whether `written` is the digits 0-9 and nothing else. `str.isdigit` also takes other scripts' digits (Arabic-
    Indic `٣`, Kharosthi `𐩀`, superscript `²`), which `int()` reads as other numbers or refuses with a ValueError;
    cells are read after NFKC (`plain`), which has already made full-width digits (`２０２４`) ASCII."""
    return written.isascii() and written.isdigit()


WHOLE_NUMBER = re.compile(r"\+?([0-9]+)(?:\.0*)?")
WHOLE_NUMBER_MAX = 2_147_483_647  # the largest a PositiveIntegerField holds in every database Django supports


def whole_number_value(written: str) -> int | None:
    """`written` (as `plain` gives it) as a whole number from 0 to WHOLE_NUMBER_MAX, or None: ASCII digits, with
    Excel's `.0` (`3.0`) allowed. No sign but `+`, no exponent, no `nan` or `inf`, no `_` (all of which `float()`
    takes, and `int(float())` then refuses with a ValueError or an OverflowError), no other scripts' digits."""
    match = WHOLE_NUMBER.fullmatch(written)
    if match is None:
        return None
    number = int(match[1])
    return number if number <= WHOLE_NUMBER_MAX else None


def plain(value: Cell) -> str:
    """Full-width digits and letters made ordinary (`１４０１０５` -> `140105`), spaces removed."""
    return "".join(unicodedata.normalize("NFKC", cell_text(value)).split())


def text(max_length: int) -> Parser:
    @vectorized(lambda written: (written, written.str.len_chars() <= max_length))
    @accepting(Accepts(rule=format_lazy(gettext_lazy("文字，不超过{max}个字"), max=max_length)))
    def parse(value: Cell) -> str:
        result = cell_text(value)
        if len(result) > max_length:
            raise ValidationError(
                _("不能超过%(max)d个字，现有%(length)d个字") % {"max": max_length, "length": len(result)}
            )
        return result

    return parse


CHOICE_RULE = gettext_lazy("从下拉列表中选择，或填写“也可填”后面的写法：")


def choice(choices: type[models.TextChoices], aliases: dict[str, str] | None = None) -> Parser:
    """One of `choices`, by its label (`大学本科`), its label without the part in brackets, its code, or an alias
    (`本科`). Matching ignores spaces and full-width forms."""
    lookup = {}
    for value, label in choices.choices:
        for name in (value, label, re.sub(r"[（(].*?[）)]", "", str(label))):
            lookup[header_key(name)] = value
    lookup.update({header_key(name): value for name, value in (aliases or {}).items()})
    allowed = "、".join(str(label) for label in choices.labels)

    def check(written: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        # A text that is a key as `header_key` writes it is its own key (header_key changes it no more). The values
        # are positions in the lookup's values, which may be enum members (an alias's target) or plain codes.
        position = written.replace_strict(list(lookup), range(len(lookup)), default=None, return_dtype=pl.Int64)
        return position, position.is_not_null()

    @vectorized(check, objects=lookup.values())
    @accepting(Accepts(rule=CHOICE_RULE, options=_options(choices, aliases or {})))
    def parse(value: Cell) -> str:
        result = lookup.get(header_key(value))
        if result is None:
            raise ValidationError(
                _("“%(value)s”不是可选的值，可填：%(allowed)s") % {"value": cell_text(value), "allowed": allowed}
            )
        return result

    return parse


def _options(choices: type[models.TextChoices], aliases: dict[str, str]) -> tuple[Option, ...]:
    """The labels a choice offers, each with the other spellings it takes: the label without its part in brackets,
    a code made of digits (`1` for 男), the aliases. An alias of a value that is not a choice (`不限`, an empty
    requirement) is offered too, under its first alias."""
    options = []
    for value, label in choices.choices:
        also = [re.sub(r"[（(].*?[）)]", "", str(label)), *([value] if value.isdigit() else [])]
        also += [name for name, target in aliases.items() if target == value]
        options.append(Option(str(label), tuple(dict.fromkeys(name for name in also if name != str(label)))))
    for value in dict.fromkeys(target for target in aliases.values() if target not in choices.values):
        names = [name for name, target in aliases.items() if target == value]
        options.append(Option(names[0], tuple(names[1:])))
    return tuple(options)


# ASCII digits only (`\\d` takes any script's, `٢٠٢٤`); a cell is read after NFKC, which makes full-width ones ASCII.
DATE_FORMATS = [
    re.compile(
        r"^(?P<year>[0-9]{4})[-/.](?P<month>[0-9]{1,2})[-/.](?P<day>[0-9]{1,2})"
        r"(?:[ T]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$"
    ),
    re.compile(r"^(?P<year>[0-9]{4})年(?P<month>[0-9]{1,2})月(?:(?P<day>[0-9]{1,2})日?)?$"),
    re.compile(r"^(?P<year>[0-9]{4})(?P<month>[0-9]{2})(?P<day>[0-9]{2})$"),
    re.compile(r"^(?P<year>[0-9]{4})[-/.](?P<month>[0-9]{1,2})$"),
]
# Excel serial numbers read as dates: 10000 is 1927-05-18, 73415 is 2100-12-31. A bare year (`2024`) is not one.
EXCEL_SERIAL_MIN, EXCEL_SERIAL_MAX = 10_000, 73_415
DATE_YEARS = range(1900, 2101)


DATE_RULE = gettext_lazy(
    "日期，可写作2026-07-01、2026/7/1、2026.7.1、2026年7月1日、20260701，或Excel的日期单元格；只写到月的"
    "（2026-07、2026/7、2026年7月）按该月1日；日期后带的时间（2026-07-01 08:30）不计；失去日期格式的Excel日期序号"
    "（46204即2026-07-01）也可；年份须在1900至2100之间"
)


# The same forms in ASCII digits, for the whole-column check (the parser reads other digits after NFKC): the first
# takes 2024-06-30, 2024/6/30 and 2024.6.30 with or without a time, and 2024-06 (the separators made "-" first).
ASCII_DATE_FORMATS = [
    r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})(?:-(?P<d>[0-9]{1,2})(?:[ T]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?)?$",
    r"^(?P<y>[0-9]{4})年(?P<m>[0-9]{1,2})月(?:(?P<d>[0-9]{1,2})日?)?$",
    r"^(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})$",
]
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # openpyxl's `from_excel` for serials past 1900-02-28, as all here are


def date_check(written: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """`date` for a column: an Excel serial of five digits, or one of the forms in ASCII digits with a real date in
    1900-2100; anything else (a float serial, full-width digits, a date cell before 1900) is left to `date`."""
    number = written.cast(pl.Int64, strict=False)
    serial = written.str.contains(r"^[0-9]{5}$") & number.is_between(EXCEL_SERIAL_MIN, EXCEL_SERIAL_MAX)
    serial_date = pl.lit(EXCEL_EPOCH) + pl.duration(days=number)
    dashed = written.str.replace_all(r"[/.]", "-")
    found = [
        (dashed if index == 0 else written).str.extract_groups(pattern)
        for index, pattern in enumerate(ASCII_DATE_FORMATS)
    ]
    parts = [pl.coalesce([groups.struct.field(name) for groups in found]).cast(pl.Int32) for name in "ymd"]
    year, month = parts[0], parts[1]
    day = pl.when(year.is_not_null()).then(parts[2].fill_null(1))
    month_ok = month.is_between(1, 12)
    month_days = pl.date(year, pl.when(month_ok).then(month).otherwise(1), 1).dt.month_end().dt.day()
    real = month_ok & day.is_between(1, month_days) & year.is_between(DATE_YEARS.start, DATE_YEARS.stop - 1)
    written_date = pl.date(year, pl.when(real).then(month).otherwise(1), pl.when(real).then(day).otherwise(1))
    value = pl.when(serial).then(serial_date).when(real).then(written_date)
    return value, serial | real


@vectorized(date_check)
@accepting(Accepts(rule=DATE_RULE, is_date=True))
def date(value: Cell) -> datetime.date:
    """`2024-06-30`, `2024/6/30`, `2024.6.30`, `20240630`, `2024年6月30日`, `2024年6月` and `2024-06` (the first of
    the month), an Excel date cell, or an Excel serial number (45473 is 2024-06-30) where a cell lost its format."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    written = unicodedata.normalize("NFKC", cell_text(value)).strip()
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and EXCEL_SERIAL_MIN <= value <= EXCEL_SERIAL_MAX
    ):
        return from_excel(value).date()
    if ascii_digits(written) and EXCEL_SERIAL_MIN <= int(written) <= EXCEL_SERIAL_MAX:
        return from_excel(int(written)).date()
    for pattern in DATE_FORMATS:
        match = pattern.match(written)
        if match:
            parts = match.groupdict()
            try:
                result = datetime.date(int(parts["year"]), int(parts["month"]), int(parts.get("day") or 1))
            except ValueError:
                break
            if result.year in DATE_YEARS:
                return result
            break
    raise ValidationError(
        _("“%(value)s”不是有效的日期，请写成2024-06-30、2024/6/30、2024年6月30日或2024年6月")
        % {"value": cell_text(value)}
    )


MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$")
ASCII_PHONE = r"^(?:1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}(?:-[0-9]{1,6})?)$"


@vectorized(lambda written: (written, written.str.contains(ASCII_PHONE)))
@accepting(
    Accepts(
        rule=gettext_lazy(
            "11位手机号码（前面的+86可有可无），或带区号的固定电话，如0351-7654321、(0351)7654321，分机号接在第二个“-”后"
        )
    )
)
def phone(value: Cell) -> str:
    """An 11-digit mobile number (a leading +86 is dropped) or a landline with its area code (`0351-7654321`,
    extension after a second hyphen)."""
    written = plain(value).replace("—", "-").replace("－", "-")
    written = re.sub(r"^\((0\d{2,3})\)", r"\1-", written)
    written = re.sub(r"^\+?86-?(?=1\d{10}$)", "", written)
    if MOBILE.match(written) or LANDLINE.match(written):
        return written
    raise ValidationError(
        _("联系电话“%(value)s”无效：应为11位手机号码，或带区号的固定电话（如0351-7654321）")
        % {"value": cell_text(value)}
    )


REGION_CODE_RULE = gettext_lazy(
    "区划代码：6位（县级，如140105）、9位（街道、乡镇）或12位（统计用区划代码，如140105001001；末尾为0的部分可省）"
)


def region_code_expr(code: pl.Expr) -> pl.Expr:
    """`normalise_region_code` for a column of 6-, 9- or 12-digit codes: the all-zero trailing parts dropped, from
    the last (3 digits) to the second (2 digits)."""
    for start, length in ((9, 3), (6, 3), (4, 2), (2, 2)):
        code = (
            pl.when((code.str.len_chars() == start + length) & (code.str.slice(start) == "0" * length))
            .then(code.str.slice(0, start))
            .otherwise(code)
        )
    return code


REGION_CODE_DIGITS = r"^(?:[0-9]{6}|[0-9]{9}|[0-9]{12})$"


@vectorized(lambda written: (region_code_expr(written), written.str.contains(REGION_CODE_DIGITS)))
@accepting(Accepts(rule=REGION_CODE_RULE))
def region_code(value: Cell) -> str:
    """A region code of 6 (county), 9 (street) or 12 digits (统计用区划代码), trailing zero parts dropped:
    `140105000000` is the county 140105."""
    written = plain(value)
    if not ascii_digits(written) or len(written) not in (6, 9, 12):
        raise ValidationError(_("区划代码应为6位、9位或12位数字，“%(value)s”不是") % {"value": cell_text(value)})
    return normalise_region_code(written)


def region_code_or_name_check(written: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """A code as `region_code` reads it, or a name of common Chinese characters only (which NFKC leaves as they
    are); other names are left to the parser."""
    code = written.str.contains(REGION_CODE_DIGITS)
    value = pl.when(code).then(region_code_expr(written)).otherwise(written)
    return value, code | written.str.contains(r"^[\u4e00-\u9fff]+$")


@vectorized(region_code_or_name_check)
@accepting(
    Accepts(
        rule=format_lazy(
            gettext_lazy("{code}；或山西省的省、市、县名称，如小店区、太原市小店区（重名的县须带上级名称或改填代码）"),
            code=REGION_CODE_RULE,
        )
    )
)
def region_code_or_name(value: Cell) -> str:
    """A region code as `region_code` reads it, or a region's name (`小店区`, `太原市小店区`) to look up."""
    written = plain(value)
    return region_code(value) if ascii_digits(written) else written

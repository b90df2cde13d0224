"""What a column of an import is (its Chinese header, the other names registers give it, whether it must be filled,
how its cells are read) and the cell parsers the kinds share.

A parser takes one non-blank cell as the reader gives it (text, a number, a `datetime`) and returns the value, or
raises `ValidationError` with the reason in Chinese, which goes to the row's error report as it is.
"""

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from jiuye.imports.readers import Cell, cell_text, header_key
from jiuye.reference.services import normalise_region_code

Parser = Callable[[Cell], object]


@dataclass(frozen=True)
class Column:
    """`key` is the name the row handler reads the value by; where a service validates the same value, use the
    service's field name (`graduation_date`), so that its ValidationError lands on this column."""

    header: str
    key: str
    parse: Parser
    required: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(header_key(name) for name in (self.header, *self.aliases))


def plain(value: Cell) -> str:
    """Full-width digits and letters made ordinary (`１４０１０５` -> `140105`), spaces removed."""
    return "".join(unicodedata.normalize("NFKC", cell_text(value)).split())


def text(max_length: int) -> Parser:
    def parse(value: Cell) -> str:
        result = cell_text(value)
        if len(result) > max_length:
            raise ValidationError(
                _("不能超过%(max)d个字，现有%(length)d个字") % {"max": max_length, "length": len(result)}
            )
        return result

    return parse


def choice(choices: type[models.TextChoices], aliases: dict[str, str] | None = None) -> Parser:
    """One of `choices`, by its label (`大学本科`), its label without the part in brackets, its code, or an alias
    (`本科`). Matching ignores spaces and full-width forms."""
    lookup = {}
    for value, label in choices.choices:
        for name in (value, label, re.sub(r"[（(].*?[）)]", "", str(label))):
            lookup[header_key(name)] = value
    lookup.update({header_key(name): value for name, value in (aliases or {}).items()})
    allowed = "、".join(str(label) for label in choices.labels)

    def parse(value: Cell) -> str:
        result = lookup.get(header_key(value))
        if result is None:
            raise ValidationError(
                _("“%(value)s”不是可选的值，可填：%(allowed)s") % {"value": cell_text(value), "allowed": allowed}
            )
        return result

    return parse


DATE_FORMATS = [
    re.compile(r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?:[ T]+\d{1,2}:\d{2}(?::\d{2})?)?$"),
    re.compile(r"^(?P<year>\d{4})年(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日?)?$"),
    re.compile(r"^(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})$"),
    re.compile(r"^(?P<year>\d{4})[-/.](?P<month>\d{1,2})$"),
]
# Excel serial numbers read as dates: 10000 is 1927-05-18, 73415 is 2100-12-31. A bare year (`2024`) is not one.
EXCEL_SERIAL_MIN, EXCEL_SERIAL_MAX = 10_000, 73_415
DATE_YEARS = range(1900, 2101)


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
    if written.isdigit() and EXCEL_SERIAL_MIN <= int(written) <= EXCEL_SERIAL_MAX:
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


def region_code(value: Cell) -> str:
    """A region code of 6 (county), 9 (street) or 12 digits (统计用区划代码), trailing zero parts dropped:
    `140105000000` is the county 140105."""
    written = plain(value)
    if not written.isdigit() or len(written) not in (6, 9, 12):
        raise ValidationError(_("区划代码应为6位、9位或12位数字，“%(value)s”不是") % {"value": cell_text(value)})
    return normalise_region_code(written)


def region_code_or_name(value: Cell) -> str:
    """A region code as `region_code` reads it, or a region's name (`小店区`, `太原市小店区`) to look up."""
    written = plain(value)
    return region_code(value) if written.isdigit() else written

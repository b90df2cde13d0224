"""The resident ID number (公民身份号码, GB 11643-1999): parsing, checking, and the parts derived from it.

What is checked: 18 characters (17 digits and a check character 0-9 or X), the check character, and a real birth
date not in the future. What is not: whether the area code existed at the birth date, because numbers keep their old
area code when areas are renamed, so python-stdnum's `cn.ric.validate`, which looks that up, rejects valid numbers
(python-stdnum issue #442, e.g. 140105199003070012).
"""

import datetime
import re
import unicodedata

from django.utils.translation import gettext as _
from stdnum.cn import ric as stdnum_ric

EXCEL_SCIENTIFIC = re.compile(r"^\d+(\.\d+)?[eE][+-]?\d+$")
RIC_18 = re.compile(r"^[0-9]{17}[0-9X]$")  # ASCII digits: `\d` takes any script's (`٣`, Kharosthi `𐩀`)
# An ID-like number inside free text (a log line, a cell typed into the wrong column): 18 characters (17 digits and
# a check digit or X) or the old 15 digits, not part of a longer run of digits.
RIC_IN_TEXT = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])")
OLDEST_BIRTH_YEAR = 1900


def mask_ric(number: str) -> str:
    """`140105199003070012` -> `140105********0012`: the area and the last four stay, the birth date is hidden. The
    policy of where it applies is `jiuye.people.masking`; the function is here, free of models, for the log filter."""
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_rics_in_text(text: str) -> str:
    """Every ID-like number in `text` masked: `GET /api/people?q=140105199003070012` ->
    `GET /api/people?q=140105********0012`."""
    return RIC_IN_TEXT.sub(lambda found: mask_ric(found.group()), text)


class RicError(ValueError):
    """A number that is not a valid resident ID; the message says why, in Chinese, for the row's error report."""


def normalise_ric(raw: object) -> str:
    """Return the 18-character number for what a person or a spreadsheet typed.

    Accepts surrounding and inner spaces, full-width digits (１４０…), a lowercase x, and the 15-digit numbers issued
    before 1999 (converted to 18 by adding the century 19 and the check character).
    """
    text = unicodedata.normalize("NFKC", str(raw if raw is not None else "")).strip().replace(" ", "").upper()
    if not text:
        raise RicError(_("公民身份号码为空"))
    if EXCEL_SCIENTIFIC.match(text) or (text.replace(".", "", 1).isdigit() and "." in text):
        raise RicError(
            _("公民身份号码“%(value)s”已被Excel转成数字（科学计数法），后几位已丢失；请把该列设为文本格式后重新填写")
            % {"value": text}
        )
    if len(text) == 15 and text.isascii() and text.isdigit():
        text = upgrade_legacy_ric(text)
    if len(text) != 18:
        raise RicError(
            _("公民身份号码应为18位（或15位旧号码），“%(value)s”为%(length)d位") % {"value": text, "length": len(text)}
        )
    if not RIC_18.match(text):
        raise RicError(
            _("公民身份号码“%(value)s”含有不允许的字符：前17位应为数字，最后一位为数字或X") % {"value": text}
        )
    _check_birth_date(text)
    if stdnum_ric.calc_check_digit(text) != text[-1]:
        raise RicError(_("公民身份号码“%(value)s”的校验位不正确") % {"value": text})
    return text


def upgrade_legacy_ric(number15: str) -> str:
    """15-digit numbers (before 1999) have a 2-digit year of the 1900s and no check character."""
    body = number15[:6] + "19" + number15[6:]
    return body + stdnum_ric.calc_check_digit(body + "0")


def _check_birth_date(number: str) -> None:
    try:
        born = ric_birth_date(number)
    except ValueError as error:
        raise RicError(_("公民身份号码“%(value)s”中的出生日期不存在") % {"value": number}) from error
    if born.year < OLDEST_BIRTH_YEAR or born > datetime.date.today():  # noqa: DTZ011 (a calendar date, not an instant)
        raise RicError(_("公民身份号码“%(value)s”中的出生日期不合理") % {"value": number})


def ric_birth_date(number: str) -> datetime.date:
    return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def ric_sex(number: str) -> str:
    """GB/T 2261.1 code: the 17th digit is odd for men (1) and even for women (2)."""
    return "1" if int(number[16]) % 2 else "2"

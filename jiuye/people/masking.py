"""The one masking policy: how a resident ID number and a phone number are shown, on every page, export and API
response (PIPL: the minimum necessary; every full view of a number is either the work of the officer in charge or
recorded).

**Resident ID numbers (公民身份号码)** are masked everywhere (`140105********0012`: the area and the last four
digits, never the birth date): lists, the person card, exports, the API, the audit log. The full number is shown only
  - on a user's explicit request, one person at a time, to users with the `people.unmask_ric` permission, and each
    reveal is an audit event (`jiuye.people.services.ric_reveal`, the card's and the lists' 显示 button, the API's
    `/people/{id}/ric`);
  - in a full-number export (完整号码导出), to the same users, after they confirm and state the purpose (查询用途),
    which the audit event keeps (`jiuye.reports.excel`).

**Phone numbers (联系电话)** are masked (`139****5678`) in every list of people (people search, registers,
worklists, the seeker list, matching candidates; pages and API lists) and in masked exports: a list is for finding a
person, not for calling a thousand. The whole number is shown
  - on one person's own pages (the person card, a referral of that person: `View.PERSON`) to the officers who may
    edit that person (caseworkers and administrators of their region: `jiuye.people.perms.can_edit_people`, the
    person having been fetched through the region scope); an analyst sees it masked;
  - in a full-number export, with the ID numbers, under the rule above.
A reporter account (企业填报员) never sees a whole phone number of a person: it is no officer, and exports no list.

**Employer contacts' phones** (a person's number at work) are masked on the employer's pages; the contact's own edit
form holds the number, for those who may manage the contacts.

Pages use the template tag `{% shown_phone value "list" %}` / `"person"` (`jiuye.www.templatetags.masking`); exports
and API schemas call `shown_phone` here. The stored masked ID number (`Person.ric_masked`) is what every surface shows.

**An import's errors file** holds the rejected rows as typed; downloaded by a user without `people.unmask_ric`, every
valid number in it is masked (`ric_masked_in`), and what is not a valid number (the wrong check character the row was
rejected for) stays as typed, so that the user sees what to correct.
"""

import re
import unicodedata
from collections.abc import Callable
from enum import StrEnum

from jiuye.accounts.models import User
from jiuye.accounts.scope import is_reporter_account
from jiuye.people.perms import can_edit_people, can_unmask_ric
from jiuye.people.ric import RicError, mask_ric, mask_rics_in_text, normalise_ric

__all__ = [
    "View", "mask_phone", "mask_ric", "mask_rics_in_text", "may_see_full_phone", "ric_masked_in", "shown_phone",
]  # fmt: skip


class View(StrEnum):
    """Where a number is shown, which decides how much of it."""

    LIST = "list"  # a list of people, page or API, and a masked export
    PERSON = "person"  # one person's own page or record: the card, a referral of that person
    FULL_EXPORT = "full_export"  # an export with full numbers, confirmed with a purpose and audited


def mask_phone(phone: str) -> str:
    """`13912345678` -> `139****5678`; a landline keeps its area code and last four digits."""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def may_see_full_phone(user: User | None, view: View | str) -> bool:
    """The rule of the module docstring, for one user and one place."""
    if user is None or not user.is_authenticated or is_reporter_account(user):
        return False
    if view == View.PERSON:
        return can_edit_people(user)
    if view == View.FULL_EXPORT:
        return can_unmask_ric(user)
    return False


def shown_phone(phone: str, *, user: User | None, view: View | str) -> str:
    """The phone as `user` may see it in `view`: whole or masked; an empty phone stays empty."""
    if not phone:
        return ""
    return phone if may_see_full_phone(user, view) else mask_phone(phone)


# 18 characters (the last may be X) or 15 digits, not inside a longer run of digits or letters.
RIC_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")


def ric_masked_in(text: str) -> str:
    """`text` with every valid resident ID number masked (`mask_ric`), as typed otherwise: a cell that is one
    number with spaces or in full-width digits (`１４０１０５…`), or numbers inside a text (a reason). An invalid
    number (wrong check character, a birth date that does not exist, digits Excel lost) is kept whole."""
    whole = _valid_ric(text)
    if whole:
        return mask_ric(whole)
    normal = unicodedata.normalize("NFKC", text)
    masked = RIC_IN_TEXT.sub(_masked_match, normal)
    return text if masked == normal else masked


def _masked_match(match: re.Match) -> str:
    number = _valid_ric(match.group())
    return mask_ric(number) if number else match.group()


def _valid_ric(text: str) -> str:
    """The 18-character number `text` is, or "" if it is none (a legacy 15-digit number counts, as the registers
    take it)."""
    compact = "".join(unicodedata.normalize("NFKC", text).split())
    if len(compact) not in (15, 18):
        return ""
    try:
        return normalise_ric(compact)
    except RicError:
        return ""


def errors_file_masking(user: User) -> Callable[[str], str] | None:
    """How an import's errors file is shown to `user`: None (whole) for a user who may unmask ID numbers, else
    `ric_masked_in` over each text cell."""
    return None if can_unmask_ric(user) else ric_masked_in

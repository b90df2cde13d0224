"""Optimistic locking: an edit form carries the version of the record it showed, and the service refuses the save
when the record has moved on since (two caseworkers editing the same person, an import revising the monthly report
an officer has open), so that no one silently overwrites another's change (issue 15)."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def check_version(
    *, current: int, expected: int | None, changed_by: object = None, changed_at: datetime.datetime | None = None
) -> None:
    """Refuse a save of a record at `current` by a form that showed `expected` (None: no form, nothing to check),
    naming who changed it and when where the caller knows. A form's non-field error: it concerns the whole form."""
    if expected is None or expected == current:
        return
    if changed_at is not None:
        when = timezone.localtime(changed_at).strftime("%Y-%m-%d %H:%M")
        message = _("该记录已于%(when)s被%(who)s修改（现为第%(version)d版），请刷新后重新编辑。") % {
            "when": when, "who": changed_by or _("他人"), "version": current,
        }  # fmt: skip
    else:
        message = _("该记录已被他人修改（现为第%(version)d版），请刷新后重新编辑。") % {"version": current}
    raise ValidationError(message, code="stale")

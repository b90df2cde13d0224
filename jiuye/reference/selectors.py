"""Reads of the reference classifications by code, for the writes that name them (the API's payloads)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def reference_rows(model: type[models.Model], codes: list[str], *, field: str) -> list:
    """The rows of `model` (`Region`, `Industry`, `Occupation`) with these codes; an unknown code is the caller's
    mistake in `field`, a `ValidationError` naming every unknown code (an API answers 422, not a missing page):
    `代码“9-99”不存在`."""
    rows = list(model.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {row.code for row in rows})
    if missing:
        raise ValidationError({field: _("代码“%(codes)s”不存在") % {"codes": "”、“".join(missing)}})
    return rows

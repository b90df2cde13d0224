"""Reads of the reference classifications: rows by code, for the writes that name them (the API's payloads), and
the one text match of occupation search boxes."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
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


def occupation_text(text: str, path: str = "") -> Q:
    """Occupations (reached through the relation ``path``, e.g. ``"occupation__"``) whose code starts with ``text``
    or whose name or a common job title contains it: what every occupation search box matches. Callers add
    ``.distinct()``: one occupation has several titles."""
    return (
        Q(**{f"{path}code__startswith": text})
        | Q(**{f"{path}name__contains": text})
        | Q(**{f"{path}aliases__alias__contains": text})
    )

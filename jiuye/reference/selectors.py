"""Reads of the reference classifications: rows by code, for the writes that name them (the API's payloads), the
one text match of occupation search boxes, and the occupation picker's suggestions and names."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from jiuye.reference.enums import OccupationLevel
from jiuye.reference.models import Occupation, OccupationAlias


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


@dataclass(frozen=True)
class OccupationSuggestion:
    """An occupation offered by the picker, with the common job titles that matched what was typed (搜“电焊”: 焊工,
    常用名称 电焊工) and the minor group it belongs to, so that the user recognises it without its code."""

    occupation: Occupation
    group: str
    titles: list[str]


def occupation_suggestions(text: str, limit: int = 12) -> list[OccupationSuggestion]:
    """Detailed occupations (细类) whose name or a common title contains the text, the closest first: by the
    shortest name or title that holds it ("司机" finds 货车司机's occupation before 轨道交通列车司机), then by code."""
    text = text.strip()
    if not text:
        return []
    occupations = (
        Occupation.objects.filter(level=OccupationLevel.DETAILED)
        .filter(occupation_text(text))
        .select_related("parent")
        .prefetch_related("aliases")
        .distinct()
    )
    found = []
    for occupation in occupations:
        titles = [alias.alias for alias in occupation.aliases.all() if text in alias.alias]
        names = titles + ([occupation.name] if text in occupation.name else [])
        closest = min(len(name) for name in names) if names else len(occupation.name)  # (matched by its code)
        found.append((closest, occupation.code, occupation, titles))
    found.sort(key=lambda item: item[:2])
    return [
        OccupationSuggestion(
            occupation=occupation, group=occupation.parent.name if occupation.parent_id else "", titles=titles
        )
        for _closest, _code, occupation, titles in found[:limit]
    ]


def occupations_named(names: list[str]) -> tuple[list[Occupation], list[str]]:
    """The detailed occupations named exactly, by their name or a common title ("焊工", "电焊工"), in the order given,
    and the names that name none."""
    by_name = {
        occupation.name: occupation
        for occupation in Occupation.objects.filter(level=OccupationLevel.DETAILED, name__in=names)
    }
    by_title = {
        alias.alias: alias.occupation
        for alias in OccupationAlias.objects.filter(alias__in=names).select_related("occupation")
    }
    found, missing = [], []
    for name in names:
        occupation = by_name.get(name) or by_title.get(name)
        if occupation is None:
            missing.append(name)
        elif occupation not in found:
            found.append(occupation)
    return found, missing

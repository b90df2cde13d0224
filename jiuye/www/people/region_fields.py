"""The region fields of the caseworker's forms: a plain <select> of regions by name, never a code to type.

`ScopedRegionField` offers the places where the user's office may record people (its county, streets and
communities, as `jiuye.people.services` accepts them); `AnyCountyField` every county of the province (a household
registration, 户籍地, may be anywhere). A general region picker (by name, down to the community, with search) can
replace both here without touching the forms that use them.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jiuye.accounts.scope import user_region_prefix
from jiuye.people.services import RESIDENCE_LEVELS
from jiuye.reference.enums import REGION_CODE_LENGTH, RegionLevel
from jiuye.reference.models import Region

CITY_DIGITS = REGION_CODE_LENGTH[RegionLevel.CITY]


class RegionSelectField(forms.ChoiceField):
    """A region picked from a list by name; cleans to the `Region` (or None when left empty)."""

    def clean(self, value) -> Region | None:
        code = super().clean(value)
        if not code:
            return None
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise ValidationError(_("请从列表中选择地区。"))
        return region


def scoped_region_choices(user, *, including: Region | None = None) -> list[tuple[str, str]]:
    """(code, name) of every county, street and community inside the user's scope, in code order, so that a street
    follows its county; a street reads "坞城街道", a community "坞城街道 / 南内环社区" (the path below the user's own
    region). `including` is added when it is outside that list (a record's current value)."""
    prefix = user_region_prefix(user)
    if prefix is None:
        return []
    regions = list(Region.objects.within(prefix).filter(level__in=RESIDENCE_LEVELS).order_by("code"))
    if including is not None and all(region.code != including.code for region in regions):
        regions.append(including)
    names = _names_of_ancestors(regions)
    return [(region.code, _path(region.code, prefix, names)) for region in regions]


def _names_of_ancestors(regions: list[Region]) -> dict[str, str]:
    codes = {region.code[:digits] for region in regions for digits in REGION_CODE_LENGTH.values()}
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def _path(code: str, prefix: str, names: dict[str, str]) -> str:
    """The names from below the user's region (and below the province) down to the region itself."""
    ancestors = [
        code[:digits]
        for digits in sorted(REGION_CODE_LENGTH.values())
        if len(prefix) < digits <= len(code) and digits >= CITY_DIGITS
    ]
    return " / ".join(names.get(ancestor, ancestor) for ancestor in ancestors) or names.get(code, code)


def county_choices(*, including: Region | None = None) -> list:
    """Every county of the province, grouped under its city (<optgroup>), after an empty choice."""
    regions = Region.objects.filter(level__in=[RegionLevel.CITY, RegionLevel.COUNTY]).order_by("code")
    groups: dict[str, tuple[str, list]] = {}
    for region in regions:
        if region.level == RegionLevel.CITY:
            groups[region.code] = (region.name, [])
        elif region.code[:CITY_DIGITS] in groups:
            groups[region.code[:CITY_DIGITS]][1].append((region.code, region.name))
    choices = [("", "—")]
    if including is not None and including.level != RegionLevel.COUNTY:
        choices.append((including.code, including.name))  # a street or city an import recorded: kept as it is
    return choices + [(name, counties) for name, counties in groups.values()]

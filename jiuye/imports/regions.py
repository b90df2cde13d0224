"""Regions named by import rows, by code or by name, for one run.

Every region is read once at the start (Shanxi's province, cities and counties, and the streets and communities
data has named so far), so a 100,000-row file does not query the region table per row. A street or community that
is not there yet is created (`region_get_or_create`) when its county exists; such regions are looked up again on
each use rather than remembered, because the row that created one may be rolled back.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jiuye.reference.enums import REGION_CODE_LENGTH, RegionLevel
from jiuye.reference.models import Region
from jiuye.reference.services import region_get_or_create

NAMED_LEVELS = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY)
COUNTY_DIGITS = REGION_CODE_LENGTH[RegionLevel.COUNTY]
STREET_DIGITS = REGION_CODE_LENGTH[RegionLevel.STREET]


class RegionResolver:
    def __init__(self) -> None:
        self._by_code: dict[str, Region] = Region.objects.in_bulk()
        self._by_name: dict[str, list[Region]] = defaultdict(list)
        for region in self._by_code.values():
            if region.level in NAMED_LEVELS:
                for name in self._full_names(region):
                    self._by_name[name].append(region)

    def _full_names(self, region: Region) -> set[str]:
        """`小店区`, `太原市小店区` and `山西省太原市小店区` all name Xiaodian."""
        names, path = {region.name}, region.name
        parent = self._by_code.get(region.parent_id) if region.parent_id else None
        while parent is not None:
            path = parent.name + path
            names.add(path)
            parent = self._by_code.get(parent.parent_id) if parent.parent_id else None
        return names

    def by_code(self, code: str, *, create: bool = True) -> Region:
        """The region with this (normalised) code; a street or community of a known county is created."""
        region = self._by_code.get(code) or Region.objects.filter(code=code).first()
        if region is not None:
            return region
        if not create or len(code) <= COUNTY_DIGITS or code[:COUNTY_DIGITS] not in self._by_code:
            raise ValidationError(_("区划代码“%(code)s”不存在（不是山西省的区划，或所属县不存在）") % {"code": code})
        if len(code) > STREET_DIGITS:
            self.by_code(code[:STREET_DIGITS])
        return region_get_or_create(code=code, name=_("未命名区划%(code)s") % {"code": code})

    def by_name(self, name: str) -> Region:
        matches = self._by_name.get(name, [])
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise ValidationError(
                _("“%(name)s”对应多个区划（%(codes)s），请填写区划代码或带上级的全称")
                % {"name": name, "codes": "、".join(sorted(region.code for region in matches))}
            )
        raise ValidationError(_("没有名为“%(name)s”的山西省区划，请填写区划代码") % {"name": name})

    def find(self, code_or_name: str) -> Region:
        return self.by_code(code_or_name) if code_or_name.isdigit() else self.by_name(code_or_name)

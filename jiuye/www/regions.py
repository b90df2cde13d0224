"""The one region picker of every list's region filter: regions picked by name, level by level, down to the
community, and only inside the user's scope (a county office: its streets, then their communities; a city: its
counties first; a community office has nothing to pick). No code is typed.

It is a small server-rendered component (`www/region_picker.html`, `{% region_picker code %}`): a select per level,
the next level's select appearing when one is chosen. Every select is named `region`; a change asks
`www:region_picker` (htmx) for the component again, with the values as chosen, and `jiuye.www.paging.region_param`
reads the deepest value that continues the levels above it, so a list that reloads on the same change gets the same
region the picker shows. Without JavaScript the list's own 查找 button does the same.
"""

import re
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.accounts.scope import user_region_prefix
from jiuye.reference.enums import REGION_CODE_LENGTH, RegionLevel
from jiuye.reference.models import Region
from jiuye.www.paging import region_param

FIELD_NAME = re.compile(r"^[a-z_]{1,32}$")
LENGTHS = sorted(REGION_CODE_LENGTH.values())


@dataclass(frozen=True)
class PickerLevel:
    label: str
    options: list[Region]
    selected: str


@dataclass(frozen=True)
class RegionPicker:
    field: str
    levels: list[PickerLevel]
    chosen: Region | None


def region_picker(user: User, code: str, field: str = "region") -> RegionPicker:
    """The picker for `user` with `code` chosen (a code `region_param` returned, so inside the scope, or ''): the
    choices of each level from the scope down to the chosen region's children, in one query."""
    prefix = user_region_prefix(user)
    if prefix is None:
        return RegionPicker(field=field, levels=[], chosen=None)
    chain = [code[:length] for length in LENGTHS if len(prefix) < length <= len(code)]
    parents = [prefix, *chain]
    rows = Region.objects.filter(parent_id__in=[parent for parent in parents if parent])
    if not prefix:  # a superuser: the province first
        rows = rows | Region.objects.filter(parent__isnull=True)
    children: dict[str, list[Region]] = {}
    for region in rows.order_by("code"):
        children.setdefault(region.parent_id or "", []).append(region)
    levels, chosen = [], None
    for depth, parent in enumerate(parents):
        options = children.get(parent, [])
        if not options:
            break
        selected = chain[depth] if depth < len(chain) else ""
        match = next((region for region in options if region.code == selected), None)
        levels.append(PickerLevel(label=RegionLevel(options[0].level).label, options=options, selected=selected))
        if match is None:
            break
        chosen = match
    return RegionPicker(field=field, levels=levels, chosen=chosen)


def region_picker_view(request: HttpRequest) -> HttpResponse:
    """The picker again after a change (`?field=region&region=140105&region=140105001`), for htmx to swap in; a
    value outside the user's scope is ignored like on the lists, so another county's streets never show."""
    field = request.GET.get("field", "region")
    if not FIELD_NAME.match(field):
        raise Http404(_("没有这个区划选择框。"))
    picker = region_picker(request.user, region_param(request, field), field)
    return render(request, "www/region_picker.html", {"picker": picker})

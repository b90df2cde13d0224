"""Paging, sorting and region narrowing shared by the list pages.

Every list takes `?page=`, and its pager (`www/pager.html`) shows the first, previous, the numbered pages around the
current one, the next and the last, with the total count. Its region filter is the region picker
(`jiuye.www.regions`): `?region=` may come several times, one value per level picked, and `region_param` reads the
deepest one that continues the levels above it inside the user's scope.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, QueryDict

from jiuye.accounts.scope import user_region_prefix
from jiuye.reference.enums import REGION_CODE_LENGTH, RegionLevel
from jiuye.reference.models import Region

PAGES_EACH_SIDE = 2  # numbered links on each side of the current page
CODE_LENGTHS = set(REGION_CODE_LENGTH.values())


def region_param(request: HttpRequest, field: str = "region", data: QueryDict | None = None) -> str:
    """The region a list is narrowed to, from `?region=` (or `data`, a posted form): the last of the picker's values
    that each continue the one before (`140105`, `140105001`, `140105001002`), inside the user's scope. A level left
    at 全部 ends the chain, so values left below it from an earlier choice count for nothing; a value outside the
    scope is ignored."""
    prefix = user_region_prefix(request.user)
    if prefix is None:
        return ""
    return region_chain_end((request.GET if data is None else data).getlist(field), prefix)


def region_chain_end(values: list[str], prefix: str) -> str:
    chosen = ""
    for value in (value.strip() for value in values):
        if not value.isdigit() or len(value) not in CODE_LENGTHS or not value.startswith(chosen or prefix):
            break
        chosen = value
    return chosen


def paged(request: HttpRequest, rows) -> tuple[Page, str]:
    """The requested page, and the query string without `page` for the pager's links."""
    params = request.GET.copy()
    params.pop("page", None)
    return Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page")), params.urlencode()


def page_links(page: Page) -> range:
    """The page numbers the pager links around the current one."""
    last = page.paginator.num_pages
    return range(max(1, page.number - PAGES_EACH_SIDE), min(last, page.number + PAGES_EACH_SIDE) + 1)


def query_string(request: HttpRequest, keep: tuple[str, ...]) -> str:
    """The request's query string with only the parameters named in ``keep`` (the filters an export link carries)."""
    params = request.GET.copy()
    for key in list(params):
        if key not in keep:
            del params[key]
    return params.urlencode()


@dataclass(frozen=True)
class SortHeader:
    """A sortable column's header: its link (the list's query string with this order, back to page 1), and its
    state for `aria-sort` and the arrow."""

    label: str
    query: str
    aria_sort: str  # "ascending", "descending" or "" (not sorted by this column)

    @property
    def mark(self) -> str:
        return {"ascending": "▲", "descending": "▼"}.get(self.aria_sort, "")


@dataclass(frozen=True)
class Sorting:
    key: str
    descending: bool
    headers: dict[str, SortHeader]


def sorting(request: HttpRequest, columns: dict[str, str], default: str) -> Sorting:
    """The order asked by `?sort=` (`age` ascending, `-age` descending; one of `columns`, {key: label}) or the
    default, with each column's header: a click sorts by the column, a second click reverses it."""
    asked = request.GET.get("sort", "")
    key = asked.removeprefix("-")
    if key not in columns:
        asked, key = default, default.removeprefix("-")
    descending = asked.startswith("-")
    headers = {}
    for column, label in columns.items():
        params = request.GET.copy()
        params.pop("page", None)
        params["sort"] = f"-{column}" if column == key and not descending else column
        state = ("descending" if descending else "ascending") if column == key else ""
        headers[column] = SortHeader(label=str(label), query=params.urlencode(), aria_sort=state)
    return Sorting(key=key, descending=descending, headers=headers)


def with_params(path: str, params: dict[str, str | list[str]]) -> str:
    """`path?...` with the non-blank parameters, in the order given."""
    query = QueryDict(mutable=True)
    for name, value in params.items():
        values = value if isinstance(value, list) else [value]
        kept = [item for item in values if item]
        if kept:
            query.setlist(name, kept)
    return f"{path}?{query.urlencode()}" if query else path


def scope_counties(user) -> list[Region]:
    """The counties inside the user's scope, for a form's region choices: all 117 of Shanxi for the province, the
    city's for a city, the one county for a county office, none below."""
    prefix = user_region_prefix(user)
    if prefix is None:
        return []
    return list(Region.objects.filter(level=RegionLevel.COUNTY, code__startswith=prefix).order_by("code"))

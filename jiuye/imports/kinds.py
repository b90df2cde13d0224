"""The kinds of import: each is a list of columns and a chunk handler that decides and writes a chunk of rows through
domain services.

A kind is registered once, at start-up, by its app's `import_kinds.py` (the registers in `jiuye.people`, monitored-
enterprise monthly reports, survey microdata, vacancies), which `ImportsConfig.ready` discovers. The framework
(`jiuye.imports.services`) does the rest: reading the file, matching headers, parsing cells, rejecting duplicates
inside the file, one transaction per run and the error report.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError

from jiuye.accounts.models import User
from jiuye.imports.columns import Column
from jiuye.imports.regions import RegionResolver
from jiuye.imports.results import Outcome


@dataclass
class ImportContext:
    """What a row handler may need besides the row: who imports (the actor of every service call, whose region
    bounds what may be written), the day of the import, regions by code or name, and a cache for the run."""

    user: User
    today: datetime.date
    cache: dict = field(default_factory=dict)

    @cached_property
    def regions(self) -> RegionResolver:
        return RegionResolver()


@dataclass(frozen=True)
class ImportKind:
    """`save_chunk(context, rows)` gets a chunk of parsed rows (the cells by column key, None where blank or absent;
    those without cell errors or duplicates, in file order) and returns, for each row in the same order, its
    `Outcome` or the `ValidationError` that rejects it (a dict keyed by column key puts the reason on that column).
    It decides the whole chunk at once (a few queries) and writes in bulk through its domain's services; it writes
    nothing for a rejected row. `duplicate_key` names the column whose value may appear only once in a file (the
    resident ID number for a register)."""

    code: str
    label: str
    columns: tuple[Column, ...]
    save_chunk: Callable[[ImportContext, list[dict]], list["Outcome | ValidationError"]]
    can_run: Callable[[User], bool]
    duplicate_key: str | None = None
    # A kind with its own page and command (survey microdata, which replaces a month whole) is registered for its
    # label, columns and template but not offered on the shared upload page.
    on_upload_page: bool = True
    # What the counts call an updated row (`ImportRecord.counts_text`): a survey month's rows are replaced (替换).
    updated_label: str = ""
    # Lines the blank template's 填写说明 adds under the columns: what the kind checks beyond each cell.
    guide: tuple[str, ...] = ()
    # How the errors file is shown to a user who downloads it: a function over each text cell (masking the resident
    # ID numbers of a register for a user who may not see them whole), or None to give the file as written.
    errors_masking: Callable[[User], Callable[[str], str] | None] | None = None
    # The models (by label, "people.Person") whose tables the kind writes, analysed after a big import on
    # PostgreSQL (`imports.services.import_run`), so that the planner knows them as they now are.
    tables: tuple[str, ...] = ()

    @property
    def known_headers(self) -> set[str]:
        return {name for column in self.columns for name in column.names}

    def column(self, key: str) -> Column | None:
        return next((column for column in self.columns if column.key == key), None)


_KINDS: dict[str, ImportKind] = {}


def register_kind(kind: ImportKind) -> ImportKind:
    if kind.code in _KINDS and _KINDS[kind.code] != kind:
        raise ValueError(f"import kind {kind.code!r} is registered twice")
    _KINDS[kind.code] = kind
    return kind


def get_kind(code: str) -> ImportKind | None:
    return _KINDS.get(code)


def all_kinds() -> list[ImportKind]:
    return list(_KINDS.values())


def upload_kinds(user: User) -> list[ImportKind]:
    """The kinds the shared upload page offers to this user."""
    return [kind for kind in _KINDS.values() if kind.on_upload_page and kind.can_run(user)]

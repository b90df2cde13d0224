"""What a run found, row by row, before it becomes an import record and an error report."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from jiuye.imports.readers import Cell


def counts_text(*, created: int, updated: int, unchanged: int, rejected: int, updated_label: str = "") -> str:
    """An import's counts as every page says them: `新增 3、更新 0、未变 0、拒绝 5`. `updated_label` names the
    updated rows where a kind means something else by it (a survey month's rows are replaced: 替换)."""
    return _("新增 %(created)d、%(updated_label)s %(updated)d、未变 %(unchanged)d、拒绝 %(rejected)d") % {
        "created": created,
        "updated_label": updated_label or _("更新"),
        "updated": updated,
        "unchanged": unchanged,
        "rejected": rejected,
    }


@dataclass(frozen=True)
class Outcome:
    """What a write did, for import summaries: created, updated or unchanged. Services that an import calls return
    it beside the record."""

    created: bool = False
    updated: bool = False

    @property
    def unchanged(self) -> bool:
        return not (self.created or self.updated)


@dataclass(frozen=True)
class RowError:
    """`row` as the spreadsheet numbers it (the header is row 1), `column` the header as the file wrote it (blank
    when the reason concerns the whole row), `reason` in Chinese, `value` what the cell held."""

    row: int
    column: str
    reason: str
    value: str = ""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    rejected_rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    failure: str = ""  # why the file as a whole could not be imported; nothing was written

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)

    @property
    def summary(self) -> str:
        return f"created={self.created} updated={self.updated} unchanged={self.unchanged} rejected={self.rejected}"

    def count(self, outcome: Outcome) -> None:
        if outcome.created:
            self.created += 1
        elif outcome.updated:
            self.updated += 1
        else:
            self.unchanged += 1

    def reject(self, number: int, cells: list[Cell], errors: list[RowError]) -> None:
        self.errors.extend(errors)
        self.rejected_rows.append((number, cells))

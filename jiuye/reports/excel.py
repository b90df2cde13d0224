"""Excel exports of the registers and worklists.

`write_xlsx` is the one writer: rows and Chinese headers into an .xlsx, streamed (openpyxl's write-only mode keeps
memory flat for a province-wide register), with a title row saying whose region, when, and whether the resident ID
numbers are masked, a bold header and a frozen header row.

`export_register`, `export_worklist` and `export_seekers` build on it, under the one masking policy
(`jiuye.people.masking`): the resident ID numbers and the phones are masked (`140105********0012`, `139****5678`)
unless the user has the unmask permission, asks for full numbers and states the purpose (查询用途); every export,
masked or not, is written to the audit log with its row count, and a full-number export with its purpose (PIPL
art. 55: records of processing personal information).
"""

import datetime
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from io import BytesIO
from operator import attrgetter
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from jiuye.accounts.models import User
from jiuye.accounts.scope import user_region_prefix
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import audit_record
from jiuye.core.xlsx import xlsx_cell
from jiuye.people import crypto
from jiuye.people.masking import View, shown_phone
from jiuye.people.models import Person
from jiuye.people.perms import can_unmask_ric
from jiuye.people.rules import graduate_standard
from jiuye.people.selectors import register_entries
from jiuye.people.standard import graduate_progress, standard_annotation
from jiuye.people.worklists import WORKLISTS, worklist
from jiuye.reference.enums import KeyGroup
from jiuye.reference.models import Region
from jiuye.seekers.selectors import seeker_search

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROVINCE = "14"
TITLE_FONT = Font(bold=True, size=13)
HEADER_FONT = Font(bold=True)
CHUNK = 2000
SHEET_NAME_FORBIDDEN = str.maketrans({character: "_" for character in "[]:*?/\\"})
PROGRESS_ROWS = 500  # an export run as a job reports its rows written every this many rows

# Who hears of the rows written while a workbook is written: the export job's progress (`jiuye.jobs.tasks`), set
# around the same export functions a page calls directly, so that they need no argument of their own for it.
_rows_written: ContextVar[Callable[[int], None] | None] = ContextVar("rows_written", default=None)


@contextmanager
def rows_written_reported(report: Callable[[int], None]) -> Iterator[None]:
    """Within the block, every workbook written calls `report(rows written so far)` every PROGRESS_ROWS rows and
    once at the end of each sheet."""
    token = _rows_written.set(report)
    try:
        yield
    finally:
        _rows_written.reset(token)


@dataclass(frozen=True)
class Column:
    """A column: its Chinese header, how to get the cell from a row, and its width in characters."""

    header: str
    value: Callable[[Any], Any]
    width: int = 12


@dataclass(frozen=True)
class ExcelFile:
    filename: str
    content: bytes
    rows: int


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook of several tables (the dashboard's indicators and its figures by region)."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Any]
    name: str = ""


def write_xlsx(
    *, title: str, columns: Sequence[Column], rows: Iterable[Any], sheet_name: str = ""
) -> tuple[bytes, int]:
    """The workbook's bytes and the number of rows written: the title in row 1, headers in row 2, data below."""
    content, (count,) = write_xlsx_sheets([Sheet(title, columns, rows, sheet_name)])
    return content, count


def write_xlsx_sheets(sheets: Sequence[Sheet]) -> tuple[bytes, list[int]]:
    """A workbook of several sheets, each written as `write_xlsx` writes its one; the rows written to each."""
    workbook = Workbook(write_only=True)
    report = _rows_written.get()
    counts, before = [], 0
    for sheet in sheets:
        counts.append(_write_sheet(workbook, sheet, report, before))
        before += counts[-1]
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), counts


def _write_sheet(workbook: Workbook, spec: Sheet, report: Callable[[int], None] | None, before: int) -> int:
    sheet = workbook.create_sheet(title=(spec.name or spec.title)[:31].translate(SHEET_NAME_FORBIDDEN))
    for index, column in enumerate(spec.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A3"
    sheet.append([_styled(sheet, spec.title, TITLE_FONT)])
    sheet.append([_styled(sheet, column.header, HEADER_FONT) for column in spec.columns])
    count = 0
    for row in spec.rows:
        sheet.append([_cell(sheet, column.value(row)) for column in spec.columns])
        count += 1
        if report is not None and count % PROGRESS_ROWS == 0:
            report(before + count)
    if report is not None:
        report(before + count)
    return count


def _styled(sheet: WriteOnlyWorksheet, value: str, font: Font) -> WriteOnlyCell:
    cell = xlsx_cell(sheet, value)
    if not isinstance(cell, Cell):
        cell = WriteOnlyCell(sheet, value=cell)
    cell.font = font
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """Strings stay strings: a name or note beginning with "=" is text, never a formula (`jiuye.core.xlsx`)."""
    return xlsx_cell(sheet, value)


def excel_response(file: ExcelFile) -> HttpResponse:
    response = HttpResponse(file.content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=file.filename)
    return response


# ------------------------------------------------------------------------------------------------------- columns


def _ric(unmasked: bool) -> Callable[[Person], str]:
    if unmasked:
        return lambda person: crypto.decrypt(person.ric_encrypted)
    return lambda person: person.ric_masked


def _phone(unmasked: bool) -> Callable[[Person], str]:
    """Whole in a full-number export (checked and audited by `check_unmask`), masked otherwise: the policy's rule,
    asked once per export rather than per row."""
    if unmasked:
        return lambda person: person.phone
    return lambda person: shown_phone(person.phone, user=None, view=View.LIST)


def person_columns(unmasked: bool) -> list[Column]:
    """The identity columns of a row whose `.person` is a Person (a register entry)."""
    ric, phone = _ric(unmasked), _phone(unmasked)
    return [
        Column(_("姓名"), lambda row: row.person.name, 10),
        Column(_("公民身份号码"), lambda row: ric(row.person), 21),
        Column(_("性别"), lambda row: row.person.get_sex_display(), 6),
        Column(_("出生日期"), lambda row: row.person.birth_date, 12),
        Column(_("联系电话"), lambda row: phone(row.person), 14),
        Column(_("现居住地"), lambda row: row.person.residence_region.name, 14),
        Column(_("就业状态"), lambda row: row.person.get_employment_status_display(), 10),
    ]


def standard_columns() -> list[Column]:
    """One column per "1131" item (services given since entry), and whether all are met."""
    columns = [
        Column(
            _("%(label)s（应%(required)d次）") % {"label": item.label, "required": item.required},
            attrgetter(standard_annotation(item)),
            12,
        )
        for item in graduate_standard()
    ]
    met = Column(_("“1131”是否达标"), lambda row: _("是") if graduate_progress(entry=row).met else _("否"), 10)
    return [*columns, met]


GROUP_COLUMNS: dict[str, Callable[[], list[Column]]] = {
    KeyGroup.UNPLACED_GRADUATE: lambda: [
        Column(_("毕业院校"), lambda row: row.school, 20),
        Column(_("所学专业"), lambda row: row.major, 16),
        Column(_("毕业时间"), lambda row: row.graduation_date, 12),
        *standard_columns(),
    ],
    KeyGroup.HARD_TO_EMPLOY: lambda: [
        Column(_("困难类别"), lambda row: row.get_hard_to_employ_category_display(), 20)
    ],
    KeyGroup.DISABLED_PERSON: lambda: [Column(_("残疾类别与等级"), lambda row: row.disability, 16)],
}


def register_columns(group: str, unmasked: bool) -> list[Column]:
    entry = [
        Column(_("登记日期"), lambda row: row.entered_on, 12),
        Column(_("退出日期"), lambda row: row.exited_on, 12),
        Column(_("退出原因"), lambda row: row.get_exit_reason_display(), 12),
    ]
    extra = GROUP_COLUMNS.get(group, list)()
    tail = [
        Column(_("登记机构"), lambda row: str(row.organisation or ""), 20),
        Column(_("备注"), lambda row: row.note, 24),
    ]
    return [*person_columns(unmasked), *entry, *extra, *tail]


def _days_since(today: datetime.date) -> Callable[[Any], int]:
    return lambda row: (today - (row.last_service_on or row.entered_on)).days


def worklist_columns(name: str, unmasked: bool, today: datetime.date) -> list[Column]:
    if name == "zero_employment_households":
        return [
            Column(_("户主姓名"), lambda row: row.household.head_name, 10),
            Column(_("所在区划"), lambda row: row.household.region.name, 14),
            Column(_("住址"), lambda row: row.household.address, 30),
            Column(_("认定日期"), lambda row: row.started_on, 12),
            Column(_("未清零天数"), lambda row: (today - row.started_on).days, 10),
            Column(_("家庭人数"), lambda row: row.member_count, 8),
        ]
    entered = Column(_("登记日期"), lambda row: row.entered_on, 12)
    if name == "graduates_not_served":
        return [*person_columns(unmasked), entered, *GROUP_COLUMNS[KeyGroup.UNPLACED_GRADUATE]()]
    if name == "hard_to_employ_without_service":
        last = Column(_("最近服务日期"), lambda row: row.last_service_on, 12)
        waiting = Column(_("未服务天数"), _days_since(today), 10)
        return [*person_columns(unmasked), *GROUP_COLUMNS[KeyGroup.HARD_TO_EMPLOY](), entered, last, waiting]
    last = Column(_("最近联系日期"), lambda row: row.last_service_on, 12)
    waiting = Column(_("未联系天数"), _days_since(today), 10)
    return [*person_columns(unmasked), entered, last, waiting]


# ------------------------------------------------------------------------------------------------------- exports


def export_register(
    *,
    user: User,
    group: KeyGroup | str,
    unmasked: bool = False,
    purpose: str = "",
    include_exited: bool = False,
    region_code: str = "",
) -> ExcelFile:
    """The register of one key group in the user's region, as an .xlsx; audited as `register:<group>`."""
    group = KeyGroup(group)
    purpose = check_unmask(user, unmasked, purpose)
    entries = register_entries(user=user, group=group, include_exited=include_exited, region_code=region_code)
    return _export(
        user=user,
        name=_("%(group)s台账") % {"group": group.label},
        object_type=f"register:{group.value}",
        columns=register_columns(group, unmasked),
        rows=entries.iterator(chunk_size=CHUNK),
        purpose=purpose,
        region_code=region_code,
    )


def export_worklist(
    *,
    user: User,
    name: str,
    unmasked: bool = False,
    purpose: str = "",
    today: datetime.date | None = None,
    region_code: str = "",
) -> ExcelFile:
    """A worklist (see `jiuye.people.worklists.WORKLISTS`) as an .xlsx; audited as `worklist:<name>`."""
    definition = WORKLISTS[name]
    purpose = check_unmask(user, unmasked, purpose)
    today = today or timezone.localdate()
    rows = worklist(user=user, name=name, today=today, region_code=region_code)
    return _export(
        user=user,
        name=definition.title,
        object_type=f"worklist:{name}",
        columns=worklist_columns(name, unmasked, today),
        rows=rows.iterator(chunk_size=CHUNK),
        purpose=purpose,
        region_code=region_code,
    )


def seeker_columns(unmasked: bool) -> list[Column]:
    """A job-seeker registration (求职登记) with its person's identity columns."""
    return [
        *person_columns(unmasked),
        Column(_("重点群体"), lambda row: "、".join(e.get_group_display() for e in row.person.open_entries), 20),
        Column(_("求职意向职业"), lambda row: "、".join(o.name for o in row.desired_occupations.all()), 24),
        Column(_("意向岗位名称"), lambda row: row.desired_titles, 16),
        Column(_("期望月工资（元）"), lambda row: row.expected_wage, 10),
        Column(_("登记日期"), lambda row: row.registered_on, 12),
        Column(_("有效期至"), lambda row: row.expires_on, 12),
        Column(_("状态"), lambda row: row.get_status_display(), 8),
    ]


def export_seekers(*, user: User, unmasked: bool = False, purpose: str = "", **filters: str) -> ExcelFile:
    """The job-seeker registrations of the user's region with the seeker list's filters (`seeker_search`), as an
    .xlsx; audited as `seekers`."""
    purpose = check_unmask(user, unmasked, purpose)
    return _export(
        user=user,
        name=_("求职登记人员"),
        object_type="seekers",
        columns=seeker_columns(unmasked),
        rows=seeker_search(user=user, **filters).iterator(chunk_size=CHUNK),
        purpose=purpose,
        region_code=filters.get("region_code", ""),
    )


SHORTEST_PURPOSE = 4  # characters: "回访" alone says too little; "6月失业人员回访" does


def check_unmask(user: User, unmasked: bool, purpose: str) -> str | None:
    """None for a masked export; for a full-number export, the stated purpose (查询用途), after checking that the
    user may export full numbers (403) and stated one (`ValidationError`)."""
    if not unmasked:
        return None
    if not can_unmask_ric(user):
        raise PermissionDenied(_("您没有导出完整公民身份号码的权限。"))
    purpose = purpose.strip()
    if len(purpose) < SHORTEST_PURPOSE:
        raise ValidationError(
            {"purpose": _("导出完整号码须说明查询用途（至少%(count)d个字），该用途将记入审计日志。")
             % {"count": SHORTEST_PURPOSE}}
        )  # fmt: skip
    return purpose


def _export(
    *,
    user: User,
    name: str,
    object_type: str,
    columns: list[Column],
    rows: Iterable[Any],
    purpose: str | None,
    region_code: str = "",
) -> ExcelFile:
    """Write the workbook and its audit event; `purpose` None for a masked export, else the full-number export's
    stated purpose, which the event keeps."""
    prefix = user_region_prefix(user)
    if prefix is None:
        raise PermissionDenied(_("您的账号还没有所属机构。"))
    # The title and the audit name the narrowest region exported: `region_code` when inside the scope.
    code = region_code if region_code and region_code.startswith(prefix) else (prefix or PROVINCE)
    region = Region.objects.filter(code=code).first() or Region.objects.get(code=prefix or PROVINCE)
    code = region.code
    now = timezone.localtime()
    unmasked = purpose is not None
    masking = _("公民身份号码和联系电话未脱敏（经授权导出）") if unmasked else _("公民身份号码和联系电话已脱敏")
    title = _("%(region)s %(name)s　导出时间：%(time)s　%(masking)s") % {
        "region": region.name, "name": name, "time": f"{now:%Y-%m-%d %H:%M}", "masking": masking,
    }  # fmt: skip
    content, count = write_xlsx(title=title, columns=columns, rows=rows, sheet_name=name)
    summary = _("导出%(name)s %(count)d 条，%(masking)s") % {"name": name, "count": count, "masking": masking}
    changes = {"rows": count, "unmasked": unmasked}
    if unmasked:
        summary += _("；查询用途：%(purpose)s") % {"purpose": purpose}
        changes["purpose"] = purpose
    audit_record(
        user=user, action=AuditAction.EXPORT, object_type=object_type, region_code=code, summary=summary,
        changes=changes,
    )  # fmt: skip
    return ExcelFile(filename=f"{region.name}_{name}_{now:%Y%m%d}.xlsx", content=content, rows=count)

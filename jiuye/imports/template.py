"""The blank template of an import kind, as a clerk fills it in Excel or WPS.

- The data sheet (first, since the importer reads the first sheet): the kind's headers, required ones orange and
  optional ones blue, frozen; every cell formatted as text, so that Excel keeps resident ID numbers and phone
  numbers as typed; a drop-down (list validation) on each column whose parser takes one of a list, and an input
  message on every column (what it holds and how to write it: the date forms on date columns).
- 填写说明: one row per column (header, required, what it holds, the values or forms its parser accepts, the other
  headers it may have), then the kind's own rules.
- 下拉选项 (hidden): the drop-downs' values, one column per enumerated column; a list typed into the validation
  itself is limited to 255 characters, which the education levels with their brackets would pass.

What the sheets say comes from the columns themselves (`Column.note`, the parser's `Accepts`), so the template
lists exactly what the importer takes.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from jiuye.core.xlsx import xlsx_row, xlsx_set
from jiuye.imports.columns import Column
from jiuye.imports.kinds import ImportKind

GUIDE_SHEET = "填写说明"
OPTIONS_SHEET = "下拉选项"
GUIDE_HEADER = ["列名", "是否必填", "填写内容", "可填的值或格式", "表头也可写作"]
GUIDE_WIDTHS = [22, 10, 40, 70, 30]
LAST_ROW = 1_048_576  # validations cover every row of the sheet
PROMPT_LENGTH, PROMPT_TITLE_LENGTH = 255, 32  # Excel's limits on an input message
REQUIRED_FILL = PatternFill("solid", start_color="F8CBAD")
OPTIONAL_FILL = PatternFill("solid", start_color="DDEBF7")
GUIDE_FILL = PatternFill("solid", start_color="D9D9D9")
THIN = Side(style="thin", color="999999")
HEADER_BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")


def template_workbook(kind: ImportKind) -> bytes:
    """The blank template of `kind` as .xlsx bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(kind.label)[:31]
    _header(sheet, kind.columns)
    guide = workbook.create_sheet(GUIDE_SHEET)
    options = workbook.create_sheet(OPTIONS_SHEET)
    options.sheet_state = "hidden"
    _validations(sheet, options, kind.columns)
    _guide(guide, kind)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _header(sheet: Worksheet, columns: tuple[Column, ...]) -> None:
    sheet.append(xlsx_row(sheet, [column.header for column in columns]))
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.border = Font(bold=True), HEADER_BORDER
        cell.fill = REQUIRED_FILL if column.required else OPTIONAL_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.number_format, dimension.width = "@", max(12, 2 * len(column.header) + 4)
    sheet.row_dimensions[1].height = 30
    sheet.freeze_panes = "A2"


def _validations(sheet: Worksheet, options: Worksheet, columns: tuple[Column, ...]) -> None:
    """A drop-down on each enumerated column (its values on the hidden sheet), an input message on every column."""
    listed = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        accepts = column.accepts
        if accepts.options:
            listed += 1
            values = get_column_letter(listed)
            for row, option in enumerate(accepts.options, start=1):
                xlsx_set(options.cell(row=row, column=listed), option.value).number_format = "@"
            formula = f"{quote_sheetname(OPTIONS_SHEET)}!${values}$1:${values}${len(accepts.options)}"
            error = _("“%(column)s”请从下拉列表中选择；“填写说明”中列出的其他写法也可以导入。")
            validation = DataValidation(
                type="list", formula1=formula, allow_blank=True, showErrorMessage=True, errorStyle="warning",
                errorTitle=_("不在下拉列表中"), error=error % {"column": column.header},
            )  # fmt: skip
        else:
            validation = DataValidation(allow_blank=True)
        validation.showInputMessage = True
        validation.promptTitle = _prompt_title(column)
        validation.prompt = _prompt(column)
        validation.add(f"{letter}2:{letter}{LAST_ROW}")
        sheet.add_data_validation(validation)


def _prompt_title(column: Column) -> str:
    title = f"{column.header}（{_('必填') if column.required else _('选填')}）"
    return title if len(title) <= PROMPT_TITLE_LENGTH else column.header[:PROMPT_TITLE_LENGTH]


def _prompt(column: Column) -> str:
    """What the cell holds and how to write it, cut to Excel's limit (the guide sheet has it whole)."""
    accepts = column.accepts
    # The values are joined by "；": a label may hold "、" itself (中专、职高、技校).
    rule = _("可选：%(values)s") % {"values": "；".join(o.value for o in accepts.options)} if accepts.options else ""
    text = "。".join(str(part) for part in (column.note, rule or accepts.rule) if part)
    if len(text) <= PROMPT_LENGTH:
        return text
    more = _("…（详见“填写说明”）")
    return text[: PROMPT_LENGTH - len(more)] + more


def _guide(guide: Worksheet, kind: ImportKind) -> None:
    guide.append(xlsx_row(guide, GUIDE_HEADER))
    for index, width in enumerate(GUIDE_WIDTHS, start=1):
        guide.column_dimensions[get_column_letter(index)].width = width
        cell = guide.cell(row=1, column=index)
        cell.font, cell.fill, cell.border = Font(bold=True), GUIDE_FILL, HEADER_BORDER
    guide.freeze_panes = "A2"
    for column in kind.columns:
        guide.append(xlsx_row(guide, [
            column.header, _("必填") if column.required else _("选填"), str(column.note), allowed_values(column),
            "、".join(column.aliases),
        ]))  # fmt: skip
        for cell in guide[guide.max_row]:
            cell.alignment = WRAP
    guide.append([])
    guide.append(xlsx_row(guide, [_("说明")]))
    guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
    for line in guide_lines(kind):
        guide.append(xlsx_row(guide, [line]))


def allowed_values(column: Column) -> str:
    """The values or forms a column's parser accepts, as the guide lists them: one line per value of a list, with
    its other spellings (`大学本科；也可填：本科、大本`); otherwise the parser's rule."""
    accepts = column.accepts
    if not accepts.options:
        return str(accepts.rule)
    also = _("%(value)s；也可填：%(also)s")
    lines = [str(accepts.rule)] if accepts.rule else []
    for option in accepts.options:
        lines.append(also % {"value": option.value, "also": "、".join(option.also)} if option.also else option.value)
    return "\n".join(lines)


def guide_lines(kind: ImportKind) -> list[str]:
    """The rules of the whole file, under the columns."""
    lines = [
        _("第一个工作表的第一行为表头，请不要改动列名；选填的列不用时可以删去，列的顺序可以调整。从第二行起每行一条记录。"),
        _("表头为橙色的列必填，蓝色的列选填。单元格已设为文本格式，身份证号码、电话等长数字不会被Excel改写。"),
    ]  # fmt: skip
    key = kind.column(kind.duplicate_key) if kind.duplicate_key else None
    if key is not None:
        lines.append(_("同一文件中同一“%(column)s”只能出现一次，重复的行不导入。") % {"column": key.header})
    lines += [str(line) for line in kind.guide]
    lines.append(_("导入时先试运行：被拒绝的行连同行号、列和原因列在结果页上，可下载错误明细，改正后重新导入。"))
    return lines

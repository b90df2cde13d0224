"""The blank templates: every kind's data sheet (headers styled and frozen, cells as text, drop-downs on the
enumerated columns, input messages), its 填写说明 sheet (each column's header, whether required, what it holds, the
values or forms it accepts), and the round trip: the empty template and the template filled with valid rows,
drop-down values included, import cleanly."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from jiuye.accounts.enums import Role
from jiuye.employers.demo import demo_uscc
from jiuye.imports.columns import DATE_RULE
from jiuye.imports.kinds import ImportKind, all_kinds, get_kind
from jiuye.imports.models import ImportRecord
from jiuye.imports.template import GUIDE_HEADER, GUIDE_SHEET, OPTIONS_SHEET
from jiuye.lfs.imports import KIND as MICRODATA
from jiuye.people.ric import ric_sex
from jiuye.reference.enums import KeyGroup
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory
from tests.monitoring.factories import MonitoredEnterpriseFactory
from tests.people.factories import make_ric

pytestmark = pytest.mark.django_db

KINDS = sorted(kind.code for kind in all_kinds())
REGISTERS = [group.value for group in KeyGroup if group != KeyGroup.ZERO_EMPLOYMENT_HOUSEHOLD]
TODAY = timezone.localdate()
PLAN = "plan_actuals"


def test_every_kind_and_every_download_is_covered():
    assert set(REGISTERS) | {"vacancy", "monitoring_report", "monitoring_report_enrol", MICRODATA, PLAN} == set(KINDS)


def user_for(kind: str):
    if kind in (MICRODATA, PLAN):
        return UserFactory(region="14", roles=[Role.ANALYST])
    return UserFactory(region="140105")


def template(client, kind: str) -> Workbook:
    url = reverse("www:statistics_template") if kind == MICRODATA else reverse("www:import_template", args=[kind])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


def guide(workbook: Workbook) -> dict[str, tuple]:
    """The 填写说明 rows of the columns, by header."""
    rows = list(workbook[GUIDE_SHEET].iter_rows(values_only=True))
    assert list(rows[0]) == GUIDE_HEADER
    return {row[0]: row for row in rows[1 : rows.index((None,) * len(GUIDE_HEADER))]}


def guide_notes(workbook: Workbook) -> list[str]:
    return [row[0] for row in workbook[GUIDE_SHEET].iter_rows(values_only=True) if row[0] and row[1] is None]


def validations(workbook: Workbook) -> dict[str, object]:
    """The data sheet's validations by the column letter they cover (each covers one column, row 2 to the end)."""
    found = {}
    for validation in workbook.worksheets[0].data_validations.dataValidation:
        (cells,) = str(validation.sqref).split()
        letter = re.match(r"([A-Z]+)2:\1(\d+)$", cells)
        assert letter is not None, cells
        assert letter.group(2) == "1048576", cells
        found[letter.group(1)] = validation
    return found


def drop_down(workbook: Workbook, header: str) -> list[str]:
    """The values the drop-down of a column offers, read where its list formula points."""
    headers = [cell.value for cell in workbook.worksheets[0][1]]
    validation = validations(workbook)[get_column_letter(headers.index(header) + 1)]
    assert validation.type == "list"
    sheet, first, last = re.fullmatch(r"'(.+)'!\$([A-Z]+\$\d+):\$([A-Z]+\$\d+)", validation.formula1).groups()
    assert sheet == OPTIONS_SHEET
    cells = workbook[sheet][f"{first.replace('$', '')}:{last.replace('$', '')}"]
    return [row[0].value for row in cells]


@pytest.mark.parametrize("code", KINDS)
def test_the_data_sheet_has_the_headers_styled_frozen_and_text_cells(client, code):
    kind = get_kind(code)
    client.force_login(user_for(code))
    workbook = template(client, code)

    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == [column.header for column in kind.columns]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    fills = {cell.value: cell.fill.start_color.rgb for cell in sheet[1]}
    assert {fills[column.header] for column in kind.columns if column.required} == {"00F8CBAD"}
    assert {fills[column.header] for column in kind.columns if not column.required} <= {"00DDEBF7"}
    assert {sheet.column_dimensions[get_column_letter(i + 1)].number_format for i in range(len(kind.columns))} == {"@"}
    assert workbook.sheetnames == [str(kind.label)[:31], GUIDE_SHEET, OPTIONS_SHEET]
    assert workbook[OPTIONS_SHEET].sheet_state == "hidden"


@pytest.mark.parametrize("code", KINDS)
def test_the_guide_has_a_row_for_every_column(client, code):
    kind = get_kind(code)
    client.force_login(user_for(code))
    rows = guide(template(client, code))

    assert list(rows) == [column.header for column in kind.columns]
    for column in kind.columns:
        header, required, holds, allowed, aliases = rows[column.header]
        assert required == ("必填" if column.required else "选填")
        assert holds, f"{code}: {header} says nothing of what it holds"
        assert allowed, f"{code}: {header} says nothing of how to write it"
        assert (aliases or "") == "、".join(column.aliases)
        if column.accepts.is_date:
            assert allowed == str(DATE_RULE)


def test_a_register_guide_lists_education_status_category_and_the_forms_of_dates_and_ids(client):
    client.force_login(user_for("hard_to_employ"))
    workbook = template(client, "hard_to_employ")
    rows = guide(workbook)

    assert rows["学历"][3].splitlines() == [
        "从下拉列表中选择，或填写“也可填”后面的写法：",
        "小学及以下；也可填：小学、文盲",
        "初中",
        "普通高中；也可填：高中",
        "中专、职高、技校；也可填：中专、职高、技校、中职、中技",
        "大学专科；也可填：大专、专科、高职",
        "大学本科；也可填：本科、大本",
        "硕士研究生；也可填：研究生、硕士",
        "博士研究生；也可填：博士",
    ]
    assert rows["就业状态"][3].splitlines()[1:] == ["就业；也可填：已就业", "失业；也可填：未就业", "非劳动力"]
    assert "大龄失业人员（女40岁、男50岁以上）；也可填：大龄失业人员、大龄、4050人员" in rows["困难类别"][3]
    assert "享受最低生活保障人员；也可填：低保、低保人员" in rows["困难类别"][3]
    assert rows["性别"][3].splitlines()[1:] == ["男；也可填：1、男性", "女；也可填：2、女性"]
    dates = rows["登记日期"][3]
    for form in ("2026-07-01", "2026/7/1", "2026.7.1", "2026年7月1日", "20260701", "Excel的日期单元格", "2026年7月"):
        assert form in dates
    assert "不能晚于今天" in rows["登记日期"][2]
    ric = rows["公民身份号码"][3]
    for rule in ("18位", "校验码", "15位旧号码", "文本格式"):
        assert rule in ric
    assert "6位" in rows["现居住地区划代码"][3]
    assert "管辖范围" in rows["现居住地区划代码"][2]
    assert "小店区" in rows["户籍地"][3]  # a name is accepted where the parser takes one
    notes = guide_notes(workbook)
    assert "同一文件中同一“公民身份号码”只能出现一次，重复的行不导入。" in notes
    assert any("橙色的列必填" in note for note in notes)


def test_other_kinds_list_their_own_values(client):
    client.force_login(user_for("vacancy"))
    vacancy = guide(template(client, "vacancy"))
    assert vacancy["学历要求"][3].splitlines()[-1] == "不限；也可填：无、无要求"
    assert vacancy["用工形式"][3].splitlines()[1:] == [
        "全职；也可填：全日制", "兼职；也可填：非全日制", "季节性用工；也可填：季节工",
    ]  # fmt: skip
    assert "6-18-02-04" in vacancy["职业代码"][3]
    assert str(DATE_RULE) == vacancy["有效期止"][3]

    unemployed = guide(template(client, "unemployment_registration"))
    assert unemployed["注销原因"][3].splitlines()[1:] == [
        "实现就业", "达到法定退休年龄", "迁出本地", "升学或参军", "连续6个月未联系", "其他",
    ]  # fmt: skip
    assert "须同时填注销原因" in unemployed["注销日期"][2]

    monitoring = guide(template(client, "monitoring_report"))
    assert monitoring["减少人数(经济性裁员)"][2] == "本期因“经济性裁员”减少的岗位数"
    assert monitoring["企业规模"][3].splitlines()[1:] == ["大型", "中型", "小型", "微型"]
    assert "2026年10月" in monitoring["调查期"][3]

    client.force_login(user_for(MICRODATA))
    microdata = guide(template(client, MICRODATA))
    assert microdata["sex"][3].splitlines() == ["1（男）或2（女）", "1", "2"]
    assert microdata["searched_last_4_weeks"][1] == "选填"


def test_drop_downs_sit_on_the_enumerated_columns_and_dates_carry_an_input_message(client):
    client.force_login(user_for("unemployment_registration"))
    workbook = template(client, "unemployment_registration")
    headers = [cell.value for cell in workbook.worksheets[0][1]]
    found = validations(workbook)

    lists = {headers[ord(letter) - ord("A")] for letter, validation in found.items() if validation.type == "list"}
    assert lists == {"性别", "学历", "就业状态", "注销原因"}
    assert drop_down(workbook, "学历") == [
        "小学及以下", "初中", "普通高中", "中专、职高、技校", "大学专科", "大学本科", "硕士研究生", "博士研究生",
    ]  # fmt: skip
    assert drop_down(workbook, "就业状态") == ["就业", "失业", "非劳动力"]
    education = found[get_column_letter(headers.index("学历") + 1)]
    assert (education.errorStyle, education.showErrorMessage) == ("warning", True)  # aliases may still be typed
    for header in ("失业登记日期", "注销日期"):
        message = found[get_column_letter(headers.index(header) + 1)]
        assert message.showInputMessage
        assert message.promptTitle.startswith(header)
        assert "2026/7/1" in message.prompt
        assert "2026年7月1日" in message.prompt
        assert len(message.prompt) <= 255
    assert "18位" in found["B"].prompt  # 公民身份号码


# The round trip: values by column key, row n (0 or 1); the enumerated columns take their drop-down's values.
def _register_values(n: int) -> dict:
    ric = make_ric(sequence=n + 1)
    return {
        "name": f"模板{'甲乙'[n]}", "ric": ric, "sex": "男" if ric_sex(ric) == "1" else "女", "phone": "13912345678",
        "household_region": ["太原市小店区", "140105"][n], "residence_region": "140105", "note": "模板回填",
        "entered_on": ["2025年3月1日", "2025/3/2"][n], "school": "山西大学", "major": "计算机科学与技术",
        "graduation_date": ["2024-06-30", "20240630"][n], "disability": "肢体三级", "discharged_on": "2019.9.1",
        "exited_on": ["2025-06-01", "2025年6月2日"][n],
    }  # fmt: skip


def _vacancy_values(n: int, employer) -> dict:
    return {
        "uscc": employer.uscc, "employer_name": employer.name, "occupation": "6-18-02-04", "title": f"电焊工{n}",
        "skills": "焊接、识图", "duties": "钢结构焊接", "region": "140105", "address": "小店区龙城大街8号",
        "headcount": "3人", "wage_min": "5000", "wage_max": "7,000元", "experience_years": "2年",
        "valid_from": TODAY.isoformat(), "valid_until": _chinese_date(TODAY + datetime.timedelta(days=90)),
        "job_fair": ["", "冬季招聘会"][n],
    }  # fmt: skip


def _chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _report_values(n: int, uscc: str, name: str) -> dict:
    return {
        "uscc": uscc, "name": name, "industry": "06", "region": "140105", "period": ["2026-02", "2026年2月"][n],
        "baseline_headcount": "100", "previous_headcount": "100", "current_headcount": "97", "added": "5",
        "reduced_natural_attrition": "8",
    }  # fmt: skip


def _microdata_values(n: int) -> dict:
    return {
        "person_id": str(n + 1), "household_id": f"h{n + 1}", "stratum": "1401U", "psu": "p1", "weight": "812.5",
        "region_code": "140105", "age": "30",
    }  # fmt: skip


def valid_values(kind: ImportKind, n: int) -> dict:
    if kind.code == "vacancy":
        return _vacancy_values(n, EmployerFactory(name=f"模板机械{n}有限公司"))
    if kind.code == "monitoring_report":
        employer = MonitoredEnterpriseFactory().employer
        return _report_values(n, employer.uscc, employer.name)
    if kind.code == "monitoring_report_enrol":
        return _report_values(n, demo_uscc("140105", 32_000_000 + n), f"新建档{n}有限公司")
    if kind.code == MICRODATA:
        return _microdata_values(n)
    if kind.code == PLAN:
        return {"region": ["14", "太原市"][n], "year": "2024", "value": "47.03", "as_of": "2025-08-01"}
    return _register_values(n)


def filled(workbook: Workbook, kind: ImportKind, rows: int) -> bytes:
    """The template with `rows` valid rows; each enumerated column takes a value of its drop-down (the row's own
    where the column has one: the sex that the ID number says)."""
    sheet = workbook.worksheets[0]
    for n in range(rows):
        values = valid_values(kind, n)
        cells = []
        for column in kind.columns:
            value = values.get(column.key, "")
            if column.accepts.options and not (column.key == "sex" and kind.code != MICRODATA):
                offered = drop_down(workbook, column.header)
                value = offered[(n + 1) % len(offered)]
            cells.append(value)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, kind: str, content: bytes):
    """Upload on the kind's page (a dry run); the record it made."""
    file = SimpleUploadedFile(f"{kind}.xlsx", content)
    if kind == MICRODATA:
        response = client.post(reverse("www:statistics_imports"), {"month": "2026-10", "file": file})
    else:
        response = client.post(reverse("www:import_list"), {"kind": kind, "file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportRecord.objects.latest("pk")


@pytest.mark.parametrize("code", KINDS)
def test_the_empty_template_imports_cleanly(client, code):
    client.force_login(user_for(code))
    record = upload(client, code, template_bytes(client, code))
    if code == MICRODATA:  # its header reads cleanly; a survey month without rows is refused as such
        assert (record.status, record.message, record.unknown_columns) == ("failed", "文件中没有可导入的有效记录", [])
        return
    assert (record.status, record.message, record.unknown_columns) == ("succeeded", "", [])
    assert record.counts_text == f"新增 0、{get_kind(code).updated_label or '更新'} 0、未变 0、拒绝 0"


def template_bytes(client, code: str) -> bytes:
    buffer = io.BytesIO()
    template(client, code).save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("code", KINDS)
def test_the_template_filled_with_valid_rows_imports_them_all(client, code):
    kind = get_kind(code)
    client.force_login(user_for(code))
    record = upload(client, code, filled(template(client, code), kind, rows=2))

    assert (record.status, record.unknown_columns) == ("succeeded", [])
    assert (record.created, record.updated, record.unchanged, record.rejected) == (2, 0, 0, 0), client.get(
        reverse("www:import_detail", args=[record.pk])
    ).content.decode()[-3000:]
    if code != MICRODATA:
        client.post(reverse("www:import_commit", args=[record.pk]))
        committed = ImportRecord.objects.get(preview=record)
        assert committed.counts_text == f"新增 2、{kind.updated_label or '更新'} 0、未变 0、拒绝 0"


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda kind: kind.code)
def test_no_template_holds_a_formula(kind):
    from jiuye.imports.template import template_workbook

    workbook = load_workbook(io.BytesIO(template_workbook(kind)))
    assert not [
        cell.coordinate for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.data_type == "f"
    ]

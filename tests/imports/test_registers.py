"""Register imports through the service: a messy file with exact counts and reasons, re-runs, dry runs, scope."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.imports.enums import ImportStatus
from jiuye.imports.models import ImportRecord
from jiuye.imports.services import import_run
from jiuye.imports.storage import ERRORS_HEADER, errors_path
from jiuye.people.enums import EmploymentStatus, HardToEmployCategory, UnemploymentExitReason
from jiuye.people.models import Person, RegisterEntry
from jiuye.people.ric import upgrade_legacy_ric
from jiuye.people.services import person_find_by_ric, person_upsert
from jiuye.reference.enums import DataSource, EducationLevel, KeyGroup
from jiuye.reference.models import Region
from tests.accounts.factories import UserFactory
from tests.imports.files import GRADUATE_HEADER, graduate, write_csv, write_xlsx
from tests.people.factories import make_ric

pytestmark = pytest.mark.django_db

JUNE_30 = datetime.date(2024, 6, 30)
RIC_A = make_ric(sequence=1)  # a man
RIC_B = make_ric(born=datetime.date(1996, 5, 4), sequence=2)
LEGACY = "140105970812003"  # 15 digits, issued before 1999
RIC_D = make_ric(born=datetime.date(1998, 1, 1), sequence=4)
RIC_E = make_ric(born=datetime.date(1998, 1, 2), sequence=6)
RIC_F = make_ric(born=datetime.date(1998, 1, 3), sequence=8)
RIC_G = make_ric(born=datetime.date(1998, 1, 4), sequence=10)
RIC_H = make_ric(born=datetime.date(1998, 1, 5), sequence=11)  # a man
RIC_I = make_ric(born=datetime.date(1998, 1, 6), sequence=12)
RIC_J = make_ric(born=datetime.date(1998, 1, 7), sequence=14)
RIC_K = make_ric(born=datetime.date(1998, 1, 8), sequence=16)
RIC_L = make_ric(born=datetime.date(1998, 1, 9), sequence=17)  # a man
EXCEL_DATE_CELL = datetime.datetime(2024, 6, 30)  # noqa: DTZ001 (Excel date cells carry no time zone)
BAD_CHECKSUM = RIC_J[:-1] + ("1" if RIC_J[-1] != "1" else "2")


def full_width(text: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) if char.isdigit() else char for char in text)


def messy_rows() -> list[list]:
    """Rows 2-17 of a county's graduate register, with the usual mistakes; expected outcome on the right."""
    return [
        graduate("张三", RIC_A, 性别="男"),  # 2 created
        graduate("李四", full_width(RIC_B), 联系电话="0351-7654321", 学历="大专", 毕业时间="2024/6/30"),  # 3 created
        graduate("王五", LEGACY, 学历="研究生", 毕业时间="2024年6月30日"),  # 4 created
        graduate("赵六", RIC_D, 户籍地="太原市小店区", 毕业时间="2024年6月"),  # 5 created
        graduate("钱七", RIC_E, 毕业时间=45473),  # 6 created (an Excel serial date)
        graduate("孙八", RIC_F, 毕业时间=EXCEL_DATE_CELL),  # 7 created (a date cell)
        graduate("周九", BAD_CHECKSUM),  # 8 rejected
        graduate("吴十", 1.40105199003070e17),  # 9 rejected: typed as a number, digits lost
        [None] * len(GRADUATE_HEADER),  # 10 blank: skipped
        graduate("张三", RIC_A),  # 11 rejected: same person as row 2
        graduate("", RIC_G, 毕业时间=""),  # 12 rejected twice
        graduate("郑十一", RIC_H, residence="140212"),  # 13 rejected: Datong, outside Taiyuan
        graduate("冯十二", RIC_L, 性别="女"),  # 14 rejected: the number says a man
        graduate("陈十三", RIC_I, 联系电话="12345"),  # 15 rejected
        graduate("褚十四", RIC_K, residence="140105002003"),  # 16 created, with a new street and community
        graduate("卫十五", upgrade_legacy_ric(LEGACY)),  # 17 rejected: row 4's number, in 18 digits
    ]


EXPECTED_ERRORS = [
    (8, "公民身份号码", f"公民身份号码“{BAD_CHECKSUM}”的校验位不正确", BAD_CHECKSUM),
    (
        9,
        "公民身份号码",
        "公民身份号码“1.4010519900307E+17”已被Excel转成数字（科学计数法），后几位已丢失；请把该列设为文本格式后重新填写",
        "1.4010519900307E+17",
    ),
    (11, "公民身份号码", "与第2行重复（公民身份号码相同），本行未导入", RIC_A),
    (12, "姓名", "必填，不能为空", ""),
    (12, "毕业时间", "必填，不能为空", ""),
    (13, "现居住地区划代码", "现居住地“140212”不在您的管辖范围内", "140212"),
    (14, "性别", "性别与公民身份号码不符：号码表明是男性", "女"),
    (15, "联系电话", "联系电话“12345”无效：应为11位手机号码，或带区号的固定电话（如0351-7654321）", "12345"),
    (17, "公民身份号码", "与第4行重复（公民身份号码相同），本行未导入", upgrade_legacy_ric(LEGACY)),
]


@pytest.fixture
def taiyuan_caseworker():
    return UserFactory(region="1401")


@pytest.fixture
def messy_file(tmp_path):
    header = ["序号", *GRADUATE_HEADER, " 籍贯 "]  # a row counter is ignored, an unknown column is reported
    rows = [
        [number if any(row) else None, *row, "山西太原" if any(row) else None]
        for number, row in enumerate(messy_rows())
    ]
    return write_xlsx(tmp_path / "毕业生台账.xlsx", header, rows)


def run(user, path, kind="unplaced_graduate", **kwargs):
    return import_run(user=user, kind=kind, path=path, **kwargs)


def test_messy_import_counts_and_reasons(taiyuan_caseworker, messy_file):
    record, result = run(taiyuan_caseworker, messy_file, dry_run=False)

    assert record.summary == "created=7 updated=0 unchanged=0 rejected=8"
    assert record.status == ImportStatus.SUCCEEDED
    assert record.unknown_columns == ["籍贯"]
    assert [(e.row, e.column, e.reason, e.value) for e in result.errors] == EXPECTED_ERRORS
    assert Person.objects.count() == 7
    assert RegisterEntry.objects.filter(group=KeyGroup.UNPLACED_GRADUATE, source=DataSource.IMPORT).count() == 7


def test_messy_import_reads_every_date_format_and_normalises_numbers(taiyuan_caseworker, messy_file):
    run(taiyuan_caseworker, messy_file, dry_run=False)

    graduation = {entry.person.name: entry.graduation_date for entry in RegisterEntry.objects.select_related("person")}
    assert graduation == {
        "张三": JUNE_30, "李四": JUNE_30, "王五": JUNE_30, "赵六": datetime.date(2024, 6, 1), "钱七": JUNE_30,
        "孙八": JUNE_30, "褚十四": JUNE_30,
    }  # fmt: skip
    li = person_find_by_ric(RIC_B)  # typed in full-width digits
    assert (li.name, li.phone, li.education_level) == ("李四", "0351-7654321", EducationLevel.JUNIOR_COLLEGE)
    wang = person_find_by_ric(upgrade_legacy_ric(LEGACY))
    assert (wang.name, wang.birth_date, wang.education_level) == ("王五", datetime.date(1997, 8, 12), "master")
    assert person_find_by_ric(RIC_D).household_region_id == "140105"  # 户籍地 given by name
    assert person_find_by_ric(RIC_A).employment_status == EmploymentStatus.UNEMPLOYED
    community = Region.objects.get(code="140105002003")
    assert (community.level, community.parent_id) == ("community", "140105002")
    assert person_find_by_ric(RIC_K).residence_region_id == "140105002003"


def test_second_import_of_the_same_file_changes_nothing(taiyuan_caseworker, messy_file):
    run(taiyuan_caseworker, messy_file, dry_run=False)
    events = AuditEvent.objects.count()

    record, _result = run(taiyuan_caseworker, messy_file, dry_run=False)

    assert record.summary == "created=0 updated=0 unchanged=7 rejected=8"
    assert Person.objects.count() == 7
    assert AuditEvent.objects.count() == events + 1  # only the import itself


def test_dry_run_counts_exactly_and_writes_nothing_but_its_record(taiyuan_caseworker, messy_file):
    record, _result = run(taiyuan_caseworker, messy_file, dry_run=True)

    assert record.dry_run
    assert record.summary == "created=7 updated=0 unchanged=0 rejected=8"
    assert not Person.objects.exists()
    assert not RegisterEntry.objects.exists()
    assert not Region.objects.filter(code__startswith="140105002").exists()
    assert list(AuditEvent.objects.values_list("action", "object_id")) == [(AuditAction.IMPORT, str(record.pk))]
    assert errors_path(record.pk).exists()


def test_the_import_is_audited_once_in_the_users_region(taiyuan_caseworker, messy_file):
    record, _result = run(taiyuan_caseworker, messy_file, dry_run=False)

    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert (event.user, event.region_code, event.object_id) == (taiyuan_caseworker, "1401", str(record.pk))
    assert event.summary == "导入离校未就业高校毕业生台账“毕业生台账.xlsx”：新增 7、更新 0、未变 0、拒绝 8"
    assert record.region_code == "1401"
    assert len(record.sha256) == 64


def test_errors_report_lists_row_column_and_reason_and_keeps_the_rejected_rows(taiyuan_caseworker, messy_file):
    record, _result = run(taiyuan_caseworker, messy_file, dry_run=False)

    workbook = load_workbook(errors_path(record.pk))
    errors = list(workbook["错误明细"].iter_rows(values_only=True))
    assert list(errors[0]) == ERRORS_HEADER
    assert [(row, column or "", reason, value or "") for row, column, reason, value in errors[1:]] == EXPECTED_ERRORS
    rejected = list(workbook["被拒绝的行"].iter_rows(values_only=True))
    assert list(rejected[0]) == ["行号", "序号", *GRADUATE_HEADER, "籍贯", "错误原因"]
    assert [row[0] for row in rejected[1:]] == [8, 9, 11, 12, 13, 14, 15, 17]
    assert rejected[1][2:4] == ("周九", BAD_CHECKSUM)
    reasons = {number: reason for number, *_cells, reason in rejected[1:]}  # the last column: each row's reasons
    assert reasons[8] == f"公民身份号码：公民身份号码“{BAD_CHECKSUM}”的校验位不正确"
    assert reasons[12] == "姓名：必填，不能为空；毕业时间：必填，不能为空"


def test_gbk_csv_as_excel_saves_it_on_chinese_windows(taiyuan_caseworker, tmp_path):
    rows = [
        graduate("张三", RIC_A, 毕业院校="太原理工大学"),
        graduate("李四", "1.40105E+17"),  # how Excel writes a long number to CSV
        graduate("王五", LEGACY),
    ]
    path = write_csv(tmp_path / "台账.csv", GRADUATE_HEADER, rows, encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        path.read_text(encoding="utf-8")

    record, result = run(taiyuan_caseworker, path, dry_run=False)

    assert record.summary == "created=2 updated=0 unchanged=0 rejected=1"
    assert [(e.row, e.column, e.value) for e in result.errors] == [(3, "公民身份号码", "1.40105E+17")]
    assert "科学计数法" in result.errors[0].reason
    entry = RegisterEntry.objects.get(person__name="张三")
    assert entry.school == "太原理工大学"


def test_utf8_csv_with_byte_order_mark(taiyuan_caseworker, tmp_path):
    path = write_csv(tmp_path / "台账.csv", GRADUATE_HEADER, [graduate("张三", RIC_A)], encoding="utf-8-sig")
    record, _result = run(taiyuan_caseworker, path, dry_run=False)
    assert record.summary == "created=1 updated=0 unchanged=0 rejected=0"
    assert Person.objects.get().name == "张三"


def test_county_caseworker_cannot_write_a_neighbouring_county(tmp_path):
    user = UserFactory(region="140105")
    path = write_xlsx(
        tmp_path / "a.xlsx", GRADUATE_HEADER, [graduate("张三", RIC_A), graduate("李四", RIC_B, residence="140106")]
    )
    record, result = run(user, path, dry_run=False)
    assert record.summary == "created=1 updated=0 unchanged=0 rejected=1"
    assert result.errors[0].reason == "现居住地“140106”不在您的管辖范围内"
    assert person_find_by_ric(RIC_B) is None


def test_a_person_in_several_registers_is_one_person(taiyuan_caseworker, tmp_path):
    graduates = write_xlsx(tmp_path / "g.xlsx", GRADUATE_HEADER, [graduate("张三", RIC_A)])
    youth_header = ["姓名", "身份证号码", "现居住地区划代码", "联系电话"]
    youth = write_xlsx(tmp_path / "y.xlsx", youth_header, [["张三", RIC_A, "140105", "13700000000"]])

    run(taiyuan_caseworker, graduates, dry_run=False)
    record, _result = run(taiyuan_caseworker, youth, kind="urban_youth", dry_run=False)

    assert record.summary == "created=1 updated=0 unchanged=0 rejected=0"  # the entry is new, the person is not
    person = Person.objects.get()
    assert person.phone == "13700000000"
    assert set(person.register_entries.values_list("group", flat=True)) == {"unplaced_graduate", "urban_youth"}


def test_an_import_counts_in_the_persons_version_so_a_form_opened_before_is_stale(taiyuan_caseworker, tmp_path):
    graduates = write_xlsx(tmp_path / "g.xlsx", GRADUATE_HEADER, [graduate("张三", RIC_A)])
    youth_header = ["姓名", "身份证号码", "现居住地区划代码", "联系电话"]
    youth = write_xlsx(tmp_path / "y.xlsx", youth_header, [["张三", RIC_A, "140105", "13700000000"]])
    run(taiyuan_caseworker, graduates, dry_run=False)
    opened = Person.objects.get().version  # a caseworker opens the edit form

    run(taiyuan_caseworker, youth, kind="urban_youth", dry_run=False)  # the phone changes

    person = Person.objects.get()
    assert person.version == opened + 1
    with pytest.raises(ValidationError, match="请刷新后重新编辑"):
        person_upsert(
            actor=taiyuan_caseworker, ric=RIC_A, name="张三", residence_region=person.residence_region,
            expected_version=opened,
        )  # fmt: skip
    assert Person.objects.get().phone == "13700000000"


def test_changed_row_counts_as_updated(taiyuan_caseworker, tmp_path):
    first = write_xlsx(tmp_path / "1.xlsx", GRADUATE_HEADER, [graduate("张三", RIC_A)])
    second = write_xlsx(tmp_path / "2.xlsx", GRADUATE_HEADER, [graduate("张三", RIC_A, 所学专业="软件工程")])
    run(taiyuan_caseworker, first, dry_run=False)
    record, _result = run(taiyuan_caseworker, second, dry_run=False)
    assert record.summary == "created=0 updated=1 unchanged=0 rejected=0"
    assert RegisterEntry.objects.get().major == "软件工程"


def test_missing_required_column_fails_the_file(taiyuan_caseworker, tmp_path):
    header = [column for column in GRADUATE_HEADER if column != "现居住地区划代码"]
    path = write_xlsx(tmp_path / "a.xlsx", header, [["张三", RIC_A]])
    record, result = run(taiyuan_caseworker, path, dry_run=False)
    assert record.status == ImportStatus.FAILED
    assert record.message == result.failure == "缺少必填的列：现居住地区划代码"
    assert record.summary == "created=0 updated=0 unchanged=0 rejected=0"
    assert not Person.objects.exists()


def test_title_row_above_the_header_keeps_spreadsheet_row_numbers(taiyuan_caseworker, tmp_path):
    rows = [graduate("张三", RIC_A), graduate("李四", BAD_CHECKSUM)]
    path = write_xlsx(tmp_path / "a.xlsx", GRADUATE_HEADER, rows, title="小店区离校未就业高校毕业生实名制台账")
    _record, result = run(taiyuan_caseworker, path, dry_run=True)
    assert [(e.row, e.column) for e in result.errors] == [(4, "公民身份号码")]


def test_hard_to_employ_register_needs_its_category(taiyuan_caseworker, tmp_path):
    header = ["姓名", "公民身份号码", "现居住地区划代码", "困难类别", "登记日期"]
    rows = [
        ["张三", RIC_A, "140105", "享受最低生活保障人员", "2025-03-01"],
        ["李四", RIC_B, "140105", "大龄失业人员", "2025-03-01"],
        ["王五", RIC_D, "140105", "", "2025-03-01"],
        ["赵六", RIC_E, "140105", "富二代", "2025-03-01"],
    ]
    record, result = run(
        taiyuan_caseworker, write_xlsx(tmp_path / "a.xlsx", header, rows), kind="hard_to_employ", dry_run=False
    )
    assert record.summary == "created=2 updated=0 unchanged=0 rejected=2"
    categories = dict(RegisterEntry.objects.values_list("person__name", "hard_to_employ_category"))
    assert categories == {"张三": HardToEmployCategory.LOW_INCOME, "李四": HardToEmployCategory.OLDER_WORKER}
    assert [(e.row, e.column) for e in result.errors] == [(4, "困难类别"), (5, "困难类别")]
    assert result.errors[1].reason.startswith("“富二代”不是可选的值，可填：大龄失业人员（女40岁、男50岁以上）、残疾人")
    assert RegisterEntry.objects.get(person__name="张三").entered_on == datetime.date(2025, 3, 1)


def test_registered_unemployment_with_deregistration_is_idempotent(taiyuan_caseworker, tmp_path):
    header = ["姓名", "公民身份号码", "现居住地区划代码", "失业登记日期", "注销日期", "注销原因", "就业状态"]
    rows = [
        ["张三", RIC_A, "140105", "2025-01-10", "", "", "失业"],
        ["李四", RIC_B, "140105", "2025-01-10", "2025-05-20", "实现就业", "就业"],
        ["王五", RIC_D, "140105", "2025-01-10", "2025-05-20", "", ""],
        ["赵六", RIC_E, "140105", "2025-06-10", "2025-05-20", "其他", ""],
    ]
    path = write_xlsx(tmp_path / "a.xlsx", header, rows)

    record, result = run(taiyuan_caseworker, path, kind="unemployment_registration", dry_run=False)
    again, _result = run(taiyuan_caseworker, path, kind="unemployment_registration", dry_run=False)

    assert record.summary == "created=2 updated=0 unchanged=0 rejected=2"
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (4, "注销原因", "填写了注销日期，须同时填写注销原因"),
        (5, "注销日期", "注销日期不能早于失业登记日期"),
    ]
    assert again.summary == "created=0 updated=0 unchanged=2 rejected=2"
    li = RegisterEntry.objects.get(person__name="李四")
    assert (li.entered_on, li.exited_on, li.exit_reason) == (
        datetime.date(2025, 1, 10), datetime.date(2025, 5, 20), UnemploymentExitReason.EMPLOYED,
    )  # fmt: skip
    zhang = person_find_by_ric(RIC_A)
    assert (zhang.employment_status, zhang.employment_status_since) == ("unemployed", datetime.date(2025, 1, 10))
    assert RegisterEntry.objects.filter(person__name="李四").count() == 1


def test_veteran_discharge_date_goes_to_the_note(taiyuan_caseworker, tmp_path):
    header = ["姓名", "公民身份号码", "现居住地区划代码", "退役时间", "备注"]
    path = write_xlsx(tmp_path / "a.xlsx", header, [["张三", RIC_A, "140105", "2019年9月", "自主就业"]])
    run(taiyuan_caseworker, path, kind="veteran", dry_run=False)
    assert RegisterEntry.objects.get().note == "退役时间：2019-09-01；自主就业"


def test_every_run_leaves_a_record(taiyuan_caseworker, messy_file):
    run(taiyuan_caseworker, messy_file, dry_run=True)
    run(taiyuan_caseworker, messy_file, dry_run=False)
    assert list(ImportRecord.objects.order_by("pk").values_list("dry_run", "created")) == [(True, 7), (False, 7)]

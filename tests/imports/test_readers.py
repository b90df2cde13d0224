"""Reading files and cells: encodings, header rows, the cell forms Excel produces."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from jiuye.imports import columns
from jiuye.imports.readers import ImportFileError, cell_text, decode_csv, header_key, open_table
from jiuye.people.import_kinds import ric as ric_column
from tests.imports.files import write_csv, write_xlsx

EXCEL_DATE_CELL = datetime.datetime(2024, 6, 30)  # noqa: DTZ001 (Excel date cells carry no time zone)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("姓名,公民身份号码\n".encode("utf-8-sig"), "utf-8-sig"),
        ("姓名,公民身份号码\n".encode(), "utf-8"),
        ("姓名,公民身份号码\n".encode("gbk"), "gb18030"),
        ("姓名,公民身份号码,䶮\n".encode("gb18030"), "gb18030"),  # a character outside GBK
    ],
)
def test_csv_encoding_is_detected(data, encoding):
    text, detected = decode_csv(data)
    assert text.startswith("姓名,公民身份号码")
    assert detected == encoding


def test_headers_match_without_spaces_line_breaks_or_required_marks():
    assert header_key(" 公民身份\n号码* ") == "公民身份号码"
    assert header_key("姓\u3000名") == "姓名"


def test_blank_rows_are_skipped_by_the_caller_but_numbered_as_the_sheet_shows(tmp_path):
    path = write_csv(tmp_path / "a.csv", ["姓名", "性别"], [["张三", "男"], ["", ""], ["李四", "女"]])
    with open_table(path, known_headers={"姓名"}) as table:
        rows = list(table.rows)
    assert table.header_row == 1
    assert [number for number, _cells in rows] == [2, 3, 4]


def test_short_xlsx_rows_are_padded_to_the_header(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", ["姓名", "性别", "学历"], [["张三"]])
    with open_table(path, known_headers={"姓名"}) as table:
        assert list(table.rows) == [(2, ["张三", None, None])]


@pytest.mark.parametrize(
    ("name", "message"),
    [("a.xls", "不支持.xls格式，请在Excel或WPS中另存为.xlsx后再导入"), ("a.txt", "只能导入.xlsx或.csv文件")],
)
def test_unsupported_formats_say_what_to_do(tmp_path, name, message):
    path = tmp_path / name
    path.write_bytes(b"whatever")
    with pytest.raises(ImportFileError, match=message), open_table(path, known_headers=set()):
        pass


def test_damaged_xlsx_is_a_file_error(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ImportFileError, match="无法读取该Excel文件"), open_table(path, known_headers=set()):
        pass


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (" 张三 ", "张三"), (140105, "140105"), (13912345678.0, "13912345678"),
     (1.40105199003070e17, "1.4010519900307E+17"), (EXCEL_DATE_CELL, "2024-06-30")],
)  # fmt: skip
def test_cell_text(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize(
    "value",
    ["2024-06-30", "2024/6/30", "2024.6.30", "20240630", "2024年6月30日", "２０２４年６月３０日",
     "2024-06-30 00:00:00", 45473, 45473.0, "45473", EXCEL_DATE_CELL, datetime.date(2024, 6, 30)],
)  # fmt: skip
def test_dates_in_every_accepted_form(value):
    assert columns.date(value) == datetime.date(2024, 6, 30)


@pytest.mark.parametrize("value", ["2024年6月", "2024-06", "2024/6"])
def test_a_month_means_its_first_day(value):
    assert columns.date(value) == datetime.date(2024, 6, 1)


@pytest.mark.parametrize("value", ["2024/13/01", "2024-02-30", "明年", "2024", 2024, "1850-01-01"])
def test_impossible_dates_are_rejected_with_the_accepted_forms(value):
    with pytest.raises(ValidationError, match="不是有效的日期，请写成2024-06-30、2024/6/30、2024年6月30日或2024年6月"):
        columns.date(value)


@pytest.mark.parametrize(
    ("value", "phone"),
    [("13912345678", "13912345678"), (13912345678, "13912345678"), ("+86 139 1234 5678", "13912345678"),
     ("１３９１２３４５６７８", "13912345678"), ("0351-7654321", "0351-7654321"), ("(0351)7654321", "0351-7654321"),
     ("03517654321", "03517654321"), ("0351-7654321-801", "0351-7654321-801")],
)  # fmt: skip
def test_phone_numbers(value, phone):
    assert columns.phone(value) == phone


@pytest.mark.parametrize("value", ["12345", "1391234567", "7654321", "23912345678", "139-1234-5678x"])
def test_bad_phone_numbers(value):
    with pytest.raises(ValidationError, match="应为11位手机号码，或带区号的固定电话"):
        columns.phone(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [("140105", "140105"), (140105, "140105"), ("140105000000", "140105"), ("140105001", "140105001")],
)
def test_region_codes(value, code):
    assert columns.region_code(value) == code


@pytest.mark.parametrize("value", ["14010", "1401050", "小店区", "14010500100"])
def test_bad_region_codes(value):
    with pytest.raises(ValidationError, match="区划代码应为6位、9位或12位数字"):
        columns.region_code(value)


def test_ric_column_explains_lost_digits():
    with pytest.raises(ValidationError, match="科学计数法"):
        ric_column(1.40105199003070e17)
    assert ric_column(140105900307001) == "140105199003070012"  # a legacy number typed as a number survives


def test_choice_accepts_labels_codes_and_aliases():
    from jiuye.people.import_kinds import PERSON_COLUMNS

    education = next(column for column in PERSON_COLUMNS if column.key == "education_level").parse
    assert [education(text) for text in ("大学本科", "本科", "bachelor", " 研究生 ", "中专、职高、技校", "高中")] == [
        "bachelor", "bachelor", "bachelor", "master", "vocational_secondary", "senior_secondary",
    ]  # fmt: skip
    with pytest.raises(ValidationError, match="“夜大”不是可选的值，可填：小学及以下、初中"):
        education("夜大")


@pytest.mark.parametrize("mark", ["'{}", '="{}"', "{}\t"])
def test_ric_column_drops_the_marks_that_keep_numbers_as_text(mark):
    assert ric_column(mark.format("140105199003070012")) == "140105199003070012"

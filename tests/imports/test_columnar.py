"""The whole-column checks agree with the cell parsers: the same values (same Python types) for the cells they
accept, and for every cell, through `column_parse`, the same value or the same Chinese reason as the parser alone."""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import uscc as stdnum_uscc
from stdnum.cn.ric import calc_check_digit

from jiuye.employers import import_kinds as vacancy_kinds
from jiuye.imports import columns
from jiuye.imports.columnar import _vectorized_values, column_parse, texts
from jiuye.imports.columns import Column
from jiuye.imports.readers import cell_text
from jiuye.monitoring import import_kinds as monitoring_kinds
from jiuye.people.import_kinds import PERSON_COLUMNS, ric

EXCEL_DATE_CELL = datetime.datetime(2024, 6, 30)  # noqa: DTZ001 (Excel date cells carry no time zone)
MORNING = datetime.datetime(2024, 6, 30, 8, 30)  # noqa: DTZ001


def per_cell(parse, cell):
    """What the row-by-row parse gave for a cell: (value, None) or (None, reason)."""
    if cell_text(cell) == "":
        return None, None
    try:
        return parse(cell), None
    except ValidationError as error:
        return None, "；".join(error.messages)


def assert_agrees(parse, cells):
    parsed = column_parse(Column("列", "key", parse), cells)
    for index, cell in enumerate(cells):
        value, reason = per_cell(parse, cell)
        assert (parsed.values[index], parsed.reasons.get(index)) == (value, reason), cell
        assert type(parsed.values[index]) is type(value), cell
    # What the whole-column form accepts, it gives exactly the parser's value.
    values, accepted = _vectorized_values({"key": parse.vectorized}, {"key": texts(cells)})["key"]
    for cell, value, ok in zip(cells, values, accepted, strict=True):
        if ok:
            assert value == parse(cell), cell
            assert type(value) is type(parse(cell)), cell
    return accepted


def _ric(body17: str) -> str:
    return body17 + calc_check_digit(body17 + "0")


VALID_RIC = _ric("14010519900307001")
RIC_CELLS = [
    VALID_RIC, VALID_RIC.lower(), _ric("11010519491231002"), _ric("14010520000229001"), "140105900307001",
    140105900307001, "14010519000101001" + calc_check_digit("140105190001010010"), 1.40105199003070e17, "1.40105E+17",
    "140105199003070013", "14010519900230001X", "140105189912310012", "140105209912310011", "1401051990030700",
    "14010519900307001Y", "１４０１０５１９９００３０７００１２", f" {VALID_RIC} ", f"'{VALID_RIC}", f'="{VALID_RIC}"',
    "140105 19900307 0012", "", None, "140105999999999", "abc", 12345, "14010519900307001x",
]  # fmt: skip


def test_ric_column_agrees_with_the_parser():
    accepted = assert_agrees(ric, RIC_CELLS)
    assert accepted[:5] == [True, True, True, True, True]  # lower-case x, a leap day, a 15-digit old number


def test_ric_check_character_agrees_with_stdnum_on_many_numbers():
    rng = random.Random(14)
    cells = []
    for _ in range(3000):
        born = datetime.date(1920, 1, 1) + datetime.timedelta(days=rng.randrange(36000))
        body = f"{rng.randrange(110000, 659999)}{born:%Y%m%d}{rng.randrange(1000):03d}"
        right = calc_check_digit(body + "0")
        cells.append(body + (right if rng.random() < 0.8 else rng.choice("0123456789X")))
        cells.append(f"{rng.randrange(110000, 659999)}{born:%y%m%d}{rng.randrange(1000):03d}")
    assert_agrees(ric, cells)


def _uscc(body17: str) -> str:
    return body17 + stdnum_uscc.calc_check_digit(body17 + "0")


USCC = _uscc("91140100MA0GRX5E3")


def uscc_cells() -> list:
    """Codes right and wrong: random bodies with the right check character or another, and the ways a code is
    written that the whole-column form leaves to the parser (lower case, spaces, full width, letters outside the
    alphabet, the wrong length)."""
    rng = random.Random(32100)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    cells = [
        USCC,
        USCC.lower(),
        f" {USCC} ",
        USCC[:9] + " " + USCC[9:],
        "９１" + USCC[2:],
        USCC[:-1],
        USCC + "0",
        USCC[:10] + "I" + USCC[11:],
        USCC[:10] + "O" + USCC[11:],
        "A" + USCC[1:],
        "",
        None,
        911401001234567890,
    ]
    for _ in range(2000):
        body = "".join(rng.choice("0123456789") for _ in range(8)) + "".join(rng.choice(alphabet) for _ in range(9))
        right = stdnum_uscc.calc_check_digit(body + "0")
        cells.append(body + (right if rng.random() < 0.7 else rng.choice(alphabet)))
    return cells  # fmt: skip


@pytest.mark.parametrize("parse", [monitoring_kinds.uscc, vacancy_kinds.uscc], ids=["monitoring", "vacancies"])
def test_uscc_column_agrees_with_the_parser_and_stdnum(parse):
    cells = uscc_cells()
    accepted = assert_agrees(parse, cells)
    assert accepted[0]
    assert accepted[2]  # a cell's spaces around are gone before any check
    assert not any(accepted[1:2] + accepted[3:12])
    assert sum(accepted) > 1000  # the random right codes


COUNT_CELLS = [0, 12, 12.0, "12", "0012", " 12 ", "１２", "12.5", 12.5, -1, "-1", "1e3", "十二", "", None,
               999_999_999_999_999, "9999999999999999", True, EXCEL_DATE_CELL]  # fmt: skip


def test_count_column_agrees_with_the_parser():
    accepted = assert_agrees(monitoring_kinds.count, COUNT_CELLS)
    assert accepted[:5] == [True, True, True, True, True]


PERIOD_CELLS = ["2026-10", "2026/10", "2026年10月", "2026-10-31", "202610", 46326, EXCEL_DATE_CELL, "2026-13",
                "十月", ""]  # fmt: skip


def test_period_column_agrees_with_the_parser():
    accepted = assert_agrees(monitoring_kinds.period, PERIOD_CELLS)
    assert accepted[:4] == [True, True, True, True]


DATE_CELLS = [
    "2024-06-30", "2024/6/30", "2024.6.30", "20240630", "2024年6月30日", "2024年6月30", "２０２４年６月３０日",
    "2024-06-30 00:00:00", "2024-06-30 8:30", "2024-06-30T08:30:15", 45473, 45473.0, 45473.5, "45473", "045473",
    EXCEL_DATE_CELL, MORNING, datetime.date(2024, 6, 30), "2024年6月", "2024-06", "2024/6", "2024/13/01",
    "2024-02-30", "2024-02-29", "2023-02-29", "明年", "2024", 2024, "1850-01-01", "2101-01-01", "2100-12-31",
    "1900-01-01", 9999, 73415, 73416, "10000", "2024-6-31", "2024年0月", "2024-00-10", "2024-06-00", True,
    datetime.time(8, 30), datetime.datetime(1850, 1, 1), "2024-06-30\t", "", None,  # noqa: DTZ001
]  # fmt: skip


def test_date_column_agrees_with_the_parser():
    accepted = assert_agrees(columns.date, DATE_CELLS)
    assert all(accepted[:5])  # the common forms
    assert accepted[DATE_CELLS.index(45473)]  # an Excel serial


TEXT_CELLS = ["张三", " 张三 ", "张" * 64, "张" * 65, 140105, 1.5, 13912345678.0, EXCEL_DATE_CELL, True, "", None]


def test_text_column_agrees_with_the_parser():
    assert_agrees(columns.text(64), TEXT_CELLS)


@pytest.mark.parametrize("key", ["sex", "education_level", "employment_status"])
def test_choice_columns_agree_with_the_parser(key):
    parse = next(column for column in PERSON_COLUMNS if column.key == key).parse
    cells = [
        "男", "女", "男性", "1", 1, "2", 2.0, "大学本科", "本科", "bachelor", " 研究生 ", "中专、职高、技校", "高中",
        "本 科", "ｂａｃｈｅｌｏｒ", "夜大", "已就业", "未就业", "失业", "就业", "*本科*", "", None, 3,
    ]  # fmt: skip
    assert_agrees(parse, cells)


PHONE_CELLS = [
    "13912345678", 13912345678, "+86 139 1234 5678", "8613912345678", "+8613912345678", "１３９１２３４５６７８",
    "0351-7654321", "(0351)7654321", "03517654321", "0351-7654321-801", "12345", "1391234567", "7654321",
    "23912345678", "139-1234-5678x", "139 1234 5678", "0351—7654321", "", None,
]  # fmt: skip


def test_phone_column_agrees_with_the_parser():
    accepted = assert_agrees(columns.phone, PHONE_CELLS)
    assert accepted[:2] == [True, True]


REGION_CELLS = [
    "140105", 140105, "140105000000", "140105001", "140105001000", "140100", "140000", "140100000000", "140105001001",
    "14010500100", "14010", "1401050", "小店区", "太原市小店区", "１４０１０５", " 140105 ", "140105000", "", None,
    140105001.0, "市辖区（新）", "𠀋区",
]  # fmt: skip


def test_region_code_columns_agree_with_the_parser():
    assert_agrees(columns.region_code, REGION_CELLS)
    assert_agrees(columns.region_code_or_name, REGION_CELLS)


def test_required_blank_cells_and_parser_reasons_by_row_index():
    parsed = column_parse(Column("公民身份号码", "ric", ric, required=True), [VALID_RIC, "", None, "123", VALID_RIC])
    assert parsed.values == [VALID_RIC, None, None, None, VALID_RIC]
    assert parsed.reasons == {
        1: "必填，不能为空",
        2: "必填，不能为空",
        3: "公民身份号码应为18位（或15位旧号码），“123”为3位",
    }


def test_chunks_are_parsed_several_at_a_time_but_handed_on_as_the_file_chunks_them(monkeypatch):
    from jiuye.imports import services
    from jiuye.imports.kinds import get_kind
    from jiuye.imports.results import ImportResult

    monkeypatch.setattr(services, "CHUNK_ROWS", 2)
    monkeypatch.setattr(services, "PARSE_CHUNKS", 2)
    kind = get_kind("veteran")  # its required columns: 姓名, 公民身份号码, 现居住地区划代码
    columns = services.columns_map(kind, ["姓名", "公民身份号码", "现居住地区划代码"], ImportResult())
    rows = [
        (2, ["张三", VALID_RIC, "140105"]), (3, [None, " ", None]), (4, ["李四", "123", "140105"]),
        (5, ["", None, ""]), (6, ["王五", "", "140105"]),
    ]  # fmt: skip
    chunks = list(services.parsed_chunks(kind, columns, iter(rows)))
    assert [(read, [number for number, *_rest in parsed]) for read, parsed in chunks] == [(2, [2]), (2, [4]), (1, [6])]
    ((_number, _cells, values, errors),) = chunks[0][1]
    assert (values["name"], values["ric"], values["residence_region"], values["phone"]) == (
        "张三", VALID_RIC, "140105", None,
    )  # fmt: skip
    assert errors == []
    assert [error.reason for error in chunks[2][1][0][3]] == ["必填，不能为空"]

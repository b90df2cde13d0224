"""Survey microdata read as columns: a plain CSV split by polars, and any other file through `open_table` in blocks,
give the same rows, reasons and rejected cells; the whole-column forms of the microdata parsers agree with the
parsers."""

import csv

import pytest

from jiuye.imports import frames
from jiuye.imports.columnar import column_parse
from jiuye.imports.columns import Column
from jiuye.lfs.demo import CSV_HEADER
from jiuye.lfs.imports import age, answer, microdata_read, sex, weight
from tests.imports.files import write_csv, write_xlsx
from tests.imports.test_columnar import assert_agrees
from tests.lfs.test_import import GOOD_ROWS, person

pytestmark = pytest.mark.django_db

MESSY_ROWS = [
    *GOOD_ROWS,
    person("7", sex="3"),
    person("8", region_code="110101"),
    person("9", region_code="140105001"),
    person("10", worked_last_week="2", age="abc"),
    person("11", weight="-4"),
    person("1"),
    person("12", searched_last_4_weeks="1"),
    person("13", stratum=""),
    person("14", weight=" 1e3 ", age="０30", sex="２"),  # left to the parsers, which take them
    person("", age="200"),
    person("15", region_code="１４０１０５"),
    person("16", searched_last_4_weeks=""),
]


def read_all(path, **kwargs):
    read = microdata_read(path, **kwargs)
    return read, read.result.errors, read.result.rejected_rows, read.rows


def test_a_plain_csv_is_split_by_polars(tmp_path, monkeypatch):
    path = write_csv(tmp_path / "a.csv", list(CSV_HEADER), MESSY_ROWS)
    opened, open_table = [], frames.open_table

    def opening(*args, **kwargs):
        opened.append(args)
        return open_table(*args, **kwargs)

    monkeypatch.setattr(frames, "open_table", opening)
    _read, errors, _rejected, rows = read_all(path)
    assert not opened
    assert [row["person_id"] for row in rows] == ["1", "2", "3", "4", "5", "6", "14", "15", "16"]
    fourteen = rows[6]
    assert (fourteen["weight"], fourteen["age"], fourteen["sex"], fourteen["region_code"]) == (1000.0, 30, 2, "140105")
    assert rows[8]["searched_last_4_weeks"] is None
    assert {(error.row, error.column) for error in errors} >= {(17, "age"), (17, "person_id")}


@pytest.mark.parametrize("variant", ["quoted", "blank line", "ragged", "xlsx", "gbk", "title"])
def test_every_way_in_gives_the_same_rows_and_reasons(tmp_path, variant):
    plain = write_csv(tmp_path / "plain.csv", list(CSV_HEADER), MESSY_ROWS)
    _read, errors, rejected, rows = read_all(plain)
    shift = 0
    if variant == "quoted":
        path = tmp_path / "quoted.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
            writer.writerows([list(CSV_HEADER), *MESSY_ROWS])
    elif variant == "blank line":
        path = write_csv(tmp_path / "blank.csv", list(CSV_HEADER), [MESSY_ROWS[0], [], *MESSY_ROWS[1:]])
    elif variant == "ragged":
        path = write_csv(tmp_path / "ragged.csv", list(CSV_HEADER), [*MESSY_ROWS, ["99", "h99"]])
    elif variant == "xlsx":
        path = write_xlsx(tmp_path / "a.xlsx", list(CSV_HEADER), MESSY_ROWS)
    elif variant == "gbk":
        path = write_csv(tmp_path / "gbk.csv", list(CSV_HEADER), MESSY_ROWS, encoding="gbk")
    else:
        path = write_xlsx(tmp_path / "title.xlsx", list(CSV_HEADER), MESSY_ROWS, title="2026年10月劳动力调查")
        shift = 1
    _read, other_errors, other_rejected, other_rows = read_all(path)
    if variant == "blank line":
        shift_after = {number: number + 1 if number > 2 else number for number, _cells in rejected}
        assert [number for number, _cells in other_rejected] == [shift_after[number] for number, _ in rejected]
        assert other_rows == rows
        return
    if variant == "ragged":
        assert other_rejected[-1] == (len(MESSY_ROWS) + 2, ["99", "h99", *[None] * (len(CSV_HEADER) - 2)])
        other_rejected, other_errors = other_rejected[:-1], [e for e in other_errors if e.row != len(MESSY_ROWS) + 2]
    assert other_rows == rows
    assert [(e.row - shift, e.column, e.reason, e.value) for e in other_errors] == [
        (e.row, e.column, e.reason.replace("与第2行", f"与第{2 + shift}行"), e.value) for e in errors
    ]
    if variant in ("quoted", "gbk", "ragged"):
        assert other_rejected == rejected
    else:
        assert [number - shift for number, _cells in other_rejected] == [number for number, _cells in rejected]


def test_duplicates_are_found_across_blocks(tmp_path, monkeypatch):
    monkeypatch.setattr(frames, "BLOCK_ROWS", 2)
    path = write_xlsx(tmp_path / "a.xlsx", list(CSV_HEADER), [*GOOD_ROWS, person("1"), person("3")])
    read = microdata_read(path)
    assert [(error.row, error.reason) for error in read.result.errors] == [
        (8, "与第2行重复（person_id相同），本行未导入"),
        (9, "与第4行重复（person_id相同），本行未导入"),
    ]
    assert read.count == len(GOOD_ROWS)


def test_rows_outside_the_users_region_are_rejected(tmp_path):
    from jiuye.accounts.enums import Role
    from tests.accounts.factories import UserFactory

    path = write_csv(tmp_path / "a.csv", list(CSV_HEADER), GOOD_ROWS)
    read = microdata_read(path, user=UserFactory(region="1402", roles=[Role.ANALYST]))
    assert [(error.row, error.reason) for error in read.result.errors] == [
        (2, "“140105”不在您的管辖范围内"),
        (3, "“140105”不在您的管辖范围内"),
        (4, "“140105”不在您的管辖范围内"),
    ]


ANSWER_CELLS = ["0", "1", 0, 1, 1.0, " 1 ", "１", "2", "yes", "0.0", "01", "", None, True]


@pytest.mark.parametrize("parse", [answer, sex])
def test_answer_and_sex_columns_agree_with_the_parsers(parse):
    assert_agrees(parse, [*ANSWER_CELLS, "3"])


def test_age_and_weight_columns_agree_with_the_parsers():
    assert_agrees(age, ["0", "30", "007", "120", "121", "1000", "-1", "30.5", 30, 30.0, "３０", "abc", "", None])
    cells = ["812.5", "0.0001", "1", "0", "-4", "1e3", "inf", "nan", "1_000", " 812.5", 812.5, 3, "１２", "abc",
             "0.1234567890123456789", "123456789012345678901", "", None]  # fmt: skip
    accepted = assert_agrees(weight, cells)
    assert accepted[:3] == [True, True, True]


def test_required_and_blank_cells_through_the_column_parse():
    parsed = column_parse(Column("weight", "weight", weight, required=True), ["812.5", "", "x"])
    assert parsed.values == [812.5, None, None]
    assert parsed.reasons == {1: "必填，不能为空", 2: "权数应为正数，“x”不是"}

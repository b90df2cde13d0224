"""Cells that once crashed a parser with a ValueError or an OverflowError (issue 15): other scripts' digits in a
date or a number, and `nan`, `inf` or `1e400` in a count. Each must be a row error with the Chinese reason.

Decided: full-width digits (`２０２４-０６-３０`) are taken, since every cell is read after NFKC, which makes them
ASCII; other scripts' decimal digits (Arabic-Indic `٢٠٢٤`, Kharosthi `𐩀`) are refused, though `int()` would read
the Arabic-Indic ones: nobody in Shanxi types them, so they are a damaged or hostile file.
"""

import contextlib
import datetime

import pytest
from django.core.exceptions import ValidationError

from jiuye.employers import import_kinds as vacancies
from jiuye.imports import columns
from jiuye.imports.kinds import all_kinds
from jiuye.imports.services import import_run
from jiuye.lfs import imports as survey
from jiuye.monitoring import import_kinds as monitoring
from jiuye.monitoring.models import MonthlyReport
from jiuye.people.import_kinds import ric as ric_column
from jiuye.plans import import_kinds as plans
from tests.accounts.factories import UserFactory
from tests.imports.files import write_xlsx
from tests.monitoring.factories import MonitoredEnterpriseFactory
from tests.monitoring.test_import import HEADER, report_row

KHAROSTHI_ONE = "\U00010a40"  # KHAROSTHI DIGIT ONE
ARABIC_INDIC = "٢٠٢٤-٠٦-٣٠"
NOT_DIGITS = [
    KHAROSTHI_ONE * 5,  # isdigit() says yes, int() says ValueError
    f"{KHAROSTHI_ONE * 4}-{KHAROSTHI_ONE * 2}-{KHAROSTHI_ONE * 2}",
    ARABIC_INDIC,
    "٤٥٤٧٣",  # an Excel serial in Arabic-Indic digits
]
ARABIC_INDIC_RIC = "".join(chr(0x660 + int(digit)) for digit in "140105199003070012")  # valid, in ASCII digits
NOT_NUMBERS = ["nan", "NaN", "inf", "-inf", "Infinity", "1e400", "1_000", "٣٠", KHAROSTHI_ONE]


@pytest.mark.parametrize("written", NOT_DIGITS)
def test_other_scripts_digits_are_not_a_date(written):
    with pytest.raises(ValidationError, match=r"不是有效的日期，请写成2024-06-30"):
        columns.date(written)


def test_full_width_digits_are_a_date():
    assert columns.date("２０２４-０６-３０") == datetime.date(2024, 6, 30)
    assert columns.date("２０２４年６月") == datetime.date(2024, 6, 1)


@pytest.mark.parametrize("written", NOT_DIGITS)
def test_other_scripts_digits_are_not_a_survey_month(written):
    with pytest.raises(ValidationError, match=r"不是有效的日期"):
        monitoring.period(written)


@pytest.mark.parametrize("written", [*NOT_NUMBERS, "-1", "3.5", "99999999999", "1e3"])
def test_a_count_of_people_is_a_whole_number(written):
    with pytest.raises(ValidationError, match=rf"“{written}”不是人数：应为不小于0的整数"):
        monitoring.count(written)


@pytest.mark.parametrize(("written", "number"), [("0", 0), ("97", 97), ("97.0", 97), ("９７", 97), (97.0, 97)])
def test_a_count_of_people_as_counties_write_it(written, number):
    assert monitoring.count(written) == number


@pytest.mark.parametrize("written", [*NOT_NUMBERS, "-1", "3.5", "99999999999"])
def test_wages_and_headcounts_of_a_vacancy_are_whole_numbers(written):
    with pytest.raises(ValidationError, match=r"应为不小于0的整数"):
        vacancies.whole_number("元")(written)


def test_a_wage_keeps_its_unit_and_thousands_separator():
    assert vacancies.whole_number("元")("5,000元") == 5000


@pytest.mark.parametrize("written", [*NOT_NUMBERS, "0", "-3"])
def test_a_survey_weight_is_a_positive_number(written):
    with pytest.raises(ValidationError, match=r"权数应为正数"):
        survey.weight(written)


@pytest.mark.parametrize("written", [KHAROSTHI_ONE, KHAROSTHI_ONE * 2, "٣٠"])
def test_an_age_is_ascii_digits(written):
    with pytest.raises(ValidationError, match=r"年龄应为0到120之间的整数"):
        survey.age(written)


@pytest.mark.parametrize("written", [KHAROSTHI_ONE * 4, "٢٠٢٤"])
def test_a_plan_year_is_ascii_digits(written):
    with pytest.raises(ValidationError, match=r"应为2020—2025的整数"):
        plans.whole(2020, 2025)(written)


@pytest.mark.parametrize("written", ["NaN", "inf", "٤٧"])
def test_a_plan_value_is_a_number(written):
    with pytest.raises(ValidationError, match=r"不是数字"):
        plans.number(written)


def test_a_plan_value_too_big_to_store_is_refused():
    with pytest.raises(ValidationError, match=r"“1e400”超出了可填的范围（绝对值应小于100000000）"):
        plans.number("1e400")
    assert str(plans.number("47.03")) == "47.03"


@pytest.mark.parametrize("written", [KHAROSTHI_ONE * 6, "١٤٠١٠٥"])
def test_a_region_code_is_ascii_digits(written):
    with pytest.raises(ValidationError, match=r"区划代码应为6位、9位或12位数字"):
        columns.region_code(written)


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        (KHAROSTHI_ONE * 15, "应为18位（或15位旧号码）"),  # once a ValueError from int(..., 13)
        (KHAROSTHI_ONE * 18, "含有不允许的字符"),
        (ARABIC_INDIC_RIC, "含有不允许的字符"),
    ],
)
def test_a_resident_id_number_is_ascii_digits(written, reason):
    with pytest.raises(ValidationError, match=reason):
        ric_column(written)


def test_no_parser_of_any_kind_crashes_on_hostile_text():
    """Every column of every kind, on every hostile text: a value or a ValidationError, never another exception."""
    for kind in all_kinds():
        for column in kind.columns:
            for written in [*NOT_DIGITS, *NOT_NUMBERS, KHAROSTHI_ONE * 15, ARABIC_INDIC_RIC, "1e20", "-0", "\x0b"]:
                with contextlib.suppress(ValidationError):
                    column.parse(written)


@pytest.mark.django_db
@pytest.mark.parametrize("written", ["nan", "inf", "-inf", "1e400"])
def test_a_monthly_report_with_a_count_that_is_not_a_number_is_a_row_error(tmp_path, settings, written):
    settings.IMPORTS_DIR = tmp_path / "imports"
    officer = UserFactory(region="140105")
    good, bad = MonitoredEnterpriseFactory(region="140105"), MonitoredEnterpriseFactory(region="140105")
    rows = [report_row(good.employer.uscc), report_row(bad.employer.uscc, 调查期岗位数=written)]
    path = write_xlsx(tmp_path / "月报.xlsx", HEADER, rows)

    record, result = import_run(user=officer, kind="monitoring_report", path=path, dry_run=False)

    assert record.summary == "created=1 updated=0 unchanged=0 rejected=1"
    assert [(error.row, error.column, error.reason) for error in result.errors] == [
        (3, "调查期岗位数", f"“{written}”不是人数：应为不小于0的整数")
    ]
    assert MonthlyReport.objects.get().enterprise == good

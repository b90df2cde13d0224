"""Resident ID numbers (GB 11643-1999): the rules of issue 3."""

import datetime

import pytest

from jiuye.people.ric import RicError, normalise_ric, ric_birth_date, ric_sex, upgrade_legacy_ric


def test_a_valid_number_is_returned_as_is():
    assert normalise_ric("140105199003070012") == "140105199003070012"


def test_python_stdnum_issue_442_number_is_accepted():
    """python-stdnum rejects it (its area table has no 140105 for 1990); the checksum and date are right."""
    from stdnum.cn import ric as stdnum_ric

    assert not stdnum_ric.is_valid("140105199003070012")
    assert normalise_ric("140105199003070012") == "140105199003070012"


def test_legacy_15_digit_numbers_become_18():
    assert upgrade_legacy_ric("140105900307001") == "140105199003070012"
    assert normalise_ric("140105900307001") == "140105199003070012"


@pytest.mark.parametrize(
    "typed",
    [
        "  140105199003070012 ",
        "140105 19900307 0012",
        "１４０１０５１９９００３０７００１２",
        "\u3000140105199003070012",
    ],
)
def test_spaces_and_full_width_digits_are_accepted(typed):
    assert normalise_ric(typed) == "140105199003070012"


def test_lowercase_x_is_accepted():
    # 11010519491231002X is the standard's own example with check character X.
    assert normalise_ric("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("1.40105E+17", "科学计数法"),
        ("1.40105199003070E17", "科学计数法"),
        ("140105199003070013", "校验位"),
        ("14010519900307001", "应为18位"),
        ("14010519900230001X", "出生日期不存在"),
        ("1401051990030700AB", "不允许的字符"),
        ("140105209003070012", "出生日期"),
        ("", "为空"),
    ],
)
def test_bad_numbers_are_refused_with_the_reason(typed, reason):
    with pytest.raises(RicError, match=reason):
        normalise_ric(typed)


def test_parts_derived_from_the_number():
    assert ric_birth_date("140105199003070012") == datetime.date(1990, 3, 7)
    assert ric_sex("140105199003070012") == "1"  # 17th digit 1: odd, a man
    assert ric_sex("11010519491231002X") == "2"

"""The resident ID number checked a column at a time: the whole-column form of the registers' `ric` parser
(`jiuye.imports.columnar`), the same checks as `jiuye.people.ric.normalise_ric` in polars expressions.

It accepts the ordinary numbers only: 18 ASCII characters (17 digits and a check character, a lowercase x made
upper-case) or a 15-digit old number, with a real birth date from 1900 to today and the right check character. What
it does not accept (spaces, full-width digits, the marks that keep numbers as text, scientific notation, every
wrong number) goes to `normalise_ric`, which gives the value or the Chinese reason.
"""

import datetime

import polars as pl

from jiuye.people.ric import OLDEST_BIRTH_YEAR


def check_character(body: pl.Expr) -> pl.Expr:
    """GB 11643's check character of 17 digits, as python-stdnum computes it: (1 - 2 * int(body, 13)) mod 11,
    10 written X. The body is reduced mod 11 first, so that nothing overflows."""
    remainder = body.str.to_integer(base=13, strict=False) % 11
    check = (23 - 2 * remainder) % 11
    return pl.when(check == 10).then(pl.lit("X")).otherwise(check.cast(pl.String))


def ric_check(written: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    today = datetime.date.today()  # noqa: DTZ011 (a calendar date, as normalise_ric compares it)
    full = written.str.contains(r"^[0-9]{17}[0-9Xx]$")
    legacy = written.str.contains(r"^[0-9]{15}$")
    legacy_body = written.str.slice(0, 6) + pl.lit("19") + written.str.slice(6)
    number = (
        pl.when(full).then(written.str.to_uppercase()).when(legacy).then(legacy_body + check_character(legacy_body))
    )
    born = number.str.slice(6, 8).str.to_date("%Y%m%d", strict=False)
    accepted = (
        (full | legacy)
        & (born.dt.year() >= OLDEST_BIRTH_YEAR)
        & (born <= pl.lit(today))
        & (number.str.slice(17) == check_character(number.str.slice(0, 17)))
    )
    return number, accepted

"""Aggregates of a period's reports, and the published example."""

from decimal import Decimal

import pytest

from jiuye.monitoring.aggregates import ReportRow, aggregate, rate, rate_text, total
from jiuye.monitoring.qc import Figures
from jiuye.monitoring.selectors import report_rows
from jiuye.monitoring.services import report_return
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory
from tests.monitoring.factories import MonitoredEnterpriseFactory, MonthlyReportFactory


def row(region="140105", baseline=100, previous=100, current=100, added=0, reduced=0, **kwargs) -> ReportRow:
    values = {"industry_section": "B", "ownership": "private", "size_class": "medium"} | kwargs
    return ReportRow(
        region_code=region,
        baseline_headcount=baseline,
        previous_headcount=previous,
        current_headcount=current,
        added=added,
        reductions=Figures(previous_headcount=0, current_headcount=0, reductions={"other": reduced}).reductions,
        **values,
    )


def example_rows() -> list[ReportRow]:
    """211 enterprises: 210 of 360 jobs and one of 843 at baseline (and last month) = 76,443; in the month one adds
    222 and the large one loses 604, so 76,061 now."""
    rows = [row(baseline=360, previous=360, current=360) for _ in range(208)]
    rows.append(row(baseline=360, previous=360, current=582, added=222))
    rows.append(row(baseline=360, previous=360, current=360))
    rows.append(row(baseline=843, previous=843, current=843 - 604, reduced=604))
    return rows


def test_the_published_example_exactly():
    result = total(example_rows())

    assert result.enterprises == 211
    assert result.baseline_headcount == 76_443
    assert result.current_headcount == 76_061
    assert (result.added, result.reduced) == (222, 604)
    assert result.change_from_baseline == result.change_from_previous == -382
    assert result.change_rate_from_baseline == Decimal("-0.50")
    assert rate_text(result.change_rate_from_baseline) == "-0.50%"


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (-382, 76_443, "-0.50"),
        (1, 3, "33.33"),
        (2, 3, "66.67"),
        (1, 800, "0.12"),  # 0.125 exactly: to the even digit (GB/T 8170-2008 §3.3)
        (3, 800, "0.38"),  # 0.375 exactly: to the even digit
        (0, 5, "0.00"),
    ],
)
def test_rates_are_rounded_by_gb_t_8170(numerator, denominator, expected):
    assert rate(numerator, denominator) == Decimal(expected)


def test_a_rate_over_zero_is_none():
    assert rate(5, 0) is None
    assert rate_text(None) == "—"


def test_groupings_by_region_level_industry_ownership_and_size():
    rows = [
        row(region="140105", current=90, reduced=10),
        row(region="140106", industry_section="C", ownership="state_owned", size_class="large"),
        row(region="140212", standby=3, long_leave=2),
    ]

    assert list(aggregate(rows, "province")) == ["14"]
    assert {code: t.current_headcount for code, t in aggregate(rows, "city").items()} == {"1401": 190, "1402": 100}
    assert list(aggregate(rows, "county")) == ["140105", "140106", "140212"]
    assert aggregate(rows, "industry")["B"].reductions["other"] == 10
    assert aggregate(rows, "ownership")["state_owned"].enterprises == 1
    assert aggregate(rows, "size_class")["medium"].enterprises == 2
    datong = aggregate(rows, "city")["1402"]
    assert datong.hidden_unemployment == 5
    assert datong.hidden_unemployment_rate == Decimal("5.00")
    taiyuan = aggregate(rows, "city")["1401"]
    assert taiyuan.change_from_previous == -10
    assert taiyuan.change_rate_from_previous == Decimal("-5.00")


@pytest.mark.django_db
def test_report_rows_follow_the_scope_and_leave_out_returned_reports():
    mine = MonthlyReportFactory(region="140105", previous_headcount=100, current_headcount=95, reduced_other=5)
    MonthlyReportFactory(region="140106")
    returned = MonthlyReportFactory(
        enterprise=MonitoredEnterpriseFactory(employer=EmployerFactory(region_id="140105", industry_id="13"))
    )
    officer = UserFactory(region="140105")
    report_return(actor=officer, report=returned, reason="数字有误")

    rows = report_rows(user=officer, period="2026-02")

    assert len(rows) == 1
    assert rows[0].region_code == "140105"
    assert rows[0].industry_section == "B"  # division 06 (coal mining) is in section B
    assert rows[0].reductions["other"] == 5
    assert mine.enterprise.baseline_headcount == rows[0].baseline_headcount
    assert len(report_rows(user=UserFactory(region="14"), period="2026-02")) == 2

"""Importing a month of survey microdata: counts, reasons in Chinese, the error report, all or nothing, the same file
twice, permissions, and the `lfs_import` command."""

import io
from unittest import mock

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from jiuye.accounts.enums import Role
from jiuye.audit.models import AuditEvent
from jiuye.imports.storage import errors_path
from jiuye.lfs.demo import CSV_HEADER, SurveyFrame, microdata_csv_write, synthetic_month
from jiuye.lfs.models import MonthlyEstimate, PeriodStatus, SurveyPeriod, SurveyRecord
from jiuye.lfs.rates import unemployment_rates
from jiuye.lfs.services import period_microdata, survey_period_import
from tests.accounts.factories import UserFactory
from tests.imports.files import write_csv, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def imports_dir(settings, tmp_path):
    settings.IMPORTS_DIR = tmp_path / "imports"
    return settings.IMPORTS_DIR


@pytest.fixture
def analyst():
    return UserFactory(region="14", roles=[Role.ANALYST])


def person(person_id: str, **overrides) -> list:
    """A row under CSV_HEADER: an employed urban man of 30 in Xiaodian unless told otherwise."""
    row = {
        "person_id": person_id, "household_id": f"h{person_id}", "stratum": "1401U", "psu": "p1", "weight": "812.5",
        "region_code": "140105", "urban": "1", "sex": "1", "age": "30", "in_school": "0", "worked_last_week": "1",
        "temporarily_absent": "0", "searched_last_3_months": "0", "available_within_2_weeks": "0",
        "searched_last_4_weeks": "0",
    }  # fmt: skip
    row.update(overrides)
    return [row[column] for column in CSV_HEADER]


UNEMPLOYED = {"worked_last_week": "0", "searched_last_3_months": "1", "available_within_2_weeks": "1"}
GOOD_ROWS = [
    person("1"),
    person("2", psu="p2", **UNEMPLOYED, searched_last_4_weeks="1"),
    person("3", psu="p2", sex="2", age="24"),
    person("4", stratum="1402U", region_code="140212", psu="q1"),
    person("5", stratum="1402U", region_code="140212", psu="q2", **UNEMPLOYED),
    person("6", stratum="1402U", region_code="140212", psu="q2", urban="0"),
]


def run(user, path, *, month="2026-10", dry_run=True):
    return survey_period_import(user=user, month=month, path=path, file_name=path.name, dry_run=dry_run)


def test_dry_run_counts_and_writes_nothing(analyst, tmp_path):
    path = write_csv(tmp_path / "2026-10.csv", list(CSV_HEADER), GOOD_ROWS)

    record, result = run(analyst, path)

    assert (result.created, result.updated, result.unchanged, result.rejected) == (6, 0, 0, 0)
    assert record.dry_run
    assert record.kind == "lfs_microdata"
    assert not SurveyPeriod.objects.exists()
    assert not SurveyRecord.objects.exists()
    assert AuditEvent.objects.filter(object_id=str(record.pk), action="import").exists()


def test_commit_stores_the_rows_and_the_months_estimates(analyst, tmp_path):
    path = write_csv(tmp_path / "2026-10.csv", list(CSV_HEADER), GOOD_ROWS)

    record, result = run(analyst, path, dry_run=False)

    assert result.created == 6
    period = SurveyPeriod.objects.get(month="2026-10")
    assert (period.row_count, period.status, period.imported_by, period.sha256) == (
        6, PeriodStatus.ESTIMATED, analyst, record.sha256,
    )  # fmt: skip
    first = SurveyRecord.objects.get(person_id="2")
    assert (first.region_id, first.weight, first.searched_last_4_weeks, first.worked_last_week) == (
        "140105", 812.5, True, False,
    )  # fmt: skip
    province = MonthlyEstimate.objects.get(period=period, profile="nbs", domain_kind="province")
    # Urban labour force: persons 1-5 (person 6 is rural), two of them unemployed, equal weights.
    assert province.rate == pytest.approx(2 / 5)
    assert set(MonthlyEstimate.objects.filter(period=period).values_list("profile", flat=True)) == {"nbs", "ilo"}
    cities = MonthlyEstimate.objects.filter(period=period, profile="nbs", domain_kind="city")
    assert sorted(cities.values_list("domain_code", flat=True)) == ["1401", "1402"]


def test_reasons_are_given_in_chinese_by_row_and_column(analyst, tmp_path):
    rows = [
        *GOOD_ROWS,
        person("7", sex="3"),
        person("8", region_code="110101"),
        person("9", region_code="140105001"),
        person("10", worked_last_week="2", age="abc"),
        person("11", weight="-4"),
        person("1"),
        person("12", searched_last_4_weeks="1"),
        person("13", stratum=""),
    ]
    path = write_csv(tmp_path / "2026-10.csv", list(CSV_HEADER), rows)

    record, result = run(analyst, path, dry_run=False)

    assert (result.created, result.rejected) == (6, 8)
    assert SurveyRecord.objects.count() == 6
    reasons = {(error.row, error.column): error.reason for error in result.errors}
    assert reasons[(8, "sex")] == "性别应填1（男）或2（女），“3”不是"
    assert "不是山西省的县级区划代码" in reasons[(9, "region_code")]
    assert "不是山西省的县级区划代码" in reasons[(10, "region_code")]
    assert reasons[(11, "worked_last_week")] == "应填0或1，“2”不是"
    assert reasons[(11, "age")] == "年龄应为0到120之间的整数，“abc”不是"
    assert reasons[(12, "weight")] == "权数应为正数，“-4”不是"
    assert reasons[(13, "person_id")] == "与第2行重复（person_id相同），本行未导入"
    assert "与searched_last_3_months=0矛盾" in reasons[(14, "searched_last_4_weeks")]
    assert reasons[(15, "stratum")] == "必填，不能为空"
    sheet = load_workbook(errors_path(record.pk))["错误明细"]
    assert next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))[:3] == (8, "sex", reasons[(8, "sex")])


def test_a_missing_column_fails_the_file_and_writes_nothing(analyst, tmp_path):
    header = [column for column in CSV_HEADER if column != "weight"]
    rows = [[value for column, value in zip(CSV_HEADER, row, strict=True) if column != "weight"] for row in GOOD_ROWS]
    path = write_csv(tmp_path / "2026-10.csv", header, rows)

    record, result = run(analyst, path, dry_run=False)

    assert result.failure == "缺少必填的列：weight"
    assert record.status == "failed"
    assert not SurveyPeriod.objects.exists()


def test_the_four_week_column_is_optional_and_then_only_nbs_is_estimated(analyst, tmp_path):
    path = write_csv(tmp_path / "2026-10.csv", list(CSV_HEADER[:-1]), [row[:-1] for row in GOOD_ROWS])

    _record, result = run(analyst, path, dry_run=False)

    assert result.created == 6
    assert SurveyRecord.objects.filter(searched_last_4_weeks__isnull=True).count() == 6
    assert set(MonthlyEstimate.objects.values_list("profile", flat=True)) == {"nbs"}


def test_the_same_file_twice_changes_nothing(analyst, tmp_path):
    path = write_csv(tmp_path / "2026-10.csv", list(CSV_HEADER), GOOD_ROWS)
    run(analyst, path, dry_run=False)
    records = list(SurveyRecord.objects.order_by("pk").values_list("pk", flat=True))
    computed = list(MonthlyEstimate.objects.values_list("pk", "computed_at"))

    _record, result = run(analyst, path, dry_run=False)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 6)
    assert list(SurveyRecord.objects.order_by("pk").values_list("pk", flat=True)) == records
    assert list(MonthlyEstimate.objects.values_list("pk", "computed_at")) == computed


def test_a_different_file_replaces_the_month_and_leaves_other_months(analyst, tmp_path):
    run(analyst, write_csv(tmp_path / "a.csv", list(CSV_HEADER), GOOD_ROWS), dry_run=False)
    run(analyst, write_csv(tmp_path / "b.csv", list(CSV_HEADER), GOOD_ROWS), month="2026-09", dry_run=False)

    _record, result = run(analyst, write_csv(tmp_path / "c.csv", list(CSV_HEADER), GOOD_ROWS[:4]), dry_run=False)

    assert (result.created, result.updated) == (0, 4)
    october = SurveyPeriod.objects.get(month="2026-10")
    assert october.records.count() == october.row_count == 4
    assert october.file_name == "c.csv"
    assert SurveyPeriod.objects.get(month="2026-09").records.count() == 6
    assert MonthlyEstimate.objects.get(period=october, profile="nbs", domain_kind="province").rate == pytest.approx(
        1 / 4
    )


def test_nothing_is_half_loaded_when_a_step_fails(analyst, tmp_path):
    run(analyst, write_csv(tmp_path / "a.csv", list(CSV_HEADER), GOOD_ROWS), dry_run=False)
    before = list(SurveyRecord.objects.values_list("pk", flat=True))
    replacement = write_csv(tmp_path / "b.csv", list(CSV_HEADER), GOOD_ROWS[:3])

    with (
        mock.patch("jiuye.lfs.services.period_estimates_compute", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        run(analyst, replacement, dry_run=False)

    assert list(SurveyRecord.objects.values_list("pk", flat=True)) == before
    assert SurveyPeriod.objects.get().file_name == "a.csv"


def test_a_file_of_only_bad_rows_is_refused(analyst, tmp_path):
    path = write_csv(tmp_path / "bad.csv", list(CSV_HEADER), [person("1", sex="9")])
    record, result = run(analyst, path, dry_run=False)
    assert result.failure == "文件中没有可导入的有效记录"
    assert record.rejected == 1
    assert not SurveyPeriod.objects.exists()


def test_xlsx_files_are_read_too(analyst, tmp_path):
    rows = [[float(value) if value.replace(".", "").isdigit() else value for value in row] for row in GOOD_ROWS]
    path = write_xlsx(tmp_path / "2026-10.xlsx", list(CSV_HEADER), rows, title="2026年10月劳动力调查")
    _record, result = run(analyst, path, dry_run=False)
    assert (result.created, result.rejected) == (6, 0)
    assert SurveyRecord.objects.get(person_id="1").age == 30


@pytest.mark.parametrize(
    "user_kwargs",
    [
        {"region": "1401", "roles": [Role.ANALYST]},  # a city's analyst
        {"region": "140105", "roles": [Role.ANALYST]},  # a county's
        {"region": "14", "roles": [Role.CASEWORKER]},  # the province, without the analyst role
    ],
)
def test_only_province_analysts_and_administrators_import(tmp_path, user_kwargs):
    path = write_csv(tmp_path / "2026-10.csv", list(CSV_HEADER), GOOD_ROWS)
    with pytest.raises(PermissionDenied):
        run(UserFactory(**user_kwargs), path)
    run(UserFactory(region="14", roles=[Role.ADMINISTRATOR]), path)


def test_the_month_must_be_yyyy_mm(analyst, tmp_path):
    path = write_csv(tmp_path / "a.csv", list(CSV_HEADER), GOOD_ROWS)
    with pytest.raises(ValidationError, match="YYYY-MM"):
        run(analyst, path, month="2026-13")


def test_a_synthetic_month_round_trips_through_file_and_database(analyst, tmp_path):
    """What is stored gives the same estimates as the file it came from."""
    sample = synthetic_month(
        np.random.default_rng(5), month="2026-06", persons=2000, frame=SurveyFrame.from_reference()
    )
    path = microdata_csv_write(tmp_path / "2026-06.csv", sample)

    _record, result = run(analyst, path, month="2026-06", dry_run=False)

    assert result.created == len(sample.microdata)
    stored = period_microdata(SurveyPeriod.objects.get(month="2026-06"))
    for by in ("province", "city", "age_group"):
        expected = unemployment_rates(sample.microdata, by=by)
        got = unemployment_rates(stored, by=by)
        assert [rate.rate for rate in got] == pytest.approx([rate.rate for rate in expected], rel=1e-5)
    city = MonthlyEstimate.objects.get(period__month="2026-06", profile="nbs", domain_kind="city", domain_code="1401")
    assert city.se == pytest.approx(unemployment_rates(stored, by="city")[0].se)


# `manage.py lfs_import`


def command(*args) -> list[str]:
    out = io.StringIO()
    call_command("lfs_import", *map(str, args), stdout=out)
    return out.getvalue().splitlines()


def test_command_without_user_checks_the_file_only(tmp_path):
    path = write_csv(tmp_path / "2026-10.csv", [*CSV_HEADER, "备注"], [[*row, ""] for row in GOOD_ROWS] + [
        [*person("7", sex="0"), ""]
    ])  # fmt: skip

    lines = command(path, "--period", "2026-10")

    report = tmp_path / "2026-10.csv.errors.xlsx"
    assert lines == [
        "未识别的列：备注",
        "created=6 updated=0 unchanged=0 rejected=1",
        f"被拒绝的行：{report}",
        "试运行，未写入数据；确认无误后加 --commit 导入。",
    ]
    assert list(load_workbook(report)["错误明细"].iter_rows(values_only=True))[1][:2] == (8, "sex")
    assert not SurveyPeriod.objects.exists()


def test_command_commits_as_the_user_and_again_changes_nothing(analyst, tmp_path):
    path = write_csv(tmp_path / "2026-10.csv", list(CSV_HEADER), GOOD_ROWS)
    with pytest.raises(CommandError, match="--user"):
        command(path, "--period", "2026-10", "--commit")

    assert command(path, "--period", "2026-10", "--commit", "--user", analyst.username) == [
        "created=6 updated=0 unchanged=0 rejected=0"
    ]
    assert command(path, "--period", "2026-10", "--commit", "--user", analyst.username) == [
        "created=0 updated=0 unchanged=6 rejected=0"
    ]
    assert SurveyPeriod.objects.get().imported_by == analyst


def test_command_refuses_users_who_may_not_import(tmp_path):
    path = write_csv(tmp_path / "2026-10.csv", list(CSV_HEADER), GOOD_ROWS)
    county = UserFactory(region="140105", roles=[Role.ANALYST])
    with pytest.raises(CommandError, match="省级分析人员和管理员"):
        command(path, "--period", "2026-10", "--commit", "--user", county.username)
    with pytest.raises(CommandError, match="调查月份应写成YYYY-MM"):
        command(path, "--period", "202610")

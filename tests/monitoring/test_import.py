"""`manage.py monitoring_import`: monthly reports through the import framework, with and without --enrol."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from jiuye.audit.models import AuditEvent
from jiuye.employers.demo import demo_uscc
from jiuye.employers.models import Employer
from jiuye.imports.models import ImportRecord
from jiuye.monitoring import import_kinds, qc
from jiuye.monitoring.enums import RevisionAction
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport
from jiuye.monitoring.services import report_figures, report_submit
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory
from tests.imports.files import write_xlsx
from tests.monitoring.factories import MonitoredEnterpriseFactory, MonthlyReportFactory

pytestmark = pytest.mark.django_db

REASONS = ["关闭破产", "停业整顿", "经济性裁员", "业务转移", "自然减员", "劳动合同期满", "其他"]
HEADER = [
    "统一社会信用代码", "企业名称", "行业代码", "所在区划代码", "调查期", "建档期岗位数", "上期岗位数", "调查期岗位数",
    "新增人数", *(f"减少人数({reason})" for reason in REASONS), "待岗人数", "放长假人数", "备注",
]  # fmt: skip
NEW_USCC = demo_uscc("140105", 31_000_001)


@pytest.fixture(autouse=True)
def imports_dir(settings, tmp_path):
    settings.IMPORTS_DIR = tmp_path / "imports"


def report_row(uscc: str, **overrides) -> list:
    """100 last period, 5 added, 8 reduced by natural attrition: 97 now. Overrides by header name."""
    row = dict.fromkeys(HEADER, "")
    row |= {
        "统一社会信用代码": uscc, "企业名称": "小店煤业有限公司", "行业代码": "06", "所在区划代码": "140105",
        "调查期": "2026-02", "建档期岗位数": 100, "上期岗位数": 100, "调查期岗位数": 97, "新增人数": 5,
        "减少人数(自然减员)": 8,
    }  # fmt: skip
    row |= overrides
    return [row[name] for name in HEADER]


def command(path, user, *flags) -> list[str]:
    out = io.StringIO()
    call_command("monitoring_import", str(path), "--user", user.username, *flags, stdout=out)
    return out.getvalue().splitlines()


def errors_of(path) -> list[tuple]:
    workbook = load_workbook(path.with_name(path.name + ".errors.xlsx"))
    return [row[:3] for row in workbook["错误明细"].iter_rows(min_row=2, values_only=True)]


@pytest.fixture
def officer():
    return UserFactory(region="140105")


@pytest.fixture
def enterprise():
    return MonitoredEnterpriseFactory(region="140105")


def test_a_dry_run_counts_and_writes_nothing(tmp_path, officer, enterprise):
    path = write_xlsx(tmp_path / "月报.xlsx", HEADER, [report_row(enterprise.employer.uscc)])

    lines = command(path, officer)

    assert lines == ["created=1 updated=0 unchanged=0 rejected=0", "试运行，未写入数据；确认无误后加 --commit 导入。"]
    assert not MonthlyReport.objects.exists()
    assert ImportRecord.objects.get().dry_run


def test_commit_then_the_same_file_again_changes_nothing(tmp_path, officer, enterprise):
    path = write_xlsx(tmp_path / "月报.xlsx", HEADER, [report_row(enterprise.employer.uscc)])

    assert command(path, officer, "--commit") == ["created=1 updated=0 unchanged=0 rejected=0"]
    assert command(path, officer, "--commit") == ["created=0 updated=0 unchanged=1 rejected=0"]

    report = MonthlyReport.objects.get()
    assert (report.previous_headcount, report.current_headcount, report.added) == (100, 97, 5)
    assert report.reduced_natural_attrition == 8
    assert report.reduced_economic_layoff == report.standby == 0  # empty counts are zero
    assert report.revisions.count() == 1


def test_a_changed_file_revises_the_report_with_the_import_as_reason(tmp_path, officer, enterprise):
    command(write_xlsx(tmp_path / "a.xlsx", HEADER, [report_row(enterprise.employer.uscc)]), officer, "--commit")
    changed = report_row(enterprise.employer.uscc, **{"调查期岗位数": 96, "减少人数(自然减员)": 9})

    lines = command(write_xlsx(tmp_path / "b.xlsx", HEADER, [changed]), officer, "--commit")

    assert lines == ["created=0 updated=1 unchanged=0 rejected=0"]
    revision = MonthlyReport.objects.get().revisions.order_by("number").last()
    assert (revision.action, revision.reason, revision.user) == (RevisionAction.REVISE, "批量导入", officer)


def test_an_import_counts_in_the_reports_version_so_a_form_opened_before_is_stale(tmp_path, officer, enterprise):
    command(write_xlsx(tmp_path / "a.xlsx", HEADER, [report_row(enterprise.employer.uscc)]), officer, "--commit")
    assert MonthlyReport.objects.get().version == 1  # a reporter opens the form
    changed = report_row(enterprise.employer.uscc, **{"调查期岗位数": 96, "减少人数(自然减员)": 9})

    command(write_xlsx(tmp_path / "b.xlsx", HEADER, [changed]), officer, "--commit")

    assert MonthlyReport.objects.get().version == 2
    with pytest.raises(ValidationError, match="现为第2版"):
        report_submit(
            actor=officer, enterprise=enterprise, period=MonthlyReport.objects.get().period,
            figures=report_figures(MonthlyReport.objects.get()), reason="更正", expected_version=1,
        )  # fmt: skip


def test_rows_are_rejected_with_their_reasons(tmp_path, officer, enterprise):
    other = MonitoredEnterpriseFactory(region="140105")
    neighbour = MonitoredEnterpriseFactory(region="140106")
    rows = [
        report_row(enterprise.employer.uscc, **{"调查期岗位数": 96}),
        report_row(NEW_USCC),
        report_row(neighbour.employer.uscc),
        report_row(other.employer.uscc, **{"新增人数": "两人"}),
    ]
    path = write_xlsx(tmp_path / "月报.xlsx", HEADER, rows)

    lines = command(path, officer, "--commit")

    assert lines[0] == "created=0 updated=0 unchanged=0 rejected=4"
    assert errors_of(path) == [
        (2, "调查期岗位数", "上期岗位数 100 + 新增 5 − 减少 8 = 97，与调查期岗位数 96 不符"),
        (3, "统一社会信用代码", "该企业不在监测企业名单中；如为新纳入监测的企业，请用 --enrol 导入（初次建档）"),
        (4, "统一社会信用代码", "该企业不在您的管辖范围内"),
        (5, "新增人数", "“两人”不是人数：应为不小于0的整数"),
    ]
    assert not MonthlyReport.objects.exists()


def test_enrol_creates_the_employer_and_its_panel_entry_from_the_row(tmp_path, officer):
    known = EmployerFactory(region_id="140105")
    rows = [
        report_row(NEW_USCC, **{"企业名称": "新纳入机械厂", "行业代码": "34"}),
        report_row(known.uscc),
        report_row(NEW_USCC[:-1] + ("0" if NEW_USCC[-1] != "0" else "1")),
    ]
    path = write_xlsx(tmp_path / "月报.xlsx", HEADER, rows)

    lines = command(path, officer, "--commit", "--enrol")

    assert lines[0] == "created=2 updated=0 unchanged=0 rejected=1"
    created = Employer.objects.get(uscc=NEW_USCC)
    assert (created.name, created.industry_id, created.region_id) == ("新纳入机械厂", "34", "140105")
    enterprise = MonitoredEnterprise.objects.get(employer=created)
    assert (enterprise.baseline_period, enterprise.baseline_headcount) == ("2026-02", 100)
    assert MonitoredEnterprise.objects.filter(employer=known).exists()
    assert MonthlyReport.objects.count() == 2
    [(row, column, reason)] = errors_of(path)
    assert (row, column) == (4, "统一社会信用代码")
    assert "校验位不符" in reason

    again = command(path, officer, "--commit", "--enrol")
    assert again[0] == "created=0 updated=0 unchanged=2 rejected=1"
    assert MonitoredEnterprise.objects.count() == 2


def test_a_questioned_change_is_taken_only_with_a_note(tmp_path, officer, enterprise):
    history = [
        report_row(enterprise.employer.uscc, **{"调查期": "2026-02", "调查期岗位数": 97}),
        report_row(enterprise.employer.uscc, **{"调查期": "2026-03", "上期岗位数": 97, "调查期岗位数": 94}),
    ]
    for number, row in enumerate(history):
        command(write_xlsx(tmp_path / f"{number}.xlsx", HEADER, [row]), officer, "--commit")
    layoff = {"调查期": "2026-04", "上期岗位数": 94, "调查期岗位数": 54, "新增人数": 0, "减少人数(自然减员)": 0}
    layoff["减少人数(经济性裁员)"] = 40

    path = write_xlsx(tmp_path / "april.xlsx", HEADER, [report_row(enterprise.employer.uscc, **layoff)])
    assert command(path, officer, "--commit")[0] == "created=0 updated=0 unchanged=0 rejected=1"
    assert "远超该企业以往" in errors_of(path)[0][2]

    noted = report_row(enterprise.employer.uscc, **layoff, **{"备注": "订单下降，经济性裁员40人"})
    path = write_xlsx(tmp_path / "april-noted.xlsx", HEADER, [noted])
    assert command(path, officer, "--commit")[0] == "created=1 updated=0 unchanged=0 rejected=0"


def test_the_upload_template_has_the_columns_of_the_issue(client, officer):
    client.force_login(officer)

    response = client.get(reverse("www:import_template", args=["monitoring_report"]))

    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert list(header)[: len(HEADER)] == HEADER


def test_a_file_in_several_chunks_keeps_every_row_with_its_revision_and_audit_event(tmp_path, officer, monkeypatch):
    monkeypatch.setattr("jiuye.imports.services.CHUNK_ROWS", 2)  # rows are fetched for and written a chunk at a time
    enterprises = MonitoredEnterpriseFactory.create_batch(5, region="140105")
    rows = [report_row(enterprise.employer.uscc) for enterprise in enterprises]
    rows[3] = report_row(enterprises[3].employer.uscc, **{"调查期岗位数": 96})
    path = write_xlsx(tmp_path / "月报.xlsx", HEADER, rows)

    assert command(path, officer, "--commit")[0] == "created=4 updated=0 unchanged=0 rejected=1"

    assert errors_of(path) == [(5, "调查期岗位数", "上期岗位数 100 + 新增 5 − 减少 8 = 97，与调查期岗位数 96 不符")]
    reports = {report.enterprise_id: report for report in MonthlyReport.objects.all()}
    assert set(reports) == {enterprise.pk for i, enterprise in enumerate(enterprises) if i != 3}
    for enterprise in (enterprises[0], enterprises[4]):
        report = reports[enterprise.pk]
        assert (report.previous_headcount, report.current_headcount, report.reduced_natural_attrition) == (100, 97, 8)
        assert (report.submitted_by, report.status) == (officer, "submitted")
        [revision] = report.revisions.all()
        assert (revision.number, revision.action, revision.reason, revision.user) == (1, "submit", "批量导入", officer)
        assert revision.figures["current_headcount"] == 97
        assert revision.figures["reductions"]["natural_attrition"] == 8
        assert (revision.figures["note"], revision.figures["status"]) == ("", "submitted")
        event = AuditEvent.objects.get(object_type="monitoring.MonthlyReport", object_id=str(report.pk))
        assert (event.user, event.action, event.region_code) == (officer, "create", "140105")
        assert event.summary == f"报送月报：{enterprise.employer.name} 2026-02"

    changed = [*rows[:3], report_row(enterprises[4].employer.uscc, **{"调查期岗位数": 96, "减少人数(自然减员)": 9})]
    lines = command(write_xlsx(tmp_path / "b.xlsx", HEADER, changed), officer, "--commit")

    assert lines[0] == "created=0 updated=1 unchanged=3 rejected=0"
    revised = MonthlyReport.objects.get(enterprise=enterprises[4])
    assert (revised.current_headcount, revised.reduced_natural_attrition) == (96, 9)
    assert [(r.number, r.action) for r in revised.revisions.order_by("number")] == [(1, "submit"), (2, "revise")]
    assert AuditEvent.objects.filter(object_id=str(revised.pk), action="update").count() == 1


def test_the_queries_of_an_import_do_not_grow_with_its_rows(tmp_path, officer):
    """The enterprises, panel entries and histories of a chunk are fetched together, its reports written together:
    a row costs only its savepoint."""

    def queries(count: int) -> int:
        enterprises = MonitoredEnterpriseFactory.create_batch(count, region="140105")
        path = write_xlsx(tmp_path / f"{count}.xlsx", HEADER, [report_row(e.employer.uscc) for e in enterprises])
        with CaptureQueriesContext(connection) as captured:
            assert command(path, officer, "--commit")[0] == f"created={count} updated=0 unchanged=0 rejected=0"
        return sum(1 for query in captured if "SAVEPOINT" not in query["sql"])

    assert queries(2) == queries(12)


def test_a_change_at_the_floor_passes_and_one_above_it_is_questioned_against_the_history(tmp_path, officer):
    """The import reads an enterprise's earlier changes only for a change above the quality control's floor (10
    people), which alone the check may question: both sides of it decide as `report_submit` does."""
    at_floor, above = MonitoredEnterpriseFactory.create_batch(2, region="140105")
    for enterprise in (at_floor, above):
        for period in ("2026-02", "2026-03"):  # no change at all: any change is far out of line
            MonthlyReportFactory(enterprise=enterprise, period=period)
    april = {"调查期": "2026-04", "新增人数": 0}
    rows = [
        report_row(at_floor.employer.uscc, **april, **{"调查期岗位数": 90, "减少人数(自然减员)": 10}),
        report_row(above.employer.uscc, **april, **{"调查期岗位数": 89, "减少人数(自然减员)": 11}),
    ]
    path = write_xlsx(tmp_path / "april.xlsx", HEADER, rows)

    assert command(path, officer, "--commit")[0] == "created=1 updated=0 unchanged=0 rejected=1"
    [(row, column, reason)] = errors_of(path)
    assert (row, column) == (3, "备注")
    assert reason.startswith("本月岗位数变动 -11 人，远超该企业以往每月约 0 人的变动")
    assert MonthlyReport.objects.get(enterprise=at_floor, period="2026-04").current_headcount == 90
    # What the import relies on: with the steadiest history (no change at all), the floor itself is not questioned.
    steady = qc.Figures(previous_headcount=100, current_headcount=90, reductions={"natural_attrition": 10})
    assert qc.implausible_warning(steady, history=[0] * 35) is None


def test_the_limits_are_read_once_an_import_and_the_permission_once_a_chunk(tmp_path, officer, monkeypatch):
    """A month's file is 100,000 rows: what is the same for every row is not worked out again for each."""
    monkeypatch.setattr("jiuye.imports.services.CHUNK_ROWS", 2)
    calls = {"qc_limits": 0, "can_submit_report": 0}

    def counted(name, function):
        def call(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        return call

    monkeypatch.setattr(qc, "qc_limits", counted("qc_limits", qc.qc_limits))
    monkeypatch.setattr(
        "jiuye.monitoring.import_kinds.can_submit_report",
        counted("can_submit_report", import_kinds.can_submit_report),
    )
    enterprises = MonitoredEnterpriseFactory.create_batch(5, region="140105")
    for enterprise in enterprises:  # a history, so that every row's change is weighed against it
        MonthlyReportFactory(enterprise=enterprise, period="2026-01")
    rows = [report_row(enterprise.employer.uscc, **{"调查期岗位数": 80, "减少人数(自然减员)": 25, "备注": "裁员"})
            for enterprise in enterprises]  # fmt: skip
    path = write_xlsx(tmp_path / "月报.xlsx", HEADER, rows)

    assert command(path, officer, "--commit")[0] == "created=5 updated=0 unchanged=0 rejected=0"
    assert calls == {"qc_limits": 1, "can_submit_report": 3}  # 3 chunks of at most 2 rows

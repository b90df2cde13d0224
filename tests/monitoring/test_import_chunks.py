"""The monthly reports' import on the bulk path (`ImportKind.save_chunk`): a chunk mixing new, revised, unchanged and
rejected rows is decided at once, each row as `report_submit` would decide it, and nothing is written for a
rejected row; importing the same file again changes nothing."""

import pytest

from jiuye.audit.models import AuditEvent
from jiuye.employers.models import Employer
from jiuye.imports.models import ImportRecord
from jiuye.imports.services import import_run
from jiuye.monitoring.enums import ReportStatus
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport, ReportRevision
from jiuye.monitoring.services import report_figures as figures_of
from jiuye.monitoring.services import report_submit
from tests.accounts.factories import UserFactory
from tests.imports.files import write_xlsx
from tests.monitoring.factories import MonitoredEnterpriseFactory, MonthlyReportFactory
from tests.monitoring.test_import import HEADER, NEW_USCC, report_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def imports_dir(settings, tmp_path):
    settings.IMPORTS_DIR = tmp_path / "imports"


@pytest.fixture
def officer():
    return UserFactory(region="140105")


def run(officer, path, *, kind="monitoring_report", dry_run=False):
    return import_run(user=officer, kind=kind, path=path, file_name=path.name, dry_run=dry_run)


def reasons(result) -> list[tuple]:
    return [(error.row, error.column, error.reason) for error in result.errors]


def report_events() -> int:
    return AuditEvent.objects.filter(object_type="monitoring.MonthlyReport").count()


@pytest.fixture
def panel(officer):
    """Six enterprises, five with February's report as the officer submitted it (97 jobs), one without."""
    enterprises = MonitoredEnterpriseFactory.create_batch(6, region="140105")
    for enterprise in enterprises[:5]:
        MonthlyReportFactory(
            enterprise=enterprise, period="2026-02", current_headcount=97, added=5, reduced_natural_attrition=8,
            submitted_by=officer,
        )  # fmt: skip
    return enterprises


def test_a_chunk_of_new_revised_unchanged_and_rejected_rows(tmp_path, officer, panel):
    MonthlyReport.objects.filter(enterprise=panel[4]).update(status=ReportStatus.ACCEPTED)
    rows = [
        report_row(panel[0].employer.uscc),  # as reported: unchanged
        report_row(panel[1].employer.uscc, **{"调查期岗位数": 96, "减少人数(自然减员)": 9}),  # revised
        report_row(panel[5].employer.uscc),  # new
        report_row(panel[2].employer.uscc, **{"调查期岗位数": 90}),  # identity error
        report_row(panel[4].employer.uscc, **{"待岗人数": 3}),  # accepted already: not to be revised
        report_row(NEW_USCC),  # not in the panel
        report_row(panel[3].employer.uscc, **{"建档期岗位数": 120}),  # baseline not the enrolment's
    ]
    path = write_xlsx(tmp_path / "月报.xlsx", HEADER, rows)
    events = report_events()

    _record, result = run(officer, path)

    assert (result.created, result.updated, result.unchanged, result.rejected) == (1, 1, 1, 4)
    assert reasons(result) == [
        (5, "调查期岗位数", "上期岗位数 100 + 新增 5 − 减少 8 = 97，与调查期岗位数 90 不符"),
        (6, "", "2026-02月报已审核通过，不能再修改"),
        (7, "统一社会信用代码", "该企业不在监测企业名单中；如为新纳入监测的企业，请用 --enrol 导入（初次建档）"),
        (8, "建档期岗位数", "建档期岗位数与建档时登记的100不符"),
    ]
    revised = MonthlyReport.objects.get(enterprise=panel[1])
    assert (revised.current_headcount, revised.reduced_natural_attrition) == (96, 9)
    [revision] = revised.revisions.all()  # the factory's report had none: this is the first
    assert (revision.number, revision.action, revision.reason) == (1, "revise", "批量导入")
    new = MonthlyReport.objects.get(enterprise=panel[5])
    assert (new.current_headcount, new.submitted_by, new.status) == (97, officer, ReportStatus.SUBMITTED)
    assert [(r.number, r.action) for r in new.revisions.all()] == [(1, "submit")]
    # Nothing written for the rejected rows or the unchanged one.
    assert MonthlyReport.objects.get(enterprise=panel[2]).current_headcount == 97
    assert MonthlyReport.objects.get(enterprise=panel[4]).standby == 0
    assert not ReportRevision.objects.exclude(report__in=[revised, new]).exists()
    assert report_events() == events + 2
    assert AuditEvent.objects.get(object_id=str(revised.pk), action="update").summary.startswith("修改月报：")


def test_the_same_file_again_changes_nothing(tmp_path, officer, panel):
    rows = [report_row(enterprise.employer.uscc, **{"调查期": "2026-03", "上期岗位数": 97, "调查期岗位数": 94})
            for enterprise in panel[:5]]  # fmt: skip
    rows.append(report_row(panel[5].employer.uscc, **{"调查期": "2026-03"}))
    path = write_xlsx(tmp_path / "三月.xlsx", HEADER, rows)
    _record, first = run(officer, path)
    assert (first.created, first.updated, first.unchanged, first.rejected) == (6, 0, 0, 0)
    stored = {report.pk: figures_of(report) for report in MonthlyReport.objects.filter(period="2026-03")}
    events, revisions = report_events(), ReportRevision.objects.count()

    _record, again = run(officer, path)

    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 6, 0)
    assert {report.pk: figures_of(report) for report in MonthlyReport.objects.filter(period="2026-03")} == stored
    assert (report_events(), ReportRevision.objects.count()) == (events, revisions)


def test_a_dry_run_counts_as_the_commit_does(tmp_path, officer, panel):
    rows = [
        report_row(panel[0].employer.uscc),
        report_row(panel[1].employer.uscc, **{"待岗人数": 2}),
        report_row(panel[5].employer.uscc),
        report_row(panel[2].employer.uscc, **{"新增人数": 6}),
    ]
    path = write_xlsx(tmp_path / "月报.xlsx", HEADER, rows)

    dry, _result = run(officer, path, dry_run=True)
    committed, _result = run(officer, path)

    assert dry.counts_text == committed.counts_text == "新增 1、更新 1、未变 1、拒绝 1"
    assert ImportRecord.objects.count() == 2


def test_the_import_decides_as_the_service_does(tmp_path, officer, panel):
    """Each row's outcome and error are those `report_submit` gives for the same figures."""
    figures = figures_of(MonthlyReport.objects.get(enterprise=panel[0]))
    _report, outcome = report_submit(actor=officer, enterprise=panel[0], period="2026-02", figures=figures)
    assert outcome.unchanged
    path = write_xlsx(tmp_path / "月报.xlsx", HEADER, [report_row(panel[0].employer.uscc)])

    _record, result = run(officer, path)

    assert (result.unchanged, result.rejected) == (1, 0)


def test_an_enrolment_whose_report_is_refused_leaves_nothing(tmp_path, officer):
    rows = [
        report_row(NEW_USCC, **{"企业名称": "新纳入机械厂", "行业代码": "34", "调查期岗位数": 90}),
        report_row(NEW_USCC[:-2] + "XX"),  # a cell error: the engine's, before the kind
    ]
    path = write_xlsx(tmp_path / "建档.xlsx", HEADER, rows)

    _record, result = run(officer, path, kind="monitoring_report_enrol")

    assert (result.created, result.rejected) == (0, 2)
    assert reasons(result)[0] == (2, "调查期岗位数", "上期岗位数 100 + 新增 5 − 减少 8 = 97，与调查期岗位数 90 不符")
    assert not Employer.objects.filter(uscc=NEW_USCC).exists()
    assert not MonitoredEnterprise.objects.exists()
    assert not AuditEvent.objects.filter(object_type__in=["employers.Employer", "monitoring.MonitoredEnterprise"])

"""The monthly cycle through its services: enrol, submit, revise, return, resubmit, accept; late and missing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiuye.accounts.enums import Role
from jiuye.audit.models import AuditEvent
from jiuye.monitoring.enums import ReportStatus, RevisionAction
from jiuye.monitoring.models import MonthlyReport
from jiuye.monitoring.qc import Figures
from jiuye.monitoring.selectors import late_reports, missing_reports
from jiuye.monitoring.services import (
    enterprise_enrol,
    enterprise_leave,
    report_accept,
    report_return,
    report_submit,
)
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory
from tests.monitoring.factories import MonitoredEnterpriseFactory, reporter_of

pytestmark = pytest.mark.django_db

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@pytest.fixture
def clock(monkeypatch):
    """`clock(moment)` sets the time the services read."""

    def travel(moment: datetime.datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    return travel


def figures(previous=100, current=97, added=5, **reductions) -> Figures:
    return Figures(
        previous_headcount=previous,
        current_headcount=current,
        added=added,
        reductions=reductions or {"natural_attrition": previous + added - current},
    )


def submit(actor, enterprise, period="2026-02", **kwargs):
    values = {"figures": figures()} | kwargs
    return report_submit(actor=actor, enterprise=enterprise, period=period, **values)


@pytest.fixture
def officer():
    return UserFactory(region="140105")


@pytest.fixture
def enterprise():
    return MonitoredEnterpriseFactory(region="140105")


def test_enrol_records_the_baseline_and_is_audited(officer):
    employer = EmployerFactory(region_id="140105")

    enterprise = enterprise_enrol(
        actor=officer, employer=employer, baseline_period="2026-01", baseline_headcount=350,
        entered_on=datetime.date(2026, 1, 5),
    )  # fmt: skip

    assert (enterprise.baseline_period, enterprise.baseline_headcount) == ("2026-01", 350)
    assert AuditEvent.objects.filter(object_type="monitoring.MonitoredEnterprise", user=officer).exists()
    with pytest.raises(ValidationError, match="已在监测企业名单中"):
        enterprise_enrol(
            actor=officer, employer=employer, baseline_period="2026-01", baseline_headcount=350,
            entered_on=datetime.date(2026, 1, 5),
        )  # fmt: skip


def test_a_county_officer_cannot_enrol_or_report_for_another_county(officer):
    theirs = MonitoredEnterpriseFactory(region="140106")
    with pytest.raises(PermissionDenied):
        enterprise_enrol(
            actor=officer, employer=EmployerFactory(region_id="140106"), baseline_period="2026-01",
            baseline_headcount=10, entered_on=datetime.date(2026, 1, 5),
        )  # fmt: skip
    with pytest.raises(PermissionDenied):
        submit(officer, theirs)


def test_leaving_the_panel_ends_the_reports(officer, enterprise):
    enterprise_leave(actor=officer, enterprise=enterprise, left_on=datetime.date(2026, 3, 15))
    submit(officer, enterprise, period="2026-02")
    with pytest.raises(ValidationError, match="退出监测"):
        submit(officer, enterprise, period="2026-03", figures=figures(previous=97, current=97, added=0))


def test_the_identity_is_checked_before_anything_is_written(officer, enterprise):
    wrong = Figures(previous_headcount=100, current_headcount=96, added=5, reductions={"other": 8})
    with pytest.raises(ValidationError) as error:
        submit(officer, enterprise, figures=wrong)
    assert error.value.message_dict["current_headcount"] == [
        "上期岗位数 100 + 新增 5 − 减少 8 = 97，与调查期岗位数 96 不符"
    ]
    assert not MonthlyReport.objects.exists()


def test_previous_headcount_must_follow_last_period(officer, enterprise):
    submit(officer, enterprise, period="2026-02")  # 97 at the end of February
    with pytest.raises(ValidationError, match="与2026-02月报的调查期岗位数 97 不符"):
        submit(officer, enterprise, period="2026-03", figures=figures(previous=100, current=100, added=0))
    _report, outcome = submit(officer, enterprise, period="2026-03", figures=figures(previous=97, current=97, added=0))
    assert outcome.created


def test_an_implausible_change_needs_confirmation_with_a_note(officer, enterprise):
    submit(officer, enterprise, period="2026-02", figures=figures(previous=100, current=98, added=0))
    submit(officer, enterprise, period="2026-03", figures=figures(previous=98, current=97, added=1))
    layoff = figures(previous=97, current=60, added=0, economic_layoff=37)

    with pytest.raises(ValidationError, match="远超该企业以往"):
        submit(officer, enterprise, period="2026-04", figures=layoff)
    with pytest.raises(ValidationError, match="远超该企业以往"):
        submit(officer, enterprise, period="2026-04", figures=layoff, confirmed=True)
    report, _ = submit(
        officer, enterprise, period="2026-04", figures=layoff, confirmed=True, note="煤矿减产，经济性裁员37人"
    )
    assert report.reduced_economic_layoff == 37


def test_every_revision_is_kept_with_who_and_why(officer, enterprise):
    reporter = reporter_of(enterprise)
    report, outcome = submit(reporter, enterprise)
    assert outcome.created

    _same, outcome = submit(reporter, enterprise)
    assert outcome.unchanged  # the same figures again write nothing
    with pytest.raises(ValidationError, match="须说明原因"):
        submit(reporter, enterprise, figures=figures(current=96))

    report, outcome = submit(reporter, enterprise, figures=figures(current=96), reason="漏报一名退休人员")
    assert outcome.updated
    revisions = list(report.revisions.order_by("number"))
    assert [(r.action, r.user, r.reason) for r in revisions] == [
        (RevisionAction.SUBMIT, reporter, ""),
        (RevisionAction.REVISE, reporter, "漏报一名退休人员"),
    ]
    assert revisions[0].figures["current_headcount"] == 97
    assert revisions[1].figures["current_headcount"] == 96
    assert revisions[1].figures["reductions"]["natural_attrition"] == 9


def test_every_change_of_a_report_counts_in_its_version(officer, enterprise):
    reporter = reporter_of(enterprise)
    report, _ = submit(reporter, enterprise, expected_version=0)
    assert report.version == 1
    submit(reporter, enterprise)  # the same figures again: no change, no new version
    report_return(actor=officer, report=report, reason="待岗人数漏填")
    report, _ = submit(reporter, enterprise, figures=figures(current=96), reason="补报", expected_version=2)
    report_accept(actor=officer, report=report)
    assert [report.version, MonthlyReport.objects.get().version] == [4, 4]


def test_a_revision_over_someone_elses_is_refused_naming_them_and_nothing_is_written(officer, enterprise, clock):
    reporter = reporter_of(enterprise)
    clock(datetime.datetime(2026, 3, 5, 9, 30, tzinfo=SHANGHAI))
    submit(reporter, enterprise, expected_version=0)  # both open the form at version 1
    submit(officer, enterprise, figures=figures(current=96), reason="核实后更正", expected_version=1)

    with pytest.raises(ValidationError) as refused:
        submit(reporter, enterprise, figures=figures(current=95), reason="补报", expected_version=1)

    name = officer.get_full_name() or officer.username
    assert refused.value.messages == [f"该记录已于2026-03-05 09:30被{name}修改（现为第2版），请刷新后重新编辑。"]
    report = MonthlyReport.objects.get()
    assert (report.current_headcount, report.version, report.revisions.count()) == (96, 2, 2)
    with pytest.raises(ValidationError, match="现为第2版"):
        submit(reporter, enterprise, figures=figures(current=95), expected_version=0)  # a form opened before any


def test_a_reporter_cannot_submit_for_an_enterprise_not_theirs(enterprise):
    other = MonitoredEnterpriseFactory(region="140105")
    reporter = reporter_of(other)
    with pytest.raises(PermissionDenied):
        submit(reporter, enterprise)
    assert not MonthlyReport.objects.filter(enterprise=enterprise).exists()


def test_returned_then_resubmitted_then_accepted(officer, enterprise):
    reporter = reporter_of(enterprise)
    report, _ = submit(reporter, enterprise)

    with pytest.raises(PermissionDenied):
        report_return(actor=reporter, report=report, reason="自己退回")
    with pytest.raises(ValidationError, match="退回须说明原因"):
        report_return(actor=officer, report=report, reason=" ")
    report_return(actor=officer, report=report, reason="新增人数与社保增员不符，请核实")
    assert (report.status, report.return_reason) == (ReportStatus.RETURNED, "新增人数与社保增员不符，请核实")

    report, outcome = submit(
        reporter, enterprise, figures=figures(current=98, added=6), reason="按社保增员更正新增人数"
    )
    assert outcome.updated
    assert (report.status, report.return_reason) == (ReportStatus.SUBMITTED, "")

    report_accept(actor=officer, report=report)
    assert report.status == ReportStatus.ACCEPTED
    assert [r.action for r in report.revisions.order_by("number")] == [
        RevisionAction.SUBMIT, RevisionAction.RETURN, RevisionAction.REVISE, RevisionAction.ACCEPT,
    ]  # fmt: skip
    with pytest.raises(ValidationError, match="已审核通过"):
        submit(reporter, enterprise, figures=figures(current=99, added=7), reason="再改")
    with pytest.raises(ValidationError, match="只有已报送"):
        report_accept(actor=officer, report=report)


@pytest.mark.parametrize(
    ("submitted_at", "late"),
    [
        (datetime.datetime(2026, 3, 10, 23, 59, tzinfo=SHANGHAI), False),  # the deadline day itself
        (datetime.datetime(2026, 3, 11, 0, 1, tzinfo=SHANGHAI), True),
    ],
)
def test_late_is_judged_by_the_deadline_day_in_shanghai(officer, enterprise, clock, submitted_at, late):
    clock(submitted_at)
    report, _ = submit(officer, enterprise, period="2026-02")
    assert report.late is late


def test_the_deadline_day_is_a_setting(officer, enterprise, clock, settings):
    settings.MONITORING_REPORT_DEADLINE_DAY = 15
    clock(datetime.datetime(2026, 3, 12, 9, tzinfo=SHANGHAI))
    report, _ = submit(officer, enterprise, period="2026-02")
    assert not report.late


def test_late_and_missing_lists_for_the_officers_region(officer, clock):
    on_time, late, silent = (MonitoredEnterpriseFactory(region="140105") for _ in range(3))
    elsewhere = MonitoredEnterpriseFactory(region="140106")
    left = MonitoredEnterpriseFactory(region="140105", left_on=datetime.date(2026, 2, 10))
    clock(datetime.datetime(2026, 3, 5, 9, tzinfo=SHANGHAI))
    submit(officer, on_time)
    clock(datetime.datetime(2026, 3, 20, 9, tzinfo=SHANGHAI))
    submit(officer, late)

    assert [report.enterprise for report in late_reports(user=officer, period="2026-02")] == [late]
    missing = set(missing_reports(user=officer, period="2026-02"))
    assert missing == {silent}
    assert elsewhere not in missing
    assert left not in missing
    assert set(missing_reports(user=UserFactory(region="1401"), period="2026-02")) == {silent, elsewhere}


def test_a_county_user_cannot_see_another_countys_reports(officer, enterprise):
    submit(officer, enterprise)
    neighbour = UserFactory(region="140106")
    assert not MonthlyReport.objects.visible_to(neighbour).exists()
    assert MonthlyReport.objects.visible_to(UserFactory(region="1401")).count() == 1


def test_a_period_is_filed_only_after_it_has_ended(officer, enterprise, clock):
    clock(datetime.datetime(2026, 11, 30, 23, 30, tzinfo=SHANGHAI))  # 15:30 UTC: still November in Taiyuan
    with pytest.raises(ValidationError) as refused:
        submit(officer, enterprise, period="2026-11")
    assert refused.value.message_dict == {"period": ["调查期2026-11尚未结束（2026年11月30日结束），结束后才能填报"]}
    with pytest.raises(ValidationError, match="调查期2027-01尚未结束"):
        submit(officer, enterprise, period="2027-01")
    assert not MonthlyReport.objects.exists()

    clock(datetime.datetime(2026, 12, 1, 0, 5, tzinfo=SHANGHAI))
    report, outcome = submit(officer, enterprise, period="2026-11")
    assert (report.period, outcome.created) == ("2026-11", True)


@pytest.mark.parametrize("who", ["analyst", "reporter", "other_county"])
def test_the_services_refuse_a_wrong_role_or_region_whoever_calls_them(who, enterprise):
    """Views and the API leave these checks to the services: each refuses on its own."""
    report = submit(UserFactory(region="140105"), enterprise)[0]
    actor = {
        "analyst": lambda: UserFactory(region="140105", roles=[Role.ANALYST]),
        "reporter": lambda: reporter_of(enterprise),
        "other_county": lambda: UserFactory(region="140106"),
    }[who]()
    calls = [
        lambda: report_return(actor=actor, report=report, reason="核实"),
        lambda: report_accept(actor=actor, report=report),
        lambda: enterprise_leave(actor=actor, enterprise=enterprise, left_on=datetime.date(2026, 9, 30)),
        lambda: enterprise_enrol(
            actor=actor, employer=EmployerFactory(region_id="140105"), baseline_period="2026-01",
            baseline_headcount=10, entered_on=datetime.date(2026, 1, 5),
        ),
    ]  # fmt: skip
    if who != "reporter":  # the enterprise's own account may revise its report
        calls.append(lambda: submit(actor, enterprise, reason="更正", figures=figures(current=96, added=4)))
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    report.refresh_from_db()
    enterprise.refresh_from_db()
    assert (report.status, report.current_headcount, enterprise.left_on) == (ReportStatus.SUBMITTED, 97, None)

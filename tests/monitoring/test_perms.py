"""Who sees and does what in monitoring (jiuye/monitoring/perms.py): officers by region, an enterprise's reporter
account by the employers that list it."""

import pytest
from django.core.exceptions import PermissionDenied

from jiuye.accounts.enums import Role
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport, ReportRevision, Warning, WarningNote
from jiuye.monitoring.perms import can_manage_monitoring, can_submit_report, is_reporter_account
from jiuye.monitoring.qc import Figures
from jiuye.monitoring.services import report_submit
from jiuye.monitoring.warning_followup import warning_note
from tests.accounts.factories import UserFactory
from tests.monitoring.factories import MonitoredEnterpriseFactory, MonthlyReportFactory, WarningFactory, reporter_of

pytestmark = pytest.mark.django_db

FIGURES = Figures(previous_headcount=100, current_headcount=97, added=5, reductions={"natural_attrition": 8})


def submit(user, enterprise):
    return report_submit(actor=user, enterprise=enterprise, period="2026-02", figures=FIGURES)


def test_roles():
    reporter = UserFactory(roles=[Role.ENTERPRISE_REPORTER])
    analyst_reporter = UserFactory(roles=[Role.ENTERPRISE_REPORTER, Role.ANALYST])
    officer = UserFactory()

    assert is_reporter_account(reporter)
    assert not is_reporter_account(analyst_reporter)  # reads by region, as an analyst
    assert not is_reporter_account(officer)
    assert not is_reporter_account(UserFactory(is_superuser=True, roles=[]))
    assert (can_manage_monitoring(officer), can_manage_monitoring(reporter)) == (True, False)
    assert can_submit_report(reporter)
    assert not can_submit_report(UserFactory(roles=[Role.ANALYST]))
    assert not can_submit_report(UserFactory(roles=[Role.CASEWORKER], is_active=False))


def test_a_reporter_account_sees_its_own_enterprises_wherever_they_are_and_nothing_else():
    mine = MonthlyReportFactory(region="140105")
    mine_elsewhere = MonitoredEnterpriseFactory(region="140212")
    neighbour = MonthlyReportFactory(region="140105")
    reporter = reporter_of(mine.enterprise, mine_elsewhere)
    WarningFactory(scope="enterprise", subject=mine.enterprise.employer.uscc, rule="economic_layoff")

    assert set(MonitoredEnterprise.objects.visible_to(reporter)) == {mine.enterprise, mine_elsewhere}
    assert list(MonthlyReport.objects.visible_to(reporter)) == [mine]
    assert not Warning.objects.visible_to(reporter).exists()
    assert not WarningNote.objects.visible_to(reporter).exists()
    assert not neighbour.is_visible_to(reporter)
    assert neighbour.enterprise in MonitoredEnterprise.objects.visible_to(UserFactory(region="140105"))


def test_a_reporter_account_submits_for_its_enterprise_and_is_refused_for_a_neighbour():
    mine, neighbour = MonitoredEnterpriseFactory(), MonitoredEnterpriseFactory()
    reporter = reporter_of(mine)

    report, outcome = submit(reporter, mine)
    with pytest.raises(PermissionDenied):
        submit(reporter, neighbour)

    assert outcome.created
    assert report.submitted_by == reporter
    assert list(ReportRevision.objects.visible_to(reporter)) == list(report.revisions.all())
    assert not MonthlyReport.objects.filter(enterprise=neighbour).exists()
    assert can_submit_report(reporter, mine)
    assert not can_submit_report(reporter, neighbour)


def test_officers_keep_the_region_rule():
    here, there = MonitoredEnterpriseFactory(region="140105"), MonitoredEnterpriseFactory(region="140106")
    officer = UserFactory(region="140105")

    submit(officer, here)
    with pytest.raises(PermissionDenied):
        submit(officer, there)
    assert can_submit_report(UserFactory(region="1401"), there)  # the city sees its counties


def test_a_reporter_account_cannot_follow_up_a_warning():
    enterprise = MonitoredEnterpriseFactory()
    warning = WarningFactory(scope="enterprise", subject=enterprise.employer.uscc, rule="economic_layoff")

    with pytest.raises(PermissionDenied):
        warning_note(actor=reporter_of(enterprise), warning=warning, text="企业自述")
    assert not warning.notes.exists()

import datetime
import hashlib
from collections import Counter

import pytest
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone

from jiuye.accounts.models import User
from jiuye.audit.models import AuditEvent
from jiuye.demo.clock import demo_now
from jiuye.demo.services import demo_data_load
from jiuye.monitoring import qc
from jiuye.monitoring.demo import CONSTRUCTION, demo_periods
from jiuye.monitoring.enums import REDUCTION_FIELDS, ReportStatus, WarningAction, WarningStatus
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport, ReportRevision, Warning, WarningNote
from jiuye.monitoring.selectors import warning_search
from jiuye.monitoring.warning_service import warnings_evaluate

pytestmark = pytest.mark.django_db

SCALE = 0.2  # 160 demo employers, 13 monitored enterprises


def _digest() -> str:
    enterprises = MonitoredEnterprise.objects.order_by("employer__uscc").values_list(
        "employer__uscc", "baseline_period", "baseline_headcount", "entered_on", "left_on"
    )
    reports = MonthlyReport.objects.order_by("enterprise__employer__uscc", "period").values_list(
        "enterprise__employer__uscc", "period", "status", "previous_headcount", "current_headcount", "added",
        *REDUCTION_FIELDS, "standby", "long_leave", "note", "submitted_by__username", "submitted_at", "late",
    )  # fmt: skip
    revisions = ReportRevision.objects.order_by("report__enterprise__employer__uscc", "report__period", "number")
    text = repr([list(enterprises), list(reports), list(revisions.values_list("action", "figures", "created_at"))])
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def panel():
    demo_data_load(seed=7, scale=SCALE)


def test_same_seed_gives_the_same_panel(panel):
    first = _digest()
    assert MonitoredEnterprise.objects.count() >= 10
    demo_data_load(seed=7, scale=SCALE, reset=True)
    assert _digest() == first


def test_every_report_is_consistent(panel):
    periods = demo_periods()
    assert len(periods) == 36
    current_of = {}
    reports = list(MonthlyReport.objects.order_by("enterprise_id", "period"))
    for report in reports:
        # Accepted two days after submission, unless that is after the end of the demo's today.
        accepted = report.submitted_at + datetime.timedelta(days=2) <= demo_now()
        assert report.status == (ReportStatus.ACCEPTED if accepted else ReportStatus.SUBMITTED)
        assert report.previous_headcount + report.added - report.reduced == report.current_headcount
        last = current_of.get((report.enterprise_id, qc.previous_period(report.period)))
        if last is not None:
            assert report.previous_headcount == last
        current_of[(report.enterprise_id, report.period)] = report.current_headcount
    first = MonthlyReport.objects.filter(period=periods[0]).annotate(baseline=F("enterprise__baseline_headcount"))
    assert all(report.previous_headcount == report.baseline for report in first)
    accepted = sum(report.status == ReportStatus.ACCEPTED for report in reports)
    assert ReportRevision.objects.count() == len(reports) + accepted


def test_coal_mine_layoff_is_flagged(panel):
    last = demo_periods()[-1]
    layoffs = MonthlyReport.objects.filter(period=last, reduced_economic_layoff__gt=0)
    coal = layoffs.get(enterprise__employer__industry_id="06")
    result = warnings_evaluate(period=last, region_code="14")
    flagged = {(item["uscc"], item["rule"]) for item in result.enterprises}
    assert (coal.enterprise.employer.uscc, "economic_layoff") in flagged


def test_factory_closes_and_stops_reporting(panel):
    closure = MonthlyReport.objects.get(reduced_closure_bankruptcy__gt=0)
    assert closure.current_headcount == 0
    assert closure.enterprise.left_on == qc.period_end(closure.period)
    assert not MonthlyReport.objects.filter(enterprise=closure.enterprise, period__gt=closure.period).exists()


def test_construction_shrinks_in_winter(panel):
    construction = MonthlyReport.objects.filter(enterprise__employer__industry_id__in=CONSTRUCTION)
    for november, february in [("2024-11", "2025-02"), ("2025-11", "2026-02")]:
        before = construction.filter(period=november).aggregate(n=Sum("current_headcount"))["n"]
        after = construction.filter(period=february).aggregate(n=Sum("current_headcount"))["n"]
        assert after < before


def test_some_reports_are_late_and_some_missing(panel):
    late = MonthlyReport.objects.filter(late=True)
    assert late.exists()
    assert all(timezone.localdate(report.submitted_at) > qc.period_deadline(report.period) for report in late)
    on_time = MonthlyReport.objects.filter(late=False)
    assert all(timezone.localdate(report.submitted_at) <= qc.period_deadline(report.period) for report in on_time)
    expected = sum(
        len([p for p in demo_periods() if enterprise.left_on is None or p <= enterprise.left_on.strftime("%Y-%m")])
        for enterprise in MonitoredEnterprise.objects.all()
    )
    assert MonthlyReport.objects.count() < expected


def test_the_latest_months_warnings_are_stored_and_followed_up(panel, client):
    """The demo stores the last two months' warnings as the nightly command does, and the officers have acknowledged,
    noted and closed some by the demo's today: a city account sees its city's warnings, with their history."""
    latest, before = demo_periods()[-1], demo_periods()[-2]
    assert set(Warning.objects.values_list("period", flat=True)) == {latest, before}
    layoff = Warning.objects.get(period=latest, rule="economic_layoff")
    coal = MonitoredEnterprise.objects.get(employer__uscc=layoff.subject)
    assert coal.employer.industry_id == "06"
    city = User.objects.get(username=f"city_{coal.employer.region_id[:4]}")
    seen = warning_search(user=city)
    assert layoff in seen
    assert all(warning.region_code.startswith(city.org_unit.region_id) for warning in seen)
    statuses = Counter(Warning.objects.values_list("status", flat=True))
    assert statuses[WarningStatus.OPEN]
    assert statuses[WarningStatus.ACKNOWLEDGED]
    assert statuses[WarningStatus.CLOSED]
    for note in WarningNote.objects.select_related("warning", "user"):
        assert note.warning.created_at < note.at <= demo_now()
        assert note.warning.is_visible_to(note.user)  # followed up by an officer of the warning's region
    closed = Warning.objects.filter(status=WarningStatus.CLOSED).first()
    actions = list(closed.notes.values_list("action", flat=True))
    assert actions[0] == WarningAction.ACKNOWLEDGE
    assert actions[-1] == WarningAction.CLOSE
    audited = AuditEvent.objects.filter(object_type="monitoring.Warning", object_id=str(closed.pk))
    assert audited.count() == 1 + len(actions)  # stored, then each step
    officer = closed.notes.last().user
    client.force_login(officer)
    page = client.get(reverse("www:monitoring_warning", args=[closed.pk]))
    assert page.status_code == 200
    assert closed.notes.last().text in page.content.decode()

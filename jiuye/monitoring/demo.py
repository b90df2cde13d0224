"""A demo panel of monitored enterprises (监测企业) with 36 months of accepted monthly reports.

The real panel is about 1% of all of Shanxi's employers. The demo has only 800 employers at scale 1, and 1% of them
(8 enterprises) is too few for the aggregates, the tables by city and industry or the warnings to mean anything, so
the demo panel takes about 8% of the demo employers (about 64 enterprises at scale 1, never fewer than 10).

Each enterprise is enrolled with its employer's headcount and the baseline period (建档期) 36 months before the
demo's latest month, and reports every month up to it. The latest month is the last one whose reports were due by
the demo's today (`jiuye.demo.clock`: October 2026, due on 10 November, for the 20 November). The months show hiring
and natural attrition (自然减员, 劳动合同期满), construction (divisions 47–50) shrinking in winter (Dec–Feb) and
hiring in Mar–Apr, services letting people go around the Spring Festival and hiring back in March, some standby and
long leave (待岗, 放长假), a few late reports (3%: up to two weeks late, but in by today) and a few missing months.
Two episodes are planted: the largest coal mine (division 06) cuts up to 300 jobs by economic layoff (经济性裁员)
over the last two months, and the largest factory (manufacturing, divisions 13–43) closes (关闭破产) six months
before the latest month and leaves the panel. Every report keeps the identity 上期岗位数 + 新增 − 减少 = 调查期岗位数,
and its previous headcount is the last month's current one.

Reports are written as the services write them, in bulk: a 报送 revision by the reporter and, two days later, a
审核通过 revision by the city's demo officer, status accepted; a (late) report submitted less than two days before the
end of the demo's today is still waiting for review (submitted).
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q

from jiuye.accounts.demo import DEMO_EMAIL_DOMAIN
from jiuye.accounts.models import User
from jiuye.demo.clock import TODAY, demo_now, latest_month
from jiuye.demo.registry import DemoContext, register
from jiuye.employers.models import Employer
from jiuye.monitoring import qc
from jiuye.monitoring.enums import ReductionReason, ReportStatus, RevisionAction, WarningScope
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport, ReportRevision, Warning
from jiuye.monitoring.services import report_figures
from jiuye.reference.enums import DataSource

PANEL_SHARE = 0.08
PANEL_MINIMUM = 10
MONTHS = 36
COAL_LAYOFF = 300
CLOSURE_MONTHS_BEFORE_END = 6
CONSTRUCTION = {"47", "48", "49", "50"}
SERVICES = {f"{division:02d}" for division in range(51, 63)} | {"72", "80"}
MANUFACTURING = {f"{division:02d}" for division in range(13, 44)}
REVIEW_DELAY = datetime.timedelta(days=2)  # from a report's submission to the city officer's acceptance


def demo_periods() -> list[str]:
    """The demo's latest month (`2026-10`) and the 35 before it, oldest first."""
    periods = [latest_month()]
    while len(periods) < MONTHS:
        periods.append(qc.previous_period(periods[-1]))
    return periods[::-1]


def _demo_enterprises():
    return MonitoredEnterprise.objects.filter(employer__source=DataSource.DEMO)


def reset_monitoring() -> None:
    enterprises = _demo_enterprises()
    usccs = list(enterprises.values_list("employer__uscc", flat=True))
    Warning.objects.filter(scope=WarningScope.ENTERPRISE, subject__in=usccs).delete()
    ReportRevision.objects.filter(report__enterprise__in=enterprises).delete()
    MonthlyReport.objects.filter(enterprise__in=enterprises).delete()
    enterprises.delete()


@register("monitoring", order=90, reset=reset_monitoring)
def generate_monitoring(context: DemoContext) -> int:
    rng = context.rng("monitoring")
    periods = demo_periods()
    baseline = qc.previous_period(periods[0])
    employers = list(Employer.objects.filter(source=DataSource.DEMO).order_by("uscc"))
    if not employers:
        return 0
    coal = _largest(employers, lambda e: e.industry_id == "06")
    factory = _largest(employers, lambda e: e.industry_id in MANUFACTURING and e is not coal)
    construction = sorted((e for e in employers if e.industry_id in CONSTRUCTION), key=lambda e: -e.headcount)[:3]
    chosen = {e.pk for e in [coal, factory, *construction] if e is not None}
    size = min(len(employers), max(PANEL_MINIMUM, round(len(employers) * PANEL_SHARE)))
    others = [e for e in employers if e.pk not in chosen]
    if size > len(chosen) and others:
        picks = rng.choice(len(others), size=min(len(others), size - len(chosen)), replace=False)
        chosen |= {others[i].pk for i in sorted(picks)}
    panel = [e for e in employers if e.pk in chosen]
    officers = _officers()
    if not officers:
        return 0
    zone = ZoneInfo(settings.TIME_ZONE)
    entered_on = datetime.date(int(baseline[:4]), int(baseline[5:]), 1)
    closure_period = periods[-1 - CLOSURE_MONTHS_BEFORE_END]
    enterprises = [
        MonitoredEnterprise(
            employer=e,
            baseline_period=baseline,
            baseline_headcount=e.headcount,
            entered_on=entered_on,
            left_on=qc.period_end(closure_period) if e is factory else None,
        )
        for e in panel
    ]
    MonitoredEnterprise.objects.bulk_create(enterprises)
    # A few enterprises (one in five, at least two) miss one month, never the planted episodes' last months.
    skippers = [i for i, e in enumerate(enterprises) if e.employer is not coal and e.employer is not factory]
    skipping = rng.choice(skippers, size=min(len(skippers), max(2, len(enterprises) // 5)), replace=False)
    missing_of = {int(i): periods[int(rng.integers(1, MONTHS - 3))] for i in skipping}
    reports = []
    for row, enterprise in enumerate(enterprises):
        employer = enterprise.employer
        officer = officers.get(employer.region_id[:4]) or officers["14"]
        missing = {missing_of[row]} if row in missing_of else set()
        headcount = enterprise.baseline_headcount
        for index, period in enumerate(periods):
            figures = _month(rng, employer, headcount, period, index, coal=employer is coal)
            if employer is factory and period == closure_period:
                figures = {"added": 0, "reductions": {ReductionReason.CLOSURE_BANKRUPTCY: headcount}, "hidden": (0, 0)}
            reduced = sum(figures["reductions"].values())
            current = headcount + figures["added"] - reduced
            if period not in missing:
                reports.append(_report(rng, enterprise, period, headcount, current, figures, officer, zone))
            headcount = current
            if employer is factory and period == closure_period:
                break
    MonthlyReport.objects.bulk_create(reports, batch_size=2000)
    revisions = []
    for report in reports:
        figures = report_figures(report).as_json()
        steps = [(RevisionAction.SUBMIT, ReportStatus.SUBMITTED, report.submitted_by, report.submitted_at)]
        if report.status == ReportStatus.ACCEPTED:
            steps.append((RevisionAction.ACCEPT, ReportStatus.ACCEPTED, report.submitted_by, _accepted_at(report)))
        for number, (action, status, user, at) in enumerate(steps, start=1):
            revisions.append(
                ReportRevision(
                    report=report,
                    number=number,
                    action=action,
                    figures={**figures, "note": report.note, "status": status},
                    user=user,
                    created_at=at,
                )
            )
    ReportRevision.objects.bulk_create(revisions, batch_size=2000)
    return len(enterprises) + len(reports) + len(revisions)


def _accepted_at(report: MonthlyReport) -> datetime.datetime:
    return report.submitted_at + REVIEW_DELAY


def _largest(employers: list[Employer], condition) -> Employer | None:
    candidates = [e for e in employers if condition(e)]
    return max(candidates, key=lambda e: (e.headcount, e.uscc)) if candidates else None


def _officers() -> dict[str, User]:
    """The demo officer of each city (and the province's), who reports and accepts for its enterprises."""
    users = User.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}").filter(
        Q(username="province") | Q(username__startswith="city_")
    )
    return {("14" if user.username == "province" else user.username.split("_")[1]): user for user in users}


def _month(rng, employer: Employer, headcount: int, period: str, index: int, *, coal: bool) -> dict:
    """Added, reductions by reason and (standby, long leave) for one month of one enterprise."""
    month = int(period[5:])
    division = employer.industry_id
    hire_rate, leave_rate = 0.011, 0.0
    if division in CONSTRUCTION:
        if month in (12, 1, 2):
            hire_rate, leave_rate = 0.002, 0.09
        elif month in (3, 4):
            hire_rate = 0.14
    elif division in SERVICES:
        if month in (1, 2):
            hire_rate, leave_rate = 0.004, 0.05
        elif month == 3:
            hire_rate = 0.07
    reductions = {
        ReductionReason.NATURAL_ATTRITION: int(rng.binomial(headcount, 0.005)),
        ReductionReason.CONTRACT_EXPIRY: int(rng.binomial(headcount, 0.004 + leave_rate * 0.6)),
        ReductionReason.OTHER: int(rng.binomial(headcount, 0.002 + leave_rate * 0.4)),
    }
    if coal and index >= MONTHS - 2:
        total = min(COAL_LAYOFF, headcount * 2 // 3)
        reductions[ReductionReason.ECONOMIC_LAYOFF] = total // 2 if index == MONTHS - 2 else total - total // 2
    # Never more reductions than people: trim the reasons in order.
    excess = sum(reductions.values()) - headcount
    for reason in list(reductions):
        if excess <= 0:
            break
        cut = min(excess, reductions[reason])
        reductions[reason] -= cut
        excess -= cut
    added = int(rng.poisson(max(headcount, 5) * hire_rate))
    if coal and index >= MONTHS - 2:
        added = 0
    remaining = headcount + added - sum(reductions.values())
    standby = int(rng.binomial(remaining, 0.02)) if rng.random() < 0.15 else 0
    long_leave = int(rng.binomial(remaining - standby, 0.02)) if rng.random() < 0.08 else 0
    return {"added": added, "reductions": reductions, "hidden": (standby, long_leave)}


def _report(rng, enterprise, period, previous, current, figures, officer, zone) -> MonthlyReport:
    deadline = qc.period_deadline(period)
    late = rng.random() < 0.03
    if late:  # up to two weeks late, but in by today: the latest month's are the last days' reports
        day = min(deadline + datetime.timedelta(days=int(rng.integers(1, 16))), TODAY)
    else:
        day = deadline - datetime.timedelta(days=int(rng.integers(0, deadline.day)))
    submitted_at = datetime.datetime(day.year, day.month, day.day, 9 + int(rng.integers(0, 8)), tzinfo=zone)
    reviewed = submitted_at + REVIEW_DELAY <= demo_now()
    reductions = figures["reductions"]
    standby, long_leave = figures["hidden"]
    note = ""
    if reductions.get(ReductionReason.ECONOMIC_LAYOFF):
        note = "受煤炭市场下行影响，依法实施经济性裁员"
    elif reductions.get(ReductionReason.CLOSURE_BANKRUPTCY):
        note = "企业关闭，进入破产程序"
    return MonthlyReport(
        enterprise=enterprise,
        period=period,
        status=ReportStatus.ACCEPTED if reviewed else ReportStatus.SUBMITTED,
        previous_headcount=previous,
        current_headcount=current,
        added=figures["added"],
        **{f"reduced_{reason}": count for reason, count in reductions.items()},
        standby=standby,
        long_leave=long_leave,
        note=note,
        submitted_by=officer,
        submitted_at=submitted_at,
        late=late,
    )


# The parts "warnings" (the months' warnings and their follow-up) and "reporters" (enterprise accounts).
from jiuye.monitoring import demo_reporters, demo_warnings  # noqa: E402, F401

"""The enterprise reporter's home (企业首页): what its account has to do, on one page.

A reporter account (企业填报员) lands here after login and from `/`: its enterprises, the monthly reports owed (填报),
returned with the officer's reason (修改), submitted and accepted; its vacancies; and the referrals to them that wait
for its answer. Every link leads to a page the account may use. Everything is read through the region scope, which
for a reporter account is its own employers (`jiuye.accounts.scope`).
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jiuye.employers.enums import VacancyStatus
from jiuye.employers.selectors import employers_visible, vacancy_search
from jiuye.monitoring.enums import ReportStatus
from jiuye.monitoring.perms import is_reporter_account
from jiuye.monitoring.selectors import PeriodDue, reporter_home
from jiuye.people.masking import mask_phone
from jiuye.seekers.selectors import referrals_awaiting_answer
from jiuye.www.monitoring.common import latest_period

PORTAL_ROWS = 20  # vacancies and referrals shown on the home; the vacancy list has them all


@dataclass(frozen=True)
class Returned:
    """A report the officer sent back, with the enterprise it belongs to."""

    enterprise_pk: int
    name: str
    due: PeriodDue


def reporter_home_view(request: HttpRequest) -> HttpResponse:
    """企业首页. Any other account is sent to the monitoring overview, its own start page of this area."""
    if not is_reporter_account(request.user):
        return redirect("www:monitoring")
    latest = latest_period()
    enterprises = reporter_home(user=request.user, latest=latest)
    referrals = referrals_awaiting_answer(user=request.user)
    vacancies = vacancy_search(user=request.user, status=VacancyStatus.OPEN)
    context = {
        "employers": list(employers_visible(request.user).select_related("region").order_by("name")),
        "enterprises": enterprises,
        "returned": _returned(enterprises),
        "owed": sum(due.report is None for _enterprise, periods in enterprises for due in periods),
        "latest": latest,
        "deadline_day": settings.MONITORING_REPORT_DEADLINE_DAY,
        "vacancies": vacancies[:PORTAL_ROWS],
        "vacancy_count": vacancies.count(),
        "referrals": [(referral, mask_phone(referral.person.phone)) for referral in referrals[:PORTAL_ROWS]],
        "referral_count": referrals.count(),
    }
    return render(request, "www/monitoring/reporter_home.html", context)


def _returned(enterprises) -> list[Returned]:
    """The returned reports of every enterprise, to correct first."""
    return [
        Returned(enterprise.pk, enterprise.employer.name, due)
        for enterprise, periods in enterprises
        for due in periods
        if due.report is not None and due.report.status == ReportStatus.RETURNED and enterprise.left_on is None
    ]

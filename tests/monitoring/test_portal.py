"""The enterprise reporter's home (企业首页): where it lands, what it lists, that every link on it works for the
account, and the report form it files from (ended periods only, the national form's order)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.monitoring.models import MonthlyReport
from jiuye.monitoring.services import report_return
from jiuye.seekers.services import referral_create, referral_outcome_record
from tests.accounts.factories import PASSWORD, UserFactory
from tests.employers.factories import VacancyFactory
from tests.monitoring.factories import MonitoredEnterpriseFactory, MonthlyReportFactory, reporter_of
from tests.people.factories import resident
from tests.seekers.factories import SeekerRegistrationFactory

pytestmark = pytest.mark.django_db

HOME = reverse("www:monitoring_mine")
FORM = {
    "previous_headcount": 100, "current_headcount": 97, "added": 5, "standby": 0, "long_leave": 0, "note": "",
    "reason": "", "reduced_closure_bankruptcy": 0, "reduced_suspension": 0, "reduced_economic_layoff": 0,
    "reduced_business_transfer": 0, "reduced_natural_attrition": 8, "reduced_contract_expiry": 0, "reduced_other": 0,
}  # fmt: skip


@pytest.fixture
def latest(monkeypatch):
    """The month being reported, as seen in May 2026."""
    for module in ("portal", "reports"):
        monkeypatch.setattr(f"jiuye.www.monitoring.{module}.latest_period", lambda: "2026-04")
    return "2026-04"


def vacancy_of(enterprise, **kwargs):
    today = timezone.localdate()
    return VacancyFactory(
        employer=enterprise.employer, valid_from=today - datetime.timedelta(days=30),
        valid_until=today + datetime.timedelta(days=60), **kwargs,
    )  # fmt: skip


def referral_to(vacancy, name: str):
    person = resident("140105", unemployed=True, phone="13912345678", name=name)
    today = timezone.localdate()
    registration = SeekerRegistrationFactory(
        person=person, registered_on=today - datetime.timedelta(days=10), expires_on=today + datetime.timedelta(180)
    )
    return referral_create(
        actor=UserFactory(region="140105"), person=person, vacancy=vacancy,
        referred_on=today - datetime.timedelta(days=2), registration=registration,
    )  # fmt: skip


def test_a_reporter_lands_on_its_home_after_login_and_from_the_root(client):
    reporter = reporter_of(MonitoredEnterpriseFactory(region="140105"))

    login = client.post(reverse("www:login"), {"username": reporter.username, "password": PASSWORD}, follow=True)

    assert login.redirect_chain[-1][0] == HOME
    assert "企业首页" in login.text
    assert client.get("/").url == HOME
    assert client.get(reverse("www:monitoring")).url == HOME


def test_an_officer_is_sent_from_the_reporters_home_to_the_overview(client, officer):
    assert client.get(HOME).url == reverse("www:monitoring")
    assert client.get("/").status_code == 200  # the officer's dashboard


def test_the_home_lists_what_the_account_has_to_do_and_nothing_of_its_neighbours(
    client, latest, django_assert_max_num_queries
):
    mine = MonitoredEnterpriseFactory(region="140105", baseline_period="2026-02")
    neighbour = MonitoredEnterpriseFactory(region="140105")
    MonthlyReportFactory(enterprise=mine, period="2026-02")
    returned = MonthlyReportFactory(enterprise=mine, period="2026-03", standby=3)
    report_return(actor=UserFactory(region="140105"), report=returned, reason="待岗人数与上月不符，请核实")
    open_vacancy, answered_vacancy = vacancy_of(mine, title="井下电钳工"), vacancy_of(mine, title="矿车司机")
    waiting = referral_to(open_vacancy, "王晋生")
    answered = referral_to(answered_vacancy, "李汾")
    referral_outcome_record(
        actor=UserFactory(region="140105"), referral=answered, outcome="hired", on=timezone.localdate()
    )
    theirs = vacancy_of(neighbour, title="邻厂焊工")
    referral_to(theirs, "赵邻")
    client.force_login(reporter_of(mine))

    with django_assert_max_num_queries(12):
        page = client.get(HOME).text

    returned_section = page.split('id="returned"')[1].split("</section>")[0]
    form = reverse("www:monitoring_report_form", args=[mine.pk])
    assert "待岗人数与上月不符，请核实" in returned_section
    assert f'href="{form}?period=2026-03">修改</a>' in returned_section
    assert f'href="{form}?period=2026-04">填报</a>' in page
    assert reverse("www:employer_detail", args=[mine.employer_id]) in page
    assert reverse("www:vacancy_detail", args=[open_vacancy.pk]) in page
    assert reverse("www:vacancy_new", args=[mine.employer_id]) in page
    assert reverse("www:referral_outcome", args=[waiting.pk]) in page
    assert "王晋生" in page
    assert "139****5678" in page
    assert "13912345678" not in page
    assert reverse("www:referral_outcome", args=[answered.pk]) not in page  # answered already
    for other in (neighbour.employer.name, "邻厂焊工", "赵邻"):
        assert other not in page


def test_every_link_on_the_home_and_in_the_menu_works_for_the_account(client, latest):
    mine = MonitoredEnterpriseFactory(region="140105", baseline_period="2026-02")
    report_return(
        actor=UserFactory(region="140105"), report=MonthlyReportFactory(enterprise=mine, period="2026-03"), reason="x"
    )
    referral_to(vacancy_of(mine), "王晋生")
    client.force_login(reporter_of(mine))
    page = client.get(HOME)

    menu = [item["url"] for item in page.context["navigation"]]
    links = {link.replace("&amp;", "&") for link in re.findall(r'href="(/[^"#]*)"', page.text)}
    links -= {link for link in links if link.startswith("/static/")}
    assert set(menu) <= links | set(menu)
    for link in sorted(links | set(menu)):
        response = client.get(link, follow=True)
        assert response.status_code == 200, link
        assert response.redirect_chain in ([], [(HOME, 302)]), link


def test_a_filed_report_shows_at_once_on_the_home(client, latest):
    enterprise = MonitoredEnterpriseFactory(region="140105", baseline_period="2026-04")
    client.force_login(reporter_of(enterprise))
    form = reverse("www:monitoring_report_form", args=[enterprise.pk])
    assert f"{form}?period=2026-04" in client.get(HOME).text

    response = client.post(f"{form}?period=2026-04", FORM | {"period": "2026-04"}, follow=True)

    report = MonthlyReport.objects.get()
    assert response.redirect_chain == [(HOME, 302)]
    assert "2026-04月报已报送。" in response.text
    assert reverse("www:monitoring_report", args=[report.pk]) in response.text
    assert f'{form}?period=2026-04">填报' not in response.text


def test_the_form_offers_only_periods_that_have_ended(client, latest):
    enterprise = MonitoredEnterpriseFactory(region="140105", baseline_period="2025-01")
    client.force_login(reporter_of(enterprise))
    url = reverse("www:monitoring_report_form", args=[enterprise.pk])

    offered = [value for value, _label in client.get(url).context["form"].fields["period"].choices]
    older = client.get(url, {"period": "2025-02"}).context["form"].fields["period"].choices
    future = client.post(url, FORM | {"period": "2026-05"})

    assert (offered[0], len(offered)) == ("2026-04", 12)
    assert "2026-05" not in offered
    assert ("2025-02", "2025-02") in older  # an older ended period asked for by name
    assert future.status_code == 200
    assert "period" in future.context["form"].errors
    assert not MonthlyReport.objects.exists()


def test_the_report_form_puts_the_seven_reasons_before_the_note_and_the_confirmation(client, latest):
    enterprise = MonitoredEnterpriseFactory(region="140105")
    client.force_login(reporter_of(enterprise))

    form = client.get(reverse("www:monitoring_report_form", args=[enterprise.pk])).context["form"]

    names = list(form.fields)
    assert names[:4] == ["period", "previous_headcount", "current_headcount", "added"]
    assert names[4:11] == [
        "reduced_closure_bankruptcy", "reduced_suspension", "reduced_economic_layoff", "reduced_business_transfer",
        "reduced_natural_attrition", "reduced_contract_expiry", "reduced_other",
    ]  # fmt: skip
    assert names[11:] == ["standby", "long_leave", "note", "reason", "confirmed", "version"]  # the last hidden
    assert form.fields["reduced_economic_layoff"].label == "减少人数（经济性裁员）"


def test_the_enrol_forms_date_is_an_iso_value_the_browser_shows(client, officer):
    page = client.get(reverse("www:monitoring_enrol")).text
    today = timezone.localdate().isoformat()
    assert re.search(rf'<input type="date" name="entered_on" value="{today}"', page)


def test_the_form_starts_from_last_periods_headcount_and_says_when_nothing_has_ended_yet(client, latest):
    enterprise = MonitoredEnterpriseFactory(region="140105", baseline_period="2026-02")
    MonthlyReportFactory(enterprise=enterprise, period="2026-03", previous_headcount=100, current_headcount=96,
                         reduced_other=4)  # fmt: skip
    new = MonitoredEnterpriseFactory(region="140105", baseline_period="2026-06")  # enrolled for a coming month
    client.force_login(reporter_of(enterprise, new))

    form = client.get(reverse("www:monitoring_report_form", args=[enterprise.pk]), {"period": "2026-04"})
    waiting = client.get(reverse("www:monitoring_report_form", args=[new.pk]))

    assert form.context["form"].initial == {"period": "2026-04", "previous_headcount": 96, "version": 0}
    assert waiting.status_code == 200
    assert "建档期为2026-06，该月结束后才能填报月报。" in waiting.text


def test_a_report_posted_by_an_analyst_is_refused_by_the_service(client, latest):
    enterprise = MonitoredEnterpriseFactory(region="140105", baseline_period="2026-04")
    client.force_login(UserFactory(region="140105", roles=[Role.ANALYST]))
    url = reverse("www:monitoring_report_form", args=[enterprise.pk])

    assert client.get(url).status_code == 403  # the form is not offered
    assert client.post(url, FORM | {"period": "2026-04"}).status_code == 403  # and the service refuses it
    assert not MonthlyReport.objects.exists()

"""Warnings evaluated from the database (`warnings_evaluate`), printed by `manage.py monitoring_warnings`, stored
and followed up within the region scope."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from jiuye.accounts.enums import Role
from jiuye.audit.models import AuditEvent
from jiuye.monitoring.enums import WarningAction, WarningScope, WarningStatus
from jiuye.monitoring.models import Warning, WarningNote
from jiuye.monitoring.warning_followup import warning_acknowledge, warning_close, warning_note, warnings_store
from jiuye.monitoring.warning_service import warning_thresholds, warnings_evaluate
from tests.accounts.factories import SETUP, UserFactory
from tests.monitoring.factories import MonitoredEnterpriseFactory, MonthlyReportFactory, WarningFactory, reporter_of

pytestmark = pytest.mark.django_db

PERIOD = "2026-03"


def report(enterprise, period=PERIOD, previous=100, current=None, **counts):
    """A report whose current headcount follows from the reductions unless given."""
    reduced = sum(value for name, value in counts.items() if name.startswith("reduced_"))
    current = previous - reduced if current is None else current
    return MonthlyReportFactory(
        enterprise=enterprise, period=period, previous_headcount=previous, current_headcount=current, **counts
    )


def enterprise(region="140105", **kwargs):
    return MonitoredEnterpriseFactory(region=region, baseline_period="2025-01", **kwargs)


def test_planted_economic_layoff_and_large_reduction_are_flagged_with_their_reasons():
    mine, factory, quiet = enterprise(), enterprise(), enterprise()
    report(mine, previous=300, reduced_economic_layoff=25)
    report(factory, previous=100, reduced_other=15)
    report(quiet, previous=100, reduced_natural_attrition=2)

    result = warnings_evaluate(period=PERIOD)

    flagged = {(item["uscc"], item["rule"]): item for item in result.enterprises}
    assert set(flagged) == {(mine.employer.uscc, "economic_layoff"), (factory.employer.uscc, "large_reduction")}
    layoff = flagged[mine.employer.uscc, "economic_layoff"]
    assert layoff["figures"]["layoff"] == 25
    assert layoff["figures"]["branch"] == "people"
    assert layoff["explanation"] == (
        f"{mine.employer.name}本月经济性裁员25人（上期岗位数300人），达到《劳动合同法》第四十一条规定的规模（20人以上）"
    )
    reduction = flagged[factory.employer.uscc, "large_reduction"]
    assert reduction["figures"]["trigger"] == "month"
    assert reduction["explanation"].startswith(f"{factory.employer.name}本月减少岗位15人")


def test_large_reduction_over_three_months_reads_earlier_periods():
    company = enterprise()
    for period, cut in (("2026-01", 20), ("2026-02", 15), (PERIOD, 20)):
        report(company, period=period, previous=300, reduced_other=cut)

    [item] = warnings_evaluate(period=PERIOD).enterprises

    assert item["rule"] == "large_reduction"
    assert item["figures"]["trigger"] == "window"
    assert item["figures"]["window_reduced"] == 55


def test_missing_while_shrinking_and_hidden_unemployment_rise():
    silent, idle = enterprise(), enterprise()
    for period in ("2025-11", "2025-12", "2026-01"):
        report(silent, period=period, previous=100, reduced_other=5)
    report(idle, period="2026-02", previous=200, standby=5)
    report(idle, period=PERIOD, previous=200, standby=15, long_leave=5)

    rules = {(item["uscc"], item["rule"]) for item in warnings_evaluate(period=PERIOD).enterprises}

    assert rules == {
        (silent.employer.uscc, "missing_while_shrinking"),
        (idle.employer.uscc, "hidden_unemployment_rise"),
    }


@pytest.mark.parametrize(
    ("reduced", "level"),
    [(14, None), (15, "yellow"), (24, "yellow"), (25, "orange"), (40, "red")],
)
def test_region_level_at_and_around_the_job_loss_thresholds(reduced, level):
    # 1,000 jobs last month in one Xiaodian enterprise: 15 people lost is 1.5%, the yellow threshold.
    report(enterprise(), previous=1000, reduced_natural_attrition=reduced)

    result = warnings_evaluate(period=PERIOD)

    levels = {item["region"]: item["level"] for item in result.regions if item["rule"] == "region_level"}
    if level is None:
        assert levels == {}
    else:
        assert levels == {"14": level, "1401": level, "140105": level}
        county = next(item for item in result.regions if item["region"] == "140105")
        assert county["explanation"].startswith(f"小店区本月岗位流失率{reduced / 10:g}%")


def test_flagged_enterprises_raise_the_county_and_industry_level():
    # Three art. 41 layoffs: yellow by the count of flagged enterprises (3) though the rate stays low.
    for _ in range(3):
        report(enterprise(), previous=300, reduced_economic_layoff=20)
    for _ in range(3):
        report(enterprise("140106"), previous=10_000)

    result = warnings_evaluate(period=PERIOD)

    levels = {item["region"]: item["level"] for item in result.regions}
    # Xiaodian lost 60 of its 900 jobs (6.7%): red on the rate; Taiyuan and Shanxi 0.2%, yellow on the count.
    assert levels == {"140105": "red", "1401": "yellow", "14": "yellow"}
    [industry] = result.industries
    assert industry["industry"] == "B"
    assert industry["level"] == "yellow"
    assert industry["figures"]["flagged_enterprises"] == 3


def test_evaluation_is_restricted_to_the_region_asked_for():
    report(enterprise("140105"), previous=300, reduced_economic_layoff=25)
    report(enterprise("140212"), previous=300, reduced_economic_layoff=25)

    result = warnings_evaluate(period=PERIOD, region_code="1401")

    assert len(result.enterprises) == 1
    assert {item["region"] for item in result.regions} <= {"1401", "140105"}


def test_ewma_signals_a_county_whose_job_loss_rate_leaves_its_history():
    company = enterprise()
    periods = [f"2025-{month:02d}" for month in range(3, 13)] + ["2026-01", "2026-02", PERIOD]
    losses = [5, 7, 6, 8, 5, 6, 7, 5, 6, 8, 7, 6, 14]  # per 1,000 jobs; the last month is over 1%, under yellow
    for period, lost in zip(periods, losses, strict=True):
        report(company, period=period, previous=1000, current=1000, added=lost, reduced_natural_attrition=lost)

    result = warnings_evaluate(period=PERIOD)

    ewma = {item["region"]: item for item in result.regions if item["rule"] == "ewma"}
    assert set(ewma) == {"14", "1401", "140105"}
    assert ewma["140105"]["level"] is None
    assert ewma["140105"]["figures"]["baseline_periods"] == 12
    assert ewma["140105"]["explanation"].startswith("小店区本月岗位流失率1.4%，指数加权移动平均（EWMA）升至")
    assert not [item for item in result.regions if item["rule"] == "region_level"]


def test_no_ewma_without_a_baseline_year():
    company = enterprise()
    for period in ("2026-01", "2026-02", PERIOD):
        report(company, period=period, previous=1000, current=1000, added=14, reduced_natural_attrition=14)

    assert warnings_evaluate(period=PERIOD).regions == []


def test_evaluation_runs_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    for _ in range(5):
        report(enterprise(), previous=300, reduced_economic_layoff=25)

    with django_assert_max_num_queries(4):
        warnings_evaluate(period=PERIOD)


def test_thresholds_setting_overrides_the_defaults(settings):
    settings.MONITORING_WARNING_THRESHOLDS = {"month_people": 10}
    report(enterprise(), previous=1000, reduced_other=12)

    assert warning_thresholds().month_people == 10
    assert [item["rule"] for item in warnings_evaluate(period=PERIOD).enterprises] == ["large_reduction"]


def test_command_prints_the_warnings_as_json():
    mine = enterprise()
    report(mine, previous=300, reduced_economic_layoff=25)
    out = io.StringIO()

    call_command("monitoring_warnings", "--period", PERIOD, "--region", "14", stdout=out)

    data = json.loads(out.getvalue())
    assert set(data) == {"period", "region", "enterprises", "regions", "industries"}
    assert (data["period"], data["region"]) == (PERIOD, "14")
    [item] = data["enterprises"]
    assert set(item) == {"uscc", "name", "rule", "figures", "explanation"}
    assert (item["uscc"], item["rule"]) == (mine.employer.uscc, "economic_layoff")
    assert "经济性裁员25人" in item["explanation"]


def test_storing_is_idempotent_and_routes_each_warning_to_its_region():
    mine = enterprise()
    report(mine, previous=300, reduced_economic_layoff=25)

    _result, created = warnings_store(actor=SETUP, period=PERIOD)
    _result, again = warnings_store(actor=SETUP, period=PERIOD)

    assert again == []
    layoff = Warning.objects.get(scope=WarningScope.ENTERPRISE)
    assert (layoff.subject, layoff.rule, layoff.region_code) == (mine.employer.uscc, "economic_layoff", "140105")
    assert layoff.status == WarningStatus.OPEN
    assert "经济性裁员25人" in layoff.explanation
    assert len(created) == Warning.objects.count()
    assert AuditEvent.objects.filter(object_type="monitoring.Warning", action="create").count() == len(created)


def test_command_commit_stores_the_warnings():
    report(enterprise(), previous=300, reduced_economic_layoff=25)
    err = io.StringIO()

    call_command("monitoring_warnings", "--period", PERIOD, "--commit", stdout=io.StringIO(), stderr=err)

    assert err.getvalue().strip() == f"stored={Warning.objects.count()}"
    assert Warning.objects.filter(rule="economic_layoff").exists()


def test_follow_up_flow_is_recorded_and_audited():
    officer = UserFactory(region="140105")
    warning = WarningFactory()

    warning_acknowledge(actor=officer, warning=warning)
    warning_note(actor=officer, warning=warning, text="已电话联系企业人事部门，裁员方案已报工会")
    with pytest.raises(ValidationError):
        warning_close(actor=officer, warning=warning, text=" ")
    warning_close(actor=officer, warning=warning, text="企业安置方案已落实")

    warning.refresh_from_db()
    assert warning.status == WarningStatus.CLOSED
    assert list(warning.notes.values_list("action", flat=True)) == ["acknowledge", "note", "close"]
    assert AuditEvent.objects.filter(object_type="monitoring.Warning", object_id=str(warning.pk)).count() == 3
    with pytest.raises(ValidationError):
        warning_note(actor=officer, warning=warning, text="关闭后不能再记录")


def test_a_county_officer_cannot_act_on_another_countys_warning():
    theirs = WarningFactory(region_code="140106")

    with pytest.raises(PermissionDenied):
        warning_acknowledge(actor=UserFactory(region="140105"), warning=theirs)
    warning_acknowledge(actor=UserFactory(region="1401"), warning=theirs)  # the city sees its counties


def test_overview_lists_the_officers_open_warnings_only(client):
    officer = UserFactory(region="140105")
    client.force_login(officer)
    mine = WarningFactory(explanation="小店区预警")
    theirs = WarningFactory(region_code="140106", explanation="迎泽区预警")
    closed = WarningFactory(explanation="已关闭的预警", status=WarningStatus.CLOSED, rule="ewma")

    page = client.get(reverse("www:monitoring"), {"period": PERIOD}).content.decode()

    assert reverse("www:monitoring_warning", args=[mine.pk]) in page
    assert "地区预警 · 小店区" in page  # named, not "地区 140105"
    assert reverse("www:monitoring_warning", args=[theirs.pk]) not in page
    assert reverse("www:monitoring_warning", args=[closed.pk]) not in page
    assert reverse("www:monitoring_warning_acknowledge", args=[mine.pk]) in page


def test_officer_acknowledges_and_closes_from_the_overview_but_not_another_countys(client):
    client.force_login(UserFactory(region="140105"))
    mine, theirs = WarningFactory(), WarningFactory(region_code="140106")

    client.post(reverse("www:monitoring_warning_acknowledge", args=[mine.pk]))
    client.post(reverse("www:monitoring_warning_close", args=[mine.pk]), {"text": "已核实", "confirmed": "1"})
    response = client.post(reverse("www:monitoring_warning_acknowledge", args=[theirs.pk]))

    assert response.status_code == 404
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == WarningStatus.CLOSED
    assert theirs.status == WarningStatus.OPEN
    assert not theirs.notes.exists()


def test_command_refuses_a_malformed_period():
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("monitoring_warnings", "--period", "2026-13", stdout=io.StringIO())


def test_a_warning_raised_again_with_new_figures_is_refreshed_and_the_old_state_kept():
    mine = enterprise()
    layoff = report(mine, previous=300, reduced_economic_layoff=25)
    warnings_store(actor=SETUP, period=PERIOD)
    stored = Warning.objects.get(rule="economic_layoff")
    officer = UserFactory(region="140105")
    warning_acknowledge(actor=officer, warning=stored)

    layoff.reduced_economic_layoff, layoff.current_headcount = 40, 260  # the report was revised
    layoff.save()
    _result, created = warnings_store(actor=officer, period=PERIOD, region_code="140105")
    warnings_store(actor=SETUP, period=PERIOD)  # the same figures again change nothing

    stored.refresh_from_db()
    assert not [warning for warning in created if warning.rule == "economic_layoff"]
    assert Warning.objects.filter(rule="economic_layoff").count() == 1
    assert stored.figures["layoff"] == 40
    assert "经济性裁员40人" in stored.explanation
    assert stored.status == WarningStatus.ACKNOWLEDGED
    [refresh] = stored.notes.filter(action=WarningAction.REFRESH)
    assert refresh.user == officer
    assert refresh.figures["figures"]["layoff"] == 25
    assert "经济性裁员25人" in refresh.figures["explanation"]
    assert refresh.text.startswith("重新评估，原预警：")
    assert AuditEvent.objects.filter(object_id=str(stored.pk), summary__startswith="更新预警").count() == 1


def test_a_closed_warning_raised_again_stays_closed_and_records_the_new_figures_once():
    mine = enterprise()
    layoff = report(mine, previous=300, reduced_economic_layoff=25)
    warnings_store(actor=SETUP, period=PERIOD)
    stored = Warning.objects.get(rule="economic_layoff")
    warning_close(actor=UserFactory(region="140105"), warning=stored, text="企业已依法报告裁员方案")

    layoff.reduced_economic_layoff, layoff.current_headcount = 40, 260
    layoff.save()
    warnings_store(actor=SETUP, period=PERIOD)
    warnings_store(actor=SETUP, period=PERIOD)

    stored.refresh_from_db()
    assert stored.status == WarningStatus.CLOSED
    assert stored.figures["layoff"] == 25  # as it was closed
    [refresh] = stored.notes.filter(action=WarningAction.REFRESH)
    assert refresh.user is None
    assert refresh.figures["figures"]["layoff"] == 40
    assert refresh.text.startswith("预警关闭后重新评估（未重新打开）：")
    assert list(stored.notes.values_list("action", flat=True)) == ["close", "refresh"]


def test_storing_unchanged_warnings_again_writes_no_note():
    report(enterprise(), previous=300, reduced_economic_layoff=25)
    warnings_store(actor=SETUP, period=PERIOD)
    warnings_store(actor=SETUP, period=PERIOD)

    assert not WarningNote.objects.exists()


@pytest.mark.parametrize("action", [warning_acknowledge, warning_note, warning_close])
def test_only_officers_of_the_region_follow_a_warning_up(action):
    """The pages and the API leave this to the services: an analyst, an enterprise's account and another county's
    officer are refused, whatever the warning's state."""
    enterprise = MonitoredEnterpriseFactory(region="140105")
    warning = WarningFactory(scope="enterprise", subject=enterprise.employer.uscc, rule="economic_layoff")
    refused = {
        "只有经办人员和系统管理员可以处理预警。": [
            UserFactory(region="140105", roles=[Role.ANALYST]),
            reporter_of(enterprise),
        ],
        "该预警不在您的管辖范围内。": [UserFactory(region="140106")],
    }
    for reason, actors in refused.items():
        for actor in actors:
            with pytest.raises(PermissionDenied) as error:
                action(actor=actor, warning=warning, text="已走访")
            assert str(error.value) == reason
    warning.refresh_from_db()
    assert (warning.status, warning.notes.count()) == (WarningStatus.OPEN, 0)


def test_warnings_are_stored_by_the_platform_or_an_officer_of_the_region_only():
    report(enterprise(), previous=300, reduced_economic_layoff=25)
    for stranger in (UserFactory(region="140106"), UserFactory(region="140105", roles=[Role.ANALYST])):
        with pytest.raises(PermissionDenied, match="只有本地区的经办人员和管理员"):
            warnings_store(actor=stranger, period=PERIOD, region_code="140105")
    with pytest.raises(PermissionDenied):
        warnings_store(actor=UserFactory(region="140105"), period=PERIOD)  # the whole province is not theirs
    assert not Warning.objects.exists()
    warnings_store(actor=SETUP, period=PERIOD)
    event = AuditEvent.objects.filter(object_type="monitoring.Warning").first()
    assert (event.user, event.job) == (None, "测试准备")

"""The statistics pages: the month's table and chart by city, greyed unreliable rows, the change from last month,
the series with its adjusted line, the sample by county within the region scope, and the microdata upload."""

import datetime
import json

import pytest
from django.urls import reverse

from jiuye.accounts.enums import Role
from jiuye.audit.models import AuditEvent
from jiuye.imports.models import ImportRecord
from jiuye.lfs.demo import CSV_HEADER
from jiuye.lfs.models import MonthlyEstimate, PeriodStatus, SurveyPeriod, SurveyRecord
from tests.accounts.factories import UserFactory, administrator
from tests.imports.files import write_csv
from tests.lfs.test_import import GOOD_ROWS, person

pytestmark = pytest.mark.django_db

CITIES = ["1401", "1402", "1403", "1404", "1405", "1406", "1407", "1408", "1409", "1410", "1411"]
NOW = datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def imports_dir(settings, tmp_path):
    settings.IMPORTS_DIR = tmp_path / "imports"
    return settings.IMPORTS_DIR


def period(month: str) -> SurveyPeriod:
    return SurveyPeriod.objects.get_or_create(
        month=month, defaults={"imported_at": NOW, "sha256": "", "status": PeriodStatus.ESTIMATED}
    )[0]


def estimate(month: str, kind: str, code: str, rate: float, se: float, *, profile: str = "nbs") -> MonthlyEstimate:
    cv = se / rate
    return MonthlyEstimate.objects.create(
        period=period(month), domain_kind=kind, domain_code=code, profile=profile, rate=rate, se=se,
        ci_low=rate - 1.96 * se, ci_high=rate + 1.96 * se, cv=cv, n=1000, reliable=cv <= 0.30, computed_at=NOW,
    )  # fmt: skip


@pytest.fixture
def october():
    """October and September: the province and every city; Datong (1402) too thin to rely on."""
    for month, shift in (("2026-09", 0.0), ("2026-10", 0.005)):
        estimate(month, "province", "14", 0.052 + shift, 0.003)
        for index, city in enumerate(CITIES):
            estimate(month, "city", city, 0.045 + index * 0.002 + shift, 0.025 if city == "1402" else 0.006)
        estimate(month, "sex", "1", 0.05, 0.004)
        estimate(month, "sex", "2", 0.055, 0.004)
        estimate(month, "age_group", "16-24", 0.16, 0.02)


def test_statistics_pages_need_login(client):
    for url in (reverse("www:statistics"), reverse("www:statistics_series", args=["14"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("www:login"))


def test_any_logged_in_user_sees_the_city_table_and_chart(client, october):
    client.force_login(UserFactory(region="140105"))  # a county caseworker

    response = client.get(reverse("www:statistics"))

    assert response.status_code == 200
    assert response.context["month"] == "2026-10"
    rows = response.context["rows"]
    assert [row["code"] for row in rows] == ["14", *CITIES]
    assert rows[0]["name"] == "山西省"
    assert rows[0]["rate"] == "5.7"
    assert rows[0]["ci"] == "5.1–6.3"
    chart = response.context["chart"]
    assert [point["code"] for point in chart] == CITIES
    taiyuan = chart[0]
    assert taiyuan == {
        "code": "1401",
        "name": "太原市",
        "rate": 5.0,
        "ci_low": 3.824,
        "ci_high": 6.176,
        "reliable": True,
    }
    assert (
        json.loads(
            response.text.split('<script id="rates-chart-data" type="application/json">')[1].split("</script>")[0]
        )
        == chart
    )
    assert "vendor/echarts.min.js" in response.text
    assert "www/statistics.js" in response.text


def test_unreliable_estimates_are_greyed_with_a_note(client, october):
    client.force_login(UserFactory(region="14", roles=[Role.ANALYST]))

    response = client.get(reverse("www:statistics"))

    datong = next(row for row in response.context["rows"] if row["code"] == "1402")
    assert datong["reliable"] is False
    assert datong["cv"] == "48%"
    assert '<tr class="unreliable" data-domain="city:1402"' in response.text
    assert '<tr class="" data-domain="city:1401"' in response.text
    assert "变异系数超过30%，样本不足以可靠估计" in response.text
    assert next(point for point in response.context["chart"] if point["code"] == "1402")["reliable"] is False


def test_the_change_from_last_month_with_its_standard_error(client, october):
    client.force_login(UserFactory(region="14"))

    rows = client.get(reverse("www:statistics")).context["rows"]

    province = rows[0]
    assert province["change"] == "+0.5"
    assert province["change_se"] == "0.42"  # sqrt(0.3² + 0.3²) percentage points
    assert province["significant"] is False
    taiyuan = rows[1]
    assert taiyuan["change_se"] == "0.85"


def test_groups_by_sex_and_age(client, october):
    client.force_login(UserFactory(region="14"))
    groups = client.get(reverse("www:statistics")).context["groups"]
    assert [(row["name"], row["rate"]) for row in groups] == [
        ("男", "5.0"),
        ("女", "5.5"),
        ("16-24岁（不含在校生）", "16.0"),
    ]


def test_a_month_and_profile_can_be_chosen(client, october):
    estimate("2026-10", "province", "14", 0.047, 0.003, profile="ilo")
    client.force_login(UserFactory(region="14"))

    september = client.get(reverse("www:statistics"), {"month": "2026-09"}).context
    ilo = client.get(reverse("www:statistics"), {"profile": "ilo"}).context

    assert september["rows"][0]["rate"] == "5.2"
    assert september["rows"][0]["change"] == "—"
    assert [row["rate"] for row in ilo["rows"]] == ["4.7"]


def test_the_page_reads_a_fixed_number_of_queries(client, october, django_assert_max_num_queries):
    client.force_login(UserFactory(region="14"))
    with django_assert_max_num_queries(12):
        client.get(reverse("www:statistics"))


def test_an_empty_survey_says_so(client):
    client.force_login(UserFactory(region="14", roles=[Role.ANALYST]))
    response = client.get(reverse("www:statistics"))
    assert response.status_code == 200
    assert "还没有调查数据" in response.text
    assert reverse("www:statistics_imports") in response.text


def test_navigation_leads_to_the_statistics(client, october):
    client.force_login(UserFactory(region="140105"))
    response = client.get(reverse("www:statistics"))
    item = next(item for item in response.context["navigation"] if item["key"] == "statistics")
    assert item["url"] == reverse("www:statistics")
    assert item["active"] is True


def _series(code: str, months: int = 36) -> None:
    for index in range(months):
        year, month = divmod(2023 * 12 + 11 + index, 12)
        seasonal = 0.004 if month + 1 in (7, 8) else (0.002 if month + 1 == 2 else 0.0)
        estimate(f"{year}-{month + 1:02d}", "city", code, 0.05 + seasonal + 0.0001 * index, 0.004)


def test_the_series_of_a_city_has_its_band_and_adjusted_line(client):
    _series("1401")
    client.force_login(UserFactory(region="140105"))

    response = client.get(reverse("www:statistics_series", args=["1401"]))

    assert response.status_code == 200
    chart = response.context["chart"]
    assert chart["months"][0] == "2023-12"
    assert chart["months"][-1] == "2026-11"
    assert chart["rate"][0] == 5.0
    assert chart["ci_low"][0] == pytest.approx(4.216)
    assert len(chart["adjusted"]) == 36
    # The adjusted line is flatter than the raw one: July and August lose their peak.
    july = chart["months"].index("2026-07")
    assert chart["adjusted"][july] < chart["rate"][july]
    assert "季节调整方法" in response.context["adjustment_note"]
    assert response.context["rows"][0]["month"] == "2026-11"
    assert response.context["rows"][0]["change"] == "+0.0"


def test_a_series_with_a_gap_is_shown_raw(client):
    _series("1401")
    MonthlyEstimate.objects.filter(period__month="2025-05").delete()
    client.force_login(UserFactory(region="14"))

    response = client.get(reverse("www:statistics_series", args=["1401"]))

    assert response.context["chart"]["adjusted"] is None
    assert "中断" in response.context["adjustment_note"]


def test_series_of_unknown_region_is_not_found(client):
    client.force_login(UserFactory(region="14"))
    assert client.get(reverse("www:statistics_series", args=["1499"])).status_code == 404


def test_a_city_with_no_estimates_yet_has_an_empty_series_not_an_error(client):
    """Before the first survey month is estimated (a new database, a city the survey does not cover), the page
    showed a 500: its table paired each month with the one before in a zip one longer (found by the access walk)."""
    client.force_login(UserFactory(region="1401"))
    assert client.get(reverse("www:statistics_series", args=["1401"])).status_code == 200


# Microdata: the sample by county, within the scope


def _record(region: str, number: int) -> SurveyRecord:
    return SurveyRecord.objects.create(
        period=period("2026-10"), person_id=f"{region}-{number}", household_id=f"{region}-h", stratum="s",
        psu=f"{region}-p", weight=1.0, region_id=region, urban=True, sex=1, age=30, in_school=False,
        worked_last_week=True, temporarily_absent=False, searched_last_3_months=False, available_within_2_weeks=False,
    )  # fmt: skip


@pytest.fixture
def sample():
    for number in range(3):
        _record("140105", number)
    for number in range(2):
        _record("140106", number)
    _record("140212", 0)


def test_a_county_sees_only_its_own_countys_sample(client, sample):
    client.force_login(UserFactory(region="140105", roles=[Role.ANALYST]))

    response = client.get(reverse("www:statistics_period", args=["2026-10"]))

    assert [(row.region.code, row.persons) for row in response.context["counts"]] == [("140105", 3)]
    assert "140106" not in response.text
    assert "迎泽区" not in response.text


def test_a_city_sees_its_counties_and_the_province_all(client, sample):
    client.force_login(UserFactory(region="1401"))
    city = client.get(reverse("www:statistics_period", args=["2026-10"])).context["counts"]
    client.force_login(UserFactory(region="14"))
    province = client.get(reverse("www:statistics_period", args=["2026-10"])).context

    assert [row.region.code for row in city] == ["140105", "140106"]
    assert [row.region.code for row in province["counts"]] == ["140105", "140106", "140212"]
    assert province["totals"] == {"persons": 6, "households": 3, "psus": 3}


def test_a_user_without_region_sees_no_sample(client, sample):
    client.force_login(UserFactory(org_unit=None))
    response = client.get(reverse("www:statistics_period", args=["2026-10"]))
    assert response.context["counts"] == []


def test_microdata_in_the_admin_stay_in_the_administrators_county(client, sample):
    client.force_login(administrator(region="140105"))

    response = client.get(reverse("admin:lfs_surveyrecord_changelist"))

    assert {record.region_id for record in response.context["cl"].result_list} == {"140105"}
    theirs = SurveyRecord.objects.get(person_id="140106-0")
    assert client.get(reverse("admin:lfs_surveyrecord_change", args=[theirs.pk])).status_code == 302


# The upload


@pytest.mark.parametrize(
    "user_kwargs",
    [{"region": "140105", "roles": [Role.ANALYST]}, {"region": "1401", "roles": [Role.ANALYST]}, {"region": "14"}],
)
def test_only_province_analysts_and_administrators_reach_the_upload(client, user_kwargs):
    client.force_login(UserFactory(**user_kwargs))
    assert client.get(reverse("www:statistics_imports")).status_code == 403
    assert client.get(reverse("www:statistics_template")).status_code == 403


def test_upload_previews_then_imports_the_same_file(client, tmp_path):
    analyst = UserFactory(region="14", roles=[Role.ANALYST, Role.CASEWORKER])
    client.force_login(analyst)
    rows = [*GOOD_ROWS, person("9", sex="5")]
    path = write_csv(tmp_path / "2026-10.csv", list(CSV_HEADER), rows)

    with path.open("rb") as upload:
        response = client.post(reverse("www:statistics_imports"), {"month": "2026-10", "file": upload})

    assert response.status_code == 302
    preview = client.get(response.url)
    assert preview.context["record"].created == 6
    assert preview.context["record"].rejected == 1
    assert preview.context["can_confirm"] is True
    errors = [error for _row, row_errors in preview.context["rejected"] for error in row_errors]
    assert [(error.column, error.reason, error.value) for error in errors] == [
        ("sex", "性别应填1（男）或2（女），“5”不是", "5")
    ]
    assert "新增 6、替换 0、未变 0、拒绝 1" in preview.text
    assert not SurveyPeriod.objects.exists()

    record = preview.context["record"]
    committed = client.post(reverse("www:statistics_import_commit", args=[record.pk]), {"month": "2026-10"})

    assert committed.status_code == 302
    result = client.get(committed.url)
    assert "已导入2026-10：新增 6、替换 0、未变 0、拒绝 1" in result.text  # the success message
    assert "created=" not in result.text
    listing = client.get(reverse("www:statistics_imports")).text
    assert listing.count("新增 6、替换 0、未变 0、拒绝 1") == 2  # the preview and the import
    assert "created=" not in listing
    assert SurveyPeriod.objects.get().records.count() == 6
    assert MonthlyEstimate.objects.filter(period__month="2026-10", domain_kind="province").exists()
    page = client.get(reverse("www:statistics_imports"))
    assert [period.month for period in page.context["periods"]] == ["2026-10"]
    # Confirmed once: neither this page nor the register imports' pages offer to confirm it again.
    assert client.get(response.url).context["can_confirm"] is False
    assert client.get(reverse("www:import_detail", args=[record.pk])).context["can_confirm"] is False
    again = client.post(reverse("www:statistics_import_commit", args=[record.pk]), {"month": "2026-10"})
    assert again.url == reverse("www:statistics_imports")
    assert ImportRecord.objects.filter(dry_run=False).count() == 1


def test_the_error_report_downloads_for_importers_only_and_is_audited(client, tmp_path):
    analyst = UserFactory(region="14", roles=[Role.ANALYST])
    client.force_login(analyst)
    path = write_csv(tmp_path / "2026-10.csv", list(CSV_HEADER), [*GOOD_ROWS, person("9", age="200")])
    with path.open("rb") as upload:
        client.post(reverse("www:statistics_imports"), {"month": "2026-10", "file": upload})
    record = ImportRecord.objects.get()

    response = client.get(reverse("www:statistics_import_errors", args=[record.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="2026-10.errors.xlsx"')
    assert AuditEvent.objects.filter(action="export", object_id=str(record.pk)).exists()
    client.force_login(UserFactory(region="14"))
    assert client.get(reverse("www:statistics_import_errors", args=[record.pk])).status_code == 403


def test_a_bad_month_is_refused_by_the_form(client, tmp_path):
    client.force_login(UserFactory(region="14", roles=[Role.ADMINISTRATOR]))
    path = write_csv(tmp_path / "a.csv", list(CSV_HEADER), GOOD_ROWS)
    with path.open("rb") as upload:
        response = client.post(reverse("www:statistics_imports"), {"month": "2026-1", "file": upload})
    assert response.status_code == 200
    assert "月份应写成YYYY-MM" in response.text

"""The pages of the plan's figures: recording and revising a value, its history, the targets, and who may do what."""

import pytest
from django.urls import reverse

from jiuye.accounts.enums import Role
from jiuye.plans.models import Actual, Target
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

FIGURE = {
    "indicator": "urban_new_jobs", "region": "14", "year": "2024", "month": "", "value": "46.9", "source": "entered",
    "source_note": "初步统计", "as_of": "2025-03-01", "reason": "",
}  # fmt: skip


@pytest.fixture
def analyst(client):
    user = UserFactory(region="14", roles=[Role.ANALYST])
    client.force_login(user)
    return user


def test_an_analyst_records_then_revises_a_figure_and_sees_its_history(client, analyst):
    response = client.post(reverse("www:plan_figure_new"), FIGURE)
    actual = Actual.objects.get()
    assert response.url == reverse("www:plan_figure", args=[actual.pk])
    refused = client.post(reverse("www:plan_figure_new"), FIGURE | {"value": "47.03", "source": "bulletin"})
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"reason": ["修订已有数值须说明修订原因（原值46.9000）。"]}
    client.post(
        reverse("www:plan_figure_new"), FIGURE | {"value": "47.03", "source": "bulletin", "reason": "以公报为准"}
    )
    page = client.get(reverse("www:plan_figure", args=[actual.pk])).content.decode()
    assert '<dd id="figure-value">47.03 万人</dd>' in page
    assert "以公报为准" in page
    assert page.count("<tr><td>") == 2  # the first entry and the revision
    listing = client.get(reverse("www:plan_figures"), {"indicator": "urban_new_jobs", "year": "2024"}).content.decode()
    assert "城镇新增就业（万人）" in listing
    assert reverse("www:plan_figure", args=[actual.pk]) in listing


def test_a_future_year_is_refused_on_its_field(client, analyst):
    response = client.post(reverse("www:plan_figure_new"), FIGURE | {"year": "2026"})
    assert response.context["form"].errors == {"year": ["确保该值小于或等于2025。"]}


def test_a_caseworker_reads_the_figures_but_enters_none(client):
    client.force_login(UserFactory(region="14", roles=[Role.CASEWORKER]))
    listing = client.get(reverse("www:plan_figures")).content.decode()
    assert reverse("www:plan_figure_new") not in listing
    assert client.get(reverse("www:plan_figure_new")).status_code == 403
    assert client.post(reverse("www:plan_figure_new"), FIGURE).status_code == 403
    assert not Actual.objects.exists()


def test_a_city_sees_its_own_figures_and_not_the_provinces_or_anothers(client, analyst):
    client.post(reverse("www:plan_figure_new"), FIGURE)
    client.post(reverse("www:plan_figure_new"), FIGURE | {"region": "1402"})
    province, datong = Actual.objects.get(region_id="14"), Actual.objects.get(region_id="1402")
    client.force_login(UserFactory(region="1401", roles=[Role.ANALYST]))
    assert "城镇新增就业" not in client.get(reverse("www:plan_figures")).content.decode().split("<tbody>")[1]
    for actual in (province, datong):
        assert client.get(reverse("www:plan_figure", args=[actual.pk])).status_code == 404
    refused = client.post(reverse("www:plan_figure_new"), FIGURE | {"region": "1402"})
    assert "region" in refused.context["form"].errors  # not a choice for Taiyuan's analyst


def test_targets_are_set_and_listed(client, analyst):
    response = client.post(reverse("www:plan_targets"), {"indicator": "urban_new_jobs", "region": "1401", "year": "0",
                                                         "value": "46.5", "note": "按常住人口分解"})  # fmt: skip
    assert response.url == reverse("www:plan_targets")
    assert Target.objects.get().value == 46.5
    page = client.get(reverse("www:plan_targets")).content.decode()
    assert "太原市" in page
    assert "2021—2025年" in page


def test_the_upload_link_preselects_the_plans_kind(client, analyst):
    page = client.get(reverse("www:import_list"), {"kind": "plan_actuals"}).content.decode()
    assert '<option value="plan_actuals" selected>' in page

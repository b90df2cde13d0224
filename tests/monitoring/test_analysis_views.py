"""The monthly analysis page and its Word download, within the region scope."""

import io
from urllib.parse import quote

import docx
import pytest
from django.urls import reverse

from jiuye.audit.models import AuditEvent
from tests.accounts.factories import UserFactory
from tests.monitoring.test_analysis_report import TAIYUAN_HEADLINE, panel, report  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

PAGE = reverse("www:monitoring_analysis")
DOCX = reverse("www:monitoring_analysis_docx")


@pytest.fixture
def city_officer(client, panel):  # noqa: F811
    client.force_login(panel)
    return panel


def test_the_page_shows_the_citys_figures(client, city_officer, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        response = client.get(PAGE, {"period": "2026-02"})

    page = response.content.decode()
    assert response.status_code == 200
    assert TAIYUAN_HEADLINE in page
    assert "小店区" in page
    assert "迎泽区" in page
    assert "-10.00%" in page  # Xiaodian's change from last month
    assert "已电话联系企业，裁员已备案" in page
    assert "新荣区" not in page
    assert "大同市" not in page
    assert "region=140105" in page  # the county rows drill down
    assert "analysis-chart-data" in page


def test_a_county_below_drills_down_and_names_the_city_above(client, city_officer):
    response = client.get(PAGE, {"period": "2026-02", "region": "140105"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "本月全区1户监测企业建档期岗位总数100个，调查期岗位总数90个，岗位总数较上月减少10个，降幅10.00%。" in page
    assert "太原市" in page  # the breadcrumb back up


@pytest.mark.parametrize("url", [PAGE, DOCX])
def test_a_region_outside_the_scope_is_forbidden(client, panel, url):  # noqa: F811
    client.force_login(UserFactory(region="1402"))
    assert client.get(url, {"period": "2026-02", "region": "1401"}).status_code == 403
    assert client.get(url, {"period": "2026-02", "region": "14"}).status_code == 403
    own = client.get(url, {"period": "2026-02"})
    assert own.status_code == 200
    content = own.content if url == DOCX else own.content.decode()
    if url == PAGE:
        assert "新荣区" in content
        assert "小店区" not in content


def test_the_word_download(client, city_officer):
    response = client.get(DOCX, {"period": "2026-02", "region": "1401"})

    assert response.status_code == 200
    filename = "太原市失业动态监测月度分析报告2026年2月.docx"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(filename)}"
    document = docx.Document(io.BytesIO(response.content))
    assert TAIYUAN_HEADLINE in [paragraph.text for paragraph in document.paragraphs]
    assert "新荣区" not in "".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    event = AuditEvent.objects.get(object_type="monitoring_analysis")
    assert (event.user, event.region_code) == (city_officer, "1401")


def test_a_bad_region_is_not_found(client, city_officer):
    assert client.get(PAGE, {"period": "2026-02", "region": "140105001"}).status_code == 404


def test_the_overview_links_to_the_analysis(client, city_officer):
    page = client.get(reverse("www:monitoring"), {"period": "2026-02"}).content.decode()
    assert f"{PAGE}?period=2026-02" in page

"""An enterprise's reporter account that opens an officers' page lands on its own portal, told why; the pages of its
own menu open as they are."""

import pytest
from django.urls import reverse

from jiuye.www.context_processors import REPORTER_AREAS
from jiuye.www.middleware import REPORTER_PAGES
from tests.employers.factories import EmployerFactory, reporter_of

pytestmark = pytest.mark.django_db

OFFICERS_PAGES = [
    ("www:person_list", []), ("www:registers", []), ("www:import_list", []), ("www:market", []),
    ("www:statistics", []), ("www:seeker_list", []), ("www:audit_log", []), ("www:monitoring_warnings", []),
    ("www:person_card", [1]), ("www:worklist", ["graduates_not_served"]),
]  # fmt: skip


@pytest.fixture
def reporter(client):
    clerk = reporter_of(EmployerFactory())
    client.force_login(clerk)
    return clerk


@pytest.mark.parametrize(("name", "args"), OFFICERS_PAGES)
def test_an_officers_page_sends_the_reporter_to_its_portal_with_a_word_of_why(client, reporter, name, args):
    response = client.get(reverse(name, args=args), follow=True)
    assert response.redirect_chain[-1][0] == reverse("www:monitoring_mine")
    assert "企业填报员账号只能使用本企业的功能，已为您转到企业首页。" in response.content.decode()


def test_an_htmx_request_is_sent_there_too(client, reporter):
    response = client.get(reverse("www:person_list"), headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"] == reverse("www:monitoring_mine")


def test_every_page_of_the_reporters_menu_is_its_own(client, reporter):
    for area in REPORTER_AREAS:
        assert area.pages <= REPORTER_PAGES, area.key
        assert client.get(area.url(reporter)).status_code == 200


def test_officers_are_not_redirected(client, officer):
    assert client.get(reverse("www:person_list")).status_code == 200


def test_an_action_posted_to_an_officers_address_is_refused_by_the_service_not_redirected(client, reporter):
    response = client.post(reverse("www:person_new"), {"ric": "140105199003070012", "name": "王晋生"})
    assert response.status_code == 403

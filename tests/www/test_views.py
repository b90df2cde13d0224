import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jiuye.accounts.enums import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.employers.factories import EmployerFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_in_chinese(client):
    response = client.get(reverse("www:login"))
    assert response.status_code == 200
    assert "登录" in response.text
    assert 'lang="zh-Hans"' in response.text


def test_pages_need_login(client):
    for name in ("www:home", "www:person_list", "www:employer_list"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("www:login"))


def test_login_and_logout(client):
    user = UserFactory(region="14")
    response = client.post(reverse("www:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("www:home")).status_code == 200
    client.post(reverse("www:logout"))
    assert client.get(reverse("www:home")).status_code == 302


def test_wrong_password_says_so_in_chinese(client):
    user = UserFactory()
    response = client.post(reverse("www:login"), {"username": user.username, "password": "wrong-password"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.text


def test_failed_logins_are_throttled(client, settings):
    user = UserFactory()
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("www:login"), {"username": user.username, "password": "wrong-password"})
    # Locked: even the right password is refused until the cool-off passes.
    response = client.post(reverse("www:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "暂时锁定" in response.text
    assert client.get(reverse("www:home")).status_code == 302


def test_province_home_lists_the_eleven_cities(client):
    client.force_login(UserFactory(region="14", roles=[Role.ANALYST]))
    response = client.get(reverse("www:home"))
    assert response.status_code == 200
    children = response.context["overview"].children
    assert len(children) == 11
    assert [row.region.name for row in children][:2] == ["太原市", "大同市"]
    assert "吕梁市" in response.text


def test_home_counts_people_by_child_region(client):
    PersonFactory.create_batch(3, residence_region_id="140105")
    PersonFactory(residence_region_id="140212", unemployed=True)
    client.force_login(UserFactory(region="14"))
    overview = client.get(reverse("www:home")).context["overview"]
    by_code = {row.region.code: row for row in overview.children}
    assert by_code["1401"].people == 3
    assert by_code["1402"].people == 1
    assert by_code["1402"].unemployed == 1
    assert overview.people == 4


def test_county_home_counts_only_its_county(client):
    PersonFactory(residence_region_id="140105")
    PersonFactory(residence_region_id="140106")
    client.force_login(UserFactory(region="140105"))
    response = client.get(reverse("www:home"))
    assert response.context["region"].code == "140105"
    assert response.context["overview"].people == 1


def test_county_user_cannot_open_another_county(client):
    client.force_login(UserFactory(region="140105"))
    assert client.get(reverse("www:region", args=["140106"])).status_code == 404
    assert client.get(reverse("www:region", args=["1402"])).status_code == 404
    assert client.get(reverse("www:region", args=["14"])).status_code == 404


def test_city_user_can_drill_into_its_counties(client):
    client.force_login(UserFactory(region="1401"))
    response = client.get(reverse("www:region", args=["140105"]))
    assert response.status_code == 200
    assert response.context["region"].name == "小店区"


def test_user_without_org_unit_is_told_why(client):
    client.force_login(UserFactory(org_unit=None))
    response = client.get(reverse("www:home"))
    assert response.status_code == 403
    assert "尚未分配机构" in response.text


@pytest.mark.parametrize(
    ("url_name", "make_mine", "make_theirs"),
    [
        (
            "www:person_list",
            lambda: PersonFactory(name="本县人员", residence_region_id="140105"),
            lambda: PersonFactory(name="外县人员", residence_region_id="140106"),
        ),
        (
            "www:employer_list",
            lambda: EmployerFactory(name="本县煤业有限公司", region_id="140105"),
            lambda: EmployerFactory(name="外县煤业有限公司", region_id="140106"),
        ),
    ],
)
def test_lists_show_only_the_users_region(client, url_name, make_mine, make_theirs):
    mine, theirs = make_mine(), make_theirs()
    client.force_login(UserFactory(region="140105"))
    for query in ("", "?region=140106", f"?q={theirs.name}", "?region=14"):
        shown = list(client.get(reverse(url_name) + query, follow=True).context["page"].object_list)
        assert theirs not in shown
    assert mine.name in client.get(reverse(url_name)).text


def test_person_search_by_name_and_phone(client):
    PersonFactory(name="王晋生", phone="13900000001")
    PersonFactory(name="李汾", phone="13900000002")
    client.force_login(UserFactory())
    assert "王晋生" in client.post(reverse("www:person_list"), {"q": "晋生"}, follow=True).text
    by_phone = client.post(reverse("www:person_list"), {"q": "13900000002"}, follow=True).text
    assert "李汾" in by_phone
    assert "王晋生" not in by_phone


def test_htmx_search_returns_only_the_rows(client):
    PersonFactory(name="王晋生")
    client.force_login(UserFactory())
    response = client.post(reverse("www:person_list"), {"q": "晋生"}, headers={"HX-Request": "true"}, follow=True)
    assert "王晋生" in response.text
    assert "<html" not in response.text
    assert "晋生" not in response.redirect_chain[-1][0]  # the text typed stays out of the address


@pytest.mark.parametrize("url_name", ["www:person_list", "www:employer_list", "www:home"])
def test_pages_run_a_fixed_number_of_queries(client, url_name):
    """An N+1 on a list page shows as a query count growing with the rows."""
    client.force_login(UserFactory(region="14"))

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url_name)).status_code == 200
        return len(queries)

    PersonFactory.create_batch(2)
    EmployerFactory.create_batch(2)
    few = count_queries()
    PersonFactory.create_batch(20, residence_region_id="140212")
    EmployerFactory.create_batch(20, region_id="140212")
    assert count_queries() == few

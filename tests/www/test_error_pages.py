"""The error pages: Chinese, with the site's navigation, the view's own reason, a way back and the status code; a
short fragment for htmx; a 500 page that needs neither the database nor the context processors. With DEBUG off,
as in production (pytest-django turns it off; the fixture below says so)."""

from unittest import mock

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import OperationalError
from django.http import Http404
from django.test import Client
from django.urls import include, path, reverse

from jiuye.accounts.enums import Role
from jiuye.www import error_pages
from tests.accounts.factories import UserFactory
from tests.people.factories import PersonFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


@login_not_required
def _broken_view(request):
    raise RuntimeError("boom")


@login_not_required
def _refusing_view(request):
    raise BadRequest("缺少统计月份参数。")


def _broken_context_processor(request):
    raise OperationalError("the database is down")


# A URLconf with the site's handlers and views that fail, for `pytest.mark.urls(__name__)`.
urlpatterns = [path("broken/", _broken_view), path("refusing/", _refusing_view), path("", include("jiuye.www.urls"))]
handler400 = "jiuye.www.error_pages.bad_request"
handler500 = "jiuye.www.error_pages.server_error"


def _assert_error_page(response, status: int, *texts: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert f'<p class="error-status">{status}</p>' in response.text
    for text in texts:
        assert text in response.text


def test_another_countys_person_is_a_chinese_404_with_the_navigation(client):
    """A caseworker of Xiaodian (140105) opening a person of Yingze (140106)."""
    client.force_login(UserFactory(region="140105"))
    stranger = PersonFactory(name="迎泽居民", residence_region_id="140106")
    response = client.get(reverse("www:person_card", args=[stranger.pk]))
    _assert_error_page(response, 404, "页面不存在", "不在您的管辖范围内", "返回首页")
    assert "迎泽居民" not in response.text
    assert 'class="mainnav"' in response.text
    assert "人员查询" in response.text
    assert 'lang="zh-Hans"' in response.text


def test_a_404_shows_the_views_own_reason(client):
    client.force_login(UserFactory(region="140105"))
    response = client.get(reverse("www:region", args=["140106"]))
    _assert_error_page(response, 404, "该区划不存在或不在您的管辖范围内。")


def test_an_unknown_address_is_a_chinese_404_for_strangers_too(client):
    response = client.get("/no-such-page/")
    _assert_error_page(response, 404, "您要找的页面或记录不存在", "登录")
    assert 'class="mainnav"' not in response.text


def test_a_403_shows_the_views_own_reason(client):
    client.force_login(UserFactory(region="140105", roles=[Role.CASEWORKER]))
    response = client.get(reverse("www:audit_log"))
    _assert_error_page(response, 403, "没有权限", "只有系统管理员可以查看审计日志。")
    assert 'class="mainnav"' in response.text


def test_the_way_back_is_the_page_the_user_came_from_on_this_site(client):
    client.force_login(UserFactory(region="140105"))
    came_from = "http://testserver/people/"
    response = client.get(reverse("www:audit_log"), headers={"Referer": came_from})
    assert f'href="{came_from}">返回上一页' in response.text
    elsewhere = client.get(reverse("www:audit_log"), headers={"Referer": "https://example.com/"})
    assert "返回上一页" not in elsewhere.text


def test_a_400_from_django_gets_the_chinese_explanation():
    """Django's own reasons are English and meant for developers: the page gives the Chinese one instead."""
    response = Client(headers={"Host": "evil.example"}).get("/")
    _assert_error_page(response, 400, "请求有误", "提交的内容不完整或格式不正确")
    assert "evil.example" not in response.text


@pytest.mark.urls(__name__)
def test_a_400_shows_the_views_own_reason(client):
    _assert_error_page(client.get("/refusing/"), 400, "缺少统计月份参数。")


def test_each_handler_says_its_status_in_chinese(rf):
    request = rf.get("/")
    request.user = UserFactory()
    cases = [
        (error_pages.bad_request, BadRequest("Invalid header"), 400, "请求有误"),
        (error_pages.permission_denied, PermissionDenied(), 403, "您没有权限访问此页面或执行此操作。"),
        (error_pages.page_not_found, Http404("No Person matches the given query."), 404, "页面不存在"),
    ]
    for handler, exception, status, text in cases:
        response = handler(request, exception)
        assert response.status_code == status
        assert text in response.content.decode()
        assert "matches the given query" not in response.content.decode()


@pytest.mark.urls(__name__)
def test_a_500_page_needs_neither_the_database_nor_the_context_processors(settings, django_assert_num_queries):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "OPTIONS": {"context_processors": [f"{__name__}._broken_context_processor"]}}
    ]
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    with (
        mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError),
        django_assert_num_queries(0),
    ):
        response = client.get("/broken/")
    _assert_error_page(response, 500, "服务器出错", "问题已记录", "返回首页")
    assert "boom" not in response.text


def test_a_refused_csrf_check_is_a_chinese_page(client):
    """A form posted from a page opened before the user logged in again: the cookie is there, the token is stale."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(region="140105"))
    client.get(reverse("www:home"))  # sets the CSRF cookie
    response = client.post(reverse("www:logout"), {"csrfmiddlewaretoken": "stale" * 8})
    _assert_error_page(response, 403, "安全校验失败", "刷新后重新提交")
    assert 'class="mainnav"' in response.text
    assert "CSRF token" not in response.text
    assert "Forbidden" not in response.text


def test_without_the_csrf_cookie_the_page_says_to_allow_cookies():
    response = Client(enforce_csrf_checks=True).post(reverse("www:login"), {"username": "a", "password": "b"})
    _assert_error_page(response, 403, "安全校验失败", "Cookie")


def test_htmx_gets_a_short_fragment_with_the_reason(client):
    client.force_login(UserFactory(region="140105"))
    stranger = PersonFactory(residence_region_id="140106")
    response = client.post(reverse("www:person_ric", args=[stranger.pk]), headers=HTMX)
    assert response.status_code == 404
    assert "<html" not in response.text
    assert 'role="alert"' in response.text
    assert "不在您的管辖范围内" in response.text

    refused = Client(enforce_csrf_checks=True)
    refused.force_login(UserFactory(region="140105"))
    csrf = refused.post(reverse("www:person_ric", args=[stranger.pk]), headers=HTMX)
    assert csrf.status_code == 403
    assert "<html" not in csrf.text
    assert "安全校验失败" in csrf.text


@pytest.mark.urls(__name__)
def test_htmx_gets_a_fragment_for_a_500_too():
    response = Client(raise_request_exception=False).get("/broken/", headers=HTMX)
    assert response.status_code == 500
    assert "<html" not in response.text
    assert "服务器出错" in response.text

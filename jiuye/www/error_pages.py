"""The pages a user sees when a request fails: 400, 403, 404, 500 and a refused CSRF check, in Chinese.

A view that refuses says why in its own words (`raise Http404(_("该区划不存在或不在您的管辖范围内。"))`), and the
page shows that reason. Django's and other libraries' messages are English and meant for developers ("No Person
matches the given query.", "CSRF token missing."), so a reason without any Chinese character is replaced by the
status's own Chinese explanation. An htmx request gets a short fragment instead of a page: htmx does not swap an
error response, and the script in `www/base.html` shows the fragment's text to the user.

The 500 page renders without the request's context processors (no navigation, no user, no query), since the
failure may be the database or one of them.
"""

import logging
import re

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

CHINESE = re.compile(r"[\u3400-\u9fff]")


def _titles() -> dict[int, tuple[str, str]]:
    """Each status's title and the reason shown when the view gave none in Chinese."""
    return {
        400: (_("请求有误"), _("提交的内容不完整或格式不正确，服务器无法处理。")),
        403: (_("没有权限"), _("您没有权限访问此页面或执行此操作。")),
        404: (_("页面不存在"), _("您要找的页面或记录不存在，或不在您的管辖范围内。")),
        500: (_("服务器出错"), _("服务器处理请求时出错，问题已记录。请稍后重试；若一再出现，请联系系统管理员。")),
    }


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_response(request, 400, _reason(exception))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_response(request, 403, _reason(exception))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _error_response(request, 404, _reason(exception))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """`CSRF_FAILURE_VIEW`: mostly a form left open past the session's end or opened before a new login."""
    if reason == REASON_NO_CSRF_COOKIE:
        explanation = _("浏览器没有保存本站的安全校验 Cookie。请允许本站使用 Cookie，刷新页面后重新提交。")
    else:
        explanation = _("页面已过期或安全校验未通过，表单没有提交。请返回上一页，刷新后重新提交。")
    return _error_response(request, 403, explanation, title=_("安全校验失败"))


def server_error(request: HttpRequest) -> HttpResponse:
    """A page with no query and no context processor: the failure may be the database or one of them."""
    title, reason = _titles()[500]
    context = {"status": 500, "title": title, "reason": reason, "home": _home_url()}
    template = "www/errors/fragment.html" if _is_htmx(request) else "www/errors/500.html"
    try:
        return HttpResponseServerError(loader.get_template(template).render(context))
    except Exception:  # the last resort must answer whatever broke
        logger.exception("The 500 page could not be rendered")
        return HttpResponseServerError(f"<h1>500 {title}</h1><p>{reason}</p>", content_type="text/html")


def _reason(exception: Exception | None) -> str:
    """The view's own message when it is written for users (in Chinese), else empty."""
    message = exception.args[0] if exception is not None and exception.args else ""
    return str(message) if isinstance(message, str) and CHINESE.search(message) else ""


def _error_response(request: HttpRequest, status: int, reason: str, *, title: str = "") -> HttpResponse:
    default_title, default_reason = _titles()[status]
    context = {"status": status, "title": title or default_title, "reason": reason or default_reason}
    if _is_htmx(request):
        return render(request, "www/errors/fragment.html", context, status=status)
    context["back"] = _back_url(request)
    return render(request, "www/errors/error.html", context, status=status)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _back_url(request: HttpRequest) -> str:
    """The page the user came from, when it is a page of this site other than the failing one."""
    referer = request.headers.get("Referer", "")
    try:
        host, here = request.get_host(), request.build_absolute_uri()
    except DisallowedHost:  # the 400 of a request to a host this site does not serve
        return ""
    same_site = url_has_allowed_host_and_scheme(referer, allowed_hosts={host}, require_https=request.is_secure())
    return referer if referer and same_site and referer != here else ""


def _home_url() -> str:
    try:
        return reverse("www:home")
    except Exception:  # a broken URLconf must not hide the 500 page
        return "/"

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import URLResolver, include, path

from jiuye.api.urls import api
from jiuye.www.health import healthz

admin.site.site_header = "就业服务与失业监测平台 管理后台"
admin.site.site_title = "就业平台管理"
admin.site.index_title = "数据管理"

# The Chinese error pages (jiuye/www/error_pages.py); CSRF_FAILURE_VIEW in the settings names the fifth.
handler400 = "jiuye.www.error_pages.bad_request"
handler403 = "jiuye.www.error_pages.permission_denied"
handler404 = "jiuye.www.error_pages.page_not_found"
handler500 = "jiuye.www.error_pages.server_error"


def public(urls: tuple) -> tuple:
    """An included URLconf whose views all pass LoginRequiredMiddleware: the API authenticates each request itself
    (a session or a bearer token) and answers 401 in JSON, never a redirect to the login page; its reference data
    and documentation need no login at all."""
    _mark_public(urls[0])
    return urls


def _mark_public(patterns: list) -> None:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _mark_public(pattern.url_patterns)
        else:
            login_not_required(pattern.callback)


@login_not_required
def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """The icon's address asked when a request comes, not when the URLconf is read: in production it is a hashed name
    from collectstatic's manifest, which `manage.py check` and `collectstatic` itself run without."""
    return HttpResponseRedirect(static("www/favicon.svg"))


urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", public(api.urls)),
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico where a page names no icon (the API's JSON, a downloaded file).
    path("favicon.ico", favicon),
    path("", include("jiuye.www.urls")),
]

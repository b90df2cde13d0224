"""The leaders' dashboard of the plan's indicators (规划指标): the user's own region at /plans/, a region inside it
at /plans/<code>/ (a region code: digits only, so that other pages of the area can live under /plans/ too)."""

from django.urls import path, re_path

from jiuye.www.dashboard import views

CODE = r"(?P<code>\d{2}|\d{4}|\d{6})"

urlpatterns = [
    path("plans/", views.dashboard_own, name="plans"),
    re_path(rf"^plans/{CODE}/$", views.dashboard, name="plans_region"),
    re_path(rf"^plans/{CODE}/print/$", views.dashboard_print, name="plans_print"),
    re_path(rf"^plans/{CODE}/export\.xlsx$", views.dashboard_export, name="plans_export"),
]

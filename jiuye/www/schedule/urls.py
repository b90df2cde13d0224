from django.urls import path

from jiuye.www.schedule import views

urlpatterns = [
    path("schedule/", views.schedule_page, name="schedule"),
    path("schedule/<str:job>/run/", views.schedule_run_view, name="schedule_run"),
]

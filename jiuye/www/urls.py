from django.urls import path

from jiuye.www import views
from jiuye.www.auth import LoginView, LogoutView

app_name = "www"

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/<str:code>/", views.region_detail, name="region"),
    path("people/", views.person_list, name="person_list"),
    path("employers/", views.employer_list, name="employer_list"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
]

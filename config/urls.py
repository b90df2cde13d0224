from django.contrib import admin
from django.urls import include, path

from jiuye.api.urls import api

admin.site.site_header = "就业服务与失业监测平台 管理后台"
admin.site.site_title = "就业平台管理"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("jiuye.www.urls")),
]

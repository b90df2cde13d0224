from django.apps import AppConfig


class LfsConfig(AppConfig):
    name = "jiuye.lfs"
    verbose_name = "劳动力调查"

from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "jiuye.www"
    verbose_name = "网页"

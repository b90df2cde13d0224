from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "jiuye.matching"
    verbose_name = "人岗匹配"

from django.apps import AppConfig


class SecondFactorConfig(AppConfig):
    name = "jiuye.second_factor"
    verbose_name = "动态口令"

from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "jiuye.plans"
    verbose_name = "规划指标"

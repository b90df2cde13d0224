from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "jiuye.monitoring"
    verbose_name = "失业动态监测"

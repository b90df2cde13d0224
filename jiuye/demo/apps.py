from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "jiuye.demo"
    verbose_name = "演示数据"

from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "jiuye.reference"
    verbose_name = "参考数据"

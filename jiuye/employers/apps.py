from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "jiuye.employers"
    verbose_name = "用人单位"

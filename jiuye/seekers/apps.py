from django.apps import AppConfig


class SeekersConfig(AppConfig):
    name = "jiuye.seekers"
    verbose_name = "求职登记与职业介绍"

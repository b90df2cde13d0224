from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jiuye.jobs"
    verbose_name = "后台任务"

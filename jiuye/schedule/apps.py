from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "jiuye.schedule"
    verbose_name = "计划任务"

    def ready(self) -> None:
        from jiuye.schedule import checks  # noqa: F401  (registers the check of JIUYE_SCHEDULE)

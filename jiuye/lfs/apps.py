from django.apps import AppConfig


class LfsConfig(AppConfig):
    name = "jiuye.lfs"
    verbose_name = "劳动力调查"

    def ready(self) -> None:
        from jiuye.lfs import imports  # noqa: F401  (registers the microdata import kind)

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ImportsConfig(AppConfig):
    name = "jiuye.imports"
    verbose_name = "数据导入"

    def ready(self) -> None:
        # The register kinds live here; every other app declares its kinds in its own `import_kinds.py`
        # (monitored-enterprise monthly reports, survey microdata, vacancies...), found the way admin.py is.
        from jiuye.imports import registers  # noqa: F401

        autodiscover_modules("import_kinds")

from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ImportsConfig(AppConfig):
    name = "jiuye.imports"
    verbose_name = "数据导入"

    def ready(self) -> None:
        # Every app declares its kinds in its own `import_kinds.py` (the registers of people, monitored-enterprise
        # monthly reports, survey microdata, vacancies...), found the way admin.py is.
        autodiscover_modules("import_kinds")

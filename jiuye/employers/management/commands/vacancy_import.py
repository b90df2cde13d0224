"""`manage.py vacancy_import FILE --user USERNAME [--commit]`: vacancies (岗位信息) from employers and job fairs,
as `jiuye.imports.commands.ImportCommand` runs every import. Importing the same file again changes nothing."""

from jiuye.employers.import_kinds import VACANCY
from jiuye.imports.commands import ImportCommand


class Command(ImportCommand):
    help = "导入岗位信息（.xlsx或.csv）；不加--commit时只试运行，不写入数据。"
    file_help = "岗位文件，.xlsx或.csv（UTF-8或GBK编码）"

    def kind_code(self, **options) -> str:
        return VACANCY.code

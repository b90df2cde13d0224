"""`manage.py import_register FILE --kind unplaced_graduate --user USERNAME [--commit]`: a key-group register, as
`jiuye.imports.commands.ImportCommand` runs every import."""

from jiuye.imports.commands import ImportCommand
from jiuye.people.import_kinds import register_kinds


class Command(ImportCommand):
    help = "导入重点群体实名制台账（.xlsx或.csv）；不加--commit时只试运行，不写入数据。"
    file_help = "台账文件，.xlsx或.csv（UTF-8或GBK编码）"

    def add_kind_arguments(self, parser) -> None:
        parser.add_argument("--kind", required=True, choices=[kind.code for kind in register_kinds()])

    def kind_code(self, *, kind: str, **options) -> str:
        return kind

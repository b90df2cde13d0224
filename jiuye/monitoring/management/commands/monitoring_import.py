"""`manage.py monitoring_import FILE --user USERNAME [--commit] [--enrol]`

Monthly reports of monitored enterprises, one month's file at a time (an enterprise once per file), as
`jiuye.imports.commands.ImportCommand` runs every import. With `--enrol`, enterprises not in the panel join it from
their row (初次建档); without it such rows are rejected.
"""

from jiuye.imports.commands import ImportCommand
from jiuye.monitoring.import_kinds import MONITORING_REPORT, MONITORING_REPORT_ENROL


class Command(ImportCommand):
    help = "导入监测企业月报（.xlsx或.csv）；不加--commit时只试运行，不写入数据。"
    file_help = "月报文件，.xlsx或.csv（UTF-8或GBK编码）"

    def add_kind_arguments(self, parser) -> None:
        parser.add_argument("--enrol", action="store_true", help="不在监测名单中的企业按本行初次建档")

    def kind_code(self, *, enrol: bool, **options) -> str:
        return (MONITORING_REPORT_ENROL if enrol else MONITORING_REPORT).code

"""`manage.py monitoring_import FILE --user USERNAME [--commit] [--enrol]`

Monthly reports of monitored enterprises, one month's file at a time (an enterprise once per file), through the
import framework: a dry run unless told `--commit`, the same summary line `created=N updated=N unchanged=N
rejected=N` as the registers, and the rejected rows with their reasons in FILE.errors.xlsx. With `--enrol`,
enterprises not in the panel join it from their row (初次建档); without it such rows are rejected.
"""

import shutil
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from jiuye.accounts.models import User
from jiuye.imports.services import import_run
from jiuye.imports.storage import errors_path
from jiuye.monitoring.import_kinds import MONITORING_REPORT, MONITORING_REPORT_ENROL


class Command(BaseCommand):
    help = "导入监测企业月报（.xlsx或.csv）；不加--commit时只试运行，不写入数据。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="月报文件，.xlsx或.csv（UTF-8或GBK编码）")
        parser.add_argument("--user", required=True, help="导入人的用户名：在其管辖范围内导入，并记入审计日志")
        parser.add_argument("--commit", action="store_true", help="写入数据（默认只试运行）")
        parser.add_argument("--enrol", action="store_true", help="不在监测名单中的企业按本行初次建档")

    def handle(self, *args, file: Path, user: str, commit: bool, enrol: bool, **options) -> None:
        if not file.is_file():
            raise CommandError(f"文件不存在：{file}")
        importer = User.objects.filter(username=user, is_active=True).select_related("org_unit").first()
        if importer is None:
            raise CommandError(f"没有用户名为“{user}”的有效用户")
        kind = MONITORING_REPORT_ENROL if enrol else MONITORING_REPORT
        try:
            record, result = import_run(
                user=importer, kind=kind.code, path=file, file_name=file.name, dry_run=not commit
            )
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(str(error.messages[0] if isinstance(error, ValidationError) else error)) from error
        if result.failure:
            raise CommandError(result.failure)
        if result.unknown_columns:
            self.stdout.write("未识别的列：" + "、".join(result.unknown_columns))
        self.stdout.write(record.summary)
        report = file.with_name(file.name + ".errors.xlsx")
        if result.rejected:
            shutil.copyfile(errors_path(record.pk), report)
            self.stdout.write(f"被拒绝的行：{report}")
        else:
            report.unlink(missing_ok=True)
        if not commit:
            self.stdout.write("试运行，未写入数据；确认无误后加 --commit 导入。")

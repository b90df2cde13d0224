"""`manage.py import_register FILE --kind unplaced_graduate --user USERNAME [--commit]`

A dry run unless told `--commit`. `--user` is always required: the import writes (or, in a dry run, checks) as
that user, within that user's region, and the audit log names them. Prints the unknown columns, if any, then the
line `created=N updated=N unchanged=N rejected=N`, then where the rejected rows are: FILE.errors.xlsx (a stale
one from an earlier run is removed when nothing is rejected).
"""

import shutil
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand

from jiuye.imports.commands import existing_file, import_report, importing_user, refusal
from jiuye.imports.registers import register_kinds
from jiuye.imports.services import import_run
from jiuye.imports.storage import errors_path


class Command(BaseCommand):
    help = "导入重点群体实名制台账（.xlsx或.csv）；不加--commit时只试运行，不写入数据。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="台账文件，.xlsx或.csv（UTF-8或GBK编码）")
        parser.add_argument("--kind", required=True, choices=[kind.code for kind in register_kinds()])
        parser.add_argument("--user", required=True, help="导入人的用户名：在其管辖范围内导入，并记入审计日志")
        parser.add_argument("--commit", action="store_true", help="写入数据（默认只试运行）")

    def handle(self, *args, file: Path, kind: str, user: str, commit: bool, **options) -> None:
        importer = importing_user(user)
        try:
            record, result = import_run(
                user=importer, kind=kind, path=existing_file(file), file_name=file.name, dry_run=not commit
            )
        except (PermissionDenied, ValidationError) as error:
            raise refusal(error) from error
        import_report(
            self.stdout, file=file, result=result, summary=record.summary, commit=commit,
            write_rejected=lambda report: shutil.copyfile(errors_path(record.pk), report),
        )  # fmt: skip

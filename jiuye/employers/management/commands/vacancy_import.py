"""`manage.py vacancy_import FILE --user USERNAME [--commit]`

Vacancies (岗位信息) from employers and job fairs through the import framework: a dry run unless told `--commit`,
the summary line `created=N updated=N unchanged=N rejected=N`, and the rejected rows with their reasons in
FILE.errors.xlsx. Importing the same file again changes nothing.
"""

import shutil
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand

from jiuye.employers.import_kinds import VACANCY
from jiuye.imports.commands import existing_file, import_report, importing_user, refusal
from jiuye.imports.services import import_run
from jiuye.imports.storage import errors_path


class Command(BaseCommand):
    help = "导入岗位信息（.xlsx或.csv）；不加--commit时只试运行，不写入数据。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="岗位文件，.xlsx或.csv（UTF-8或GBK编码）")
        parser.add_argument("--user", required=True, help="导入人的用户名：在其管辖范围内导入，并记入审计日志")
        parser.add_argument("--commit", action="store_true", help="写入数据（默认只试运行）")

    def handle(self, *args, file: Path, user: str, commit: bool, **options) -> None:
        importer = importing_user(user)
        try:
            record, result = import_run(
                user=importer, kind=VACANCY.code, path=existing_file(file), file_name=file.name, dry_run=not commit
            )
        except (PermissionDenied, ValidationError) as error:
            raise refusal(error) from error
        import_report(
            self.stdout, file=file, result=result, summary=record.summary, commit=commit,
            write_rejected=lambda report: shutil.copyfile(errors_path(record.pk), report),
        )  # fmt: skip

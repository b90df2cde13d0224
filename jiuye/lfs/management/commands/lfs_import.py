"""`manage.py lfs_import FILE --period YYYY-MM [--commit] [--user USERNAME]`

A dry run unless told `--commit`. With `--commit`, `--user` is required: the import writes as that user (a province
analyst or administrator) and the audit log names them. A dry run without `--user` only checks the file: nothing is
written, not even an import record. Prints the unknown columns, if any, then `created=N updated=N unchanged=N
rejected=N`, then where the rejected rows are: FILE.errors.xlsx (a stale one from an earlier run is removed when
nothing is rejected).
"""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiuye.imports.commands import existing_file, import_report, importing_user, refusal
from jiuye.imports.storage import errors_write
from jiuye.lfs.services import survey_period_check, survey_period_import


class Command(BaseCommand):
    help = "导入一个月的劳动力调查微观数据（.csv或.xlsx）；不加--commit时只试运行，不写入数据。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="微观数据文件，.csv（UTF-8或GBK编码）或.xlsx")
        parser.add_argument("--period", required=True, help="调查月份，YYYY-MM")
        parser.add_argument("--user", help="导入人的用户名（--commit时必填）：省级分析人员或管理员，记入审计日志")
        parser.add_argument("--commit", action="store_true", help="写入数据（默认只试运行）")

    def handle(self, *args, file: Path, period: str, user: str | None, commit: bool, **options) -> None:
        existing_file(file)
        if commit and not user:
            raise CommandError(_("导入（--commit）须用 --user 指明导入人"))
        try:
            if user:
                _record, result = survey_period_import(
                    user=importing_user(user), month=period, path=file, file_name=file.name, dry_run=not commit
                )
            else:
                result = survey_period_check(month=period, path=file)
        except (PermissionDenied, ValidationError) as error:
            raise refusal(error) from error
        import_report(
            self.stdout, file=file, result=result, summary=result.summary, commit=commit,
            write_rejected=lambda report: errors_write(
                report, errors=result.errors, header=result.header, rejected_rows=result.rejected_rows
            ),
        )  # fmt: skip

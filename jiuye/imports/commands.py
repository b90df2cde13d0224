"""What every import command shares (`import_register`, `vacancy_import`, `monitoring_import`): the arguments
FILE, `--user` and `--commit`, finding the importing user, turning refusals into command errors, and the output
(unknown columns, the summary line, where the rejected rows are, the dry-run reminder).

A command subclasses `ImportCommand`, says which file it reads (`file_help`) and which kind a run imports
(`kind_code`), and may add its own arguments (`add_kind_arguments`)."""

import shutil
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.imports.results import ImportResult
from jiuye.imports.services import import_run
from jiuye.imports.storage import errors_path


class ImportCommand(BaseCommand):
    """A dry run unless told `--commit`; `--user` is always required: the import writes (or, in a dry run, checks)
    as that user, within that user's region, and the audit log names them. Prints the unknown columns, if any, the
    summary line `created=N updated=N unchanged=N rejected=N`, and where the rejected rows are: FILE.errors.xlsx (a
    stale one from an earlier run is removed when nothing is rejected)."""

    file_help = ""

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help=self.file_help)
        parser.add_argument("--user", required=True, help="导入人的用户名：在其管辖范围内导入，并记入审计日志")
        parser.add_argument("--commit", action="store_true", help="写入数据（默认只试运行）")
        self.add_kind_arguments(parser)

    def add_kind_arguments(self, parser) -> None:
        """The command's own arguments, if any."""

    def kind_code(self, **options) -> str:
        raise NotImplementedError

    def handle(self, *args, file: Path, user: str, commit: bool, **options) -> None:
        importer = importing_user(user)
        try:
            record, result = import_run(
                user=importer, kind=self.kind_code(**options), path=existing_file(file), file_name=file.name,
                dry_run=not commit,
            )  # fmt: skip
        except (PermissionDenied, ValidationError) as error:
            raise refusal(error) from error
        import_report(
            self.stdout, file=file, result=result, summary=record.summary, commit=commit,
            write_rejected=lambda report: shutil.copyfile(errors_path(record.pk), report),
        )  # fmt: skip


def existing_file(file: Path) -> Path:
    if not file.is_file():
        raise CommandError(_("文件不存在：%(file)s") % {"file": file})
    return file


def importing_user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).select_related("org_unit").first()
    if user is None:
        raise CommandError(_("没有用户名为“%(username)s”的有效用户") % {"username": username})
    return user


def refusal(error: PermissionDenied | ValidationError) -> CommandError:
    return CommandError(str(error.messages[0] if isinstance(error, ValidationError) else error))


def import_report(
    stdout: OutputWrapper,
    *,
    file: Path,
    result: ImportResult,
    summary: str,
    commit: bool,
    write_rejected: Callable[[Path], None],
) -> None:
    """Print the outcome; rejected rows go to FILE.errors.xlsx, and a stale one is removed when none is rejected."""
    if result.failure:
        raise CommandError(result.failure)
    if result.unknown_columns:
        stdout.write(_("未识别的列：") + "、".join(result.unknown_columns))
    stdout.write(summary)
    report = file.with_name(file.name + ".errors.xlsx")
    if result.rejected:
        write_rejected(report)
        stdout.write(_("被拒绝的行：%(path)s") % {"path": report})
    else:
        report.unlink(missing_ok=True)
    if not commit:
        stdout.write(_("试运行，未写入数据；确认无误后加 --commit 导入。"))

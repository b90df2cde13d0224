"""What every import command shares: finding the importing user, turning refusals into command errors, and the
output (unknown columns, the summary line, where the rejected rows are, the dry-run reminder)."""

from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError, OutputWrapper
from django.utils.translation import gettext as _

from jiuye.accounts.models import User
from jiuye.imports.results import ImportResult


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

"""`manage.py restore FILE --yes`: replace the database's whole content by a backup's (jiuye/core/backup.py).

Stop the web server, the task worker and the scheduler first. Without --yes it refuses: every row written since the
backup is lost.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiuye.core.backup import BackupError, database_restore


class Command(BaseCommand):
    help = "用备份文件替换数据库的全部内容（先停止网站、后台任务和调度进程）；必须加 --yes 确认。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="manage.py backup 写出的备份文件")
        parser.add_argument("--yes", action="store_true", help="确认用备份替换当前数据库的全部内容")

    def handle(self, *args, file: Path, yes: bool, **options) -> None:
        if not yes:
            raise CommandError(
                f"恢复会用 {file} 替换数据库的全部内容，备份之后写入的数据都将丢失。"
                "请先停止网站、后台任务和调度进程，确认后加 --yes 再运行。"
            )
        try:
            database_restore(source=file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已从 {file} 恢复数据库")

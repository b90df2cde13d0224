"""`manage.py backup [--output PATH]`: a backup of the database (jiuye/core/backup.py), consistent while the server
and the worker run; without --output, a file named by the time under BACKUP_DIR. Prints the file's path."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from jiuye.core.backup import BackupError, database_backup


class Command(BaseCommand):
    help = (
        "备份数据库（SQLite 用在线备份，PostgreSQL 用 pg_dump），服务运行中也可备份；"
        "默认写到 BACKUP_DIR 下以时间命名的文件。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", type=Path, help="备份文件路径（默认 BACKUP_DIR/jiuye-年月日-时分秒）")

    def handle(self, *args, output: Path | None, **options) -> None:
        try:
            written = database_backup(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(written))

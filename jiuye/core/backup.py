"""Backups of the database and their restore, for `manage.py backup` and `manage.py restore`.

SQLite: SQLite's online backup API (`sqlite3.Connection.backup`), which copies a consistent snapshot while the server
and the worker keep writing (a plain file copy could catch a write half done, or miss the write-ahead log).
PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean --if-exists` in one transaction, so that a restore that
fails changes nothing. Both programs are found on PATH and must be of the server's major version or newer. The
connection is the one Django uses (DATABASE_URL as dj-database-url parsed it); the password goes to them in the
PGPASSWORD environment variable, never on the command line, where `ps` shows it to every user of the machine.

A backup holds every person's name and phone (ID numbers only encrypted, with keys kept outside it): it is written
readable by its owner only, under a temporary name first so that a file with the final name is always complete.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

SQLITE_HEADER = b"SQLite format 3\x00"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".dump"}


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why."""


def backup_default_path(*, vendor: str, now=None) -> Path:
    """`BACKUP_DIR/jiuye-20261207-013000.sqlite3` (or `.dump` for PostgreSQL), in local time."""
    stamp = timezone.localtime(now or timezone.now()).strftime("%Y%m%d-%H%M%S")
    return Path(settings.BACKUP_DIR) / f"jiuye-{stamp}{SUFFIXES[vendor]}"


def database_backup(*, output: Path | None = None, alias: str = DEFAULT_DB_ALIAS) -> Path:
    """Write a backup of the database to `output` (or a file named by the time under BACKUP_DIR); return its path."""
    connection = connections[alias]
    vendor = _vendor(connection)
    output = Path(output) if output else backup_default_path(vendor=vendor)
    output.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, partial = tempfile.mkstemp(dir=output.parent, prefix=f".{output.name}.", suffix=".partial")
    os.close(descriptor)  # created readable by its owner only (0600), and stays so
    try:
        if vendor == "sqlite":
            _sqlite_backup(connection, Path(partial))
        else:
            _run_postgresql(connection, ["pg_dump", "--format=custom", f"--file={partial}"])
        Path(partial).replace(output)
    finally:
        Path(partial).unlink(missing_ok=True)
    return output


def database_restore(*, source: Path, alias: str = DEFAULT_DB_ALIAS) -> None:
    """Replace the database's whole content by the backup's. Stop the web server, the worker and the scheduler first:
    they would otherwise write between the backup's rows, or hold connections to tables being dropped."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"备份文件不存在：{source}")
    connection = connections[alias]
    if _vendor(connection) == "sqlite":
        _sqlite_restore(connection, source)
    else:
        connection.close()
        restore = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        _run_postgresql(connection, restore, source)


def _vendor(connection) -> str:
    if connection.vendor not in SUFFIXES:
        raise ImproperlyConfigured(f"Backups are made of SQLite and PostgreSQL databases, not {connection.vendor}")
    return connection.vendor


def _sqlite_backup(connection, target: Path) -> None:
    connection.ensure_connection()
    source = connection.connection
    destination, image = sqlite3.connect(target), None
    try:
        if source.in_transaction:
            # Inside a transaction (a caller's atomic block; the settings begin them IMMEDIATE, as writers) SQLite
            # refuses a backup from the connection and `backup` retries for ever: copy its image instead, the
            # database as this connection sees it. `manage.py backup` runs outside any and streams the pages.
            image = sqlite3.connect(":memory:")
            image.deserialize(source.serialize())
            source = image
        source.backup(destination)
        # One self-contained file: a copy of a database in write-ahead-log mode would want its -wal and -shm files
        # beside it even to be read.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()
        if image is not None:
            image.close()


def _sqlite_restore(connection, source: Path) -> None:
    with source.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{source} 不是 SQLite 数据库（PostgreSQL 的备份只能恢复到 PostgreSQL）")
    backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if backup.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{source} 已损坏（SQLite quick_check 未通过），未作任何恢复")
        connection.ensure_connection()
        backup.backup(connection.connection)
    finally:
        backup.close()


def _run_postgresql(connection, command: list[str], source: Path | None = None) -> None:
    """pg_dump or pg_restore on Django's connection: its settings as options, the password in the environment."""
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"PATH 中找不到 {command[0]}（Debian：apt-get install postgresql-client）")
    database = connection.settings_dict
    options = [f"--dbname={database['NAME']}"]
    if database.get("HOST"):
        options.append(f"--host={database['HOST']}")
    if database.get("PORT"):
        options.append(f"--port={database['PORT']}")
    if database.get("USER"):
        options.append(f"--username={database['USER']}")
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    if sslmode := database.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = sslmode
    done = subprocess.run(  # noqa: S603 (the program found on PATH, arguments from the settings, no shell)
        [program, *command[1:], "--no-password", *options, *([str(source)] if source else [])],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败（退出码 {done.returncode}）：{done.stderr.strip()}")

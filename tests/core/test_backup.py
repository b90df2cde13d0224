"""`manage.py backup` and `restore`: what a backup holds comes back by a restore, on SQLite and on PostgreSQL."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from jiuye.accounts.models import User

ROOT = Path(__file__).resolve().parents[2]


def account(username: str) -> User:
    """An account without an org unit: the transactional tests' database has no reference regions (flushed)."""
    return User.objects.create_user(username=username)


def usernames() -> list[str]:
    return sorted(User.objects.values_list("username", flat=True))


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_gives_back_the_same_data(tmp_path, capsys):
    """On the test run's database, whichever it is (SQLite's backup API, or pg_dump and pg_restore)."""
    account("county_140105")
    account("city_1401")
    backup = tmp_path / "before.backup"

    call_command("backup", output=backup)
    assert capsys.readouterr().out.strip() == str(backup)
    User.objects.filter(username="city_1401").delete()
    account("written_after_the_backup")
    call_command("restore", backup, yes=True)

    assert usernames() == ["city_1401", "county_140105"]
    assert backup.stat().st_mode & 0o777 == 0o600  # names and phones: readable by its owner only


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_without_yes(tmp_path):
    account("county_140105")
    backup = tmp_path / "before.backup"
    call_command("backup", output=backup)
    account("kept")

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", backup)

    assert usernames() == ["county_140105", "kept"]


@pytest.mark.django_db
def test_a_backup_without_a_path_is_named_by_the_time_under_backup_dir(tmp_path):
    with override_settings(BACKUP_DIR=tmp_path / "backups"):
        call_command("backup")

    (written,) = (tmp_path / "backups").iterdir()
    suffix = ".sqlite3" if connection.vendor == "sqlite" else ".dump"
    assert written.name.startswith("jiuye-20")
    assert written.name.endswith(suffix)
    assert len(written.name) == len("jiuye-20261207-013000") + len(suffix)
    assert list((tmp_path / "backups").glob(".*")) == []  # no partial file left


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own file checks")
@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_no_sqlite_database(tmp_path):
    not_a_database = tmp_path / "register.xlsx"
    not_a_database.write_bytes(b"PK\x03\x04 a spreadsheet")

    with pytest.raises(CommandError, match="不是 SQLite 数据库"):
        call_command("restore", not_a_database, yes=True)
    with pytest.raises(CommandError, match="备份文件不存在"):
        call_command("restore", tmp_path / "missing.sqlite3", yes=True)


def test_a_sqlite_file_in_wal_mode_is_backed_up_and_restored_by_the_commands(tmp_path):
    """A deployment's file database (write-ahead log, as the settings open it), in a fresh interpreter: the backup is
    one self-contained file, and the restore brings the rows back into the live file."""
    database = tmp_path / "jiuye.sqlite3"
    with sqlite3.connect(database) as live:
        live.execute("PRAGMA journal_mode=WAL")
        live.execute("CREATE TABLE register (id INTEGER PRIMARY KEY, name TEXT)")
        live.executemany("INSERT INTO register (name) VALUES (?)", [("张伟",), ("李娜",)])
    live.close()
    backup = tmp_path / "backups" / "nightly.sqlite3"

    manage(tmp_path, database, "backup", "--output", str(backup))
    with sqlite3.connect(database) as live:
        live.execute("DELETE FROM register WHERE name = '李娜'")
        live.execute("INSERT INTO register (name) VALUES ('王芳')")
    live.close()
    manage(tmp_path, database, "restore", str(backup), "--yes")

    assert [path.name for path in backup.parent.iterdir()] == ["nightly.sqlite3"]  # no -wal or -shm beside it
    with sqlite3.connect(database) as live:
        assert live.execute("SELECT name FROM register ORDER BY id").fetchall() == [("张伟",), ("李娜",)]
        assert live.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    live.close()


def manage(tmp_path: Path, database: Path, *args: str) -> None:
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "JIUYE_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{database}",
    }
    subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, check=True, timeout=120
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_is_a_custom_format_dump_and_a_failed_restore_changes_nothing(tmp_path):
    account("county_140105")
    backup = tmp_path / "nightly.dump"
    call_command("backup", output=backup)
    assert backup.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format, for pg_restore
    damaged = tmp_path / "damaged.dump"
    damaged.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    account("kept")

    with pytest.raises(CommandError, match="pg_restore"):
        call_command("restore", damaged, yes=True)

    assert usernames() == ["county_140105", "kept"]  # one transaction: all of the dump or nothing

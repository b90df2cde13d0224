"""A copy of the test database that processes started by a test can open: the test settings' SQLite database lives
in memory, and a test's own rows are never committed. The copy holds what the test database held when the test
began: the schema and the reference tables. SQLite is copied as `manage.py backup` copies it, into a file;
PostgreSQL with pg_dump into a database of its own, dropped at the end."""

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from jiuye.core.backup import database_backup


@contextmanager
def shared_database(directory: Path) -> Iterator[str]:
    """The copy's DATABASE_URL."""
    if connection.vendor == "sqlite":
        yield _sqlite_copy(directory / "shared.sqlite3")
    elif connection.vendor == "postgresql":
        with _postgresql_copy() as url:
            yield url
    else:
        raise NotImplementedError(connection.vendor)


def _sqlite_copy(path: Path) -> str:
    """`manage.py backup`'s copy, which also reads a connection inside the test's (IMMEDIATE) transaction."""
    database_backup(output=path)
    return f"sqlite:///{path}"


@contextmanager
def _postgresql_copy() -> Iterator[str]:
    import psycopg

    source = connection.settings_dict
    name = f"{source['NAME']}_shared"
    server = _server(source)
    with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        env = {**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""}
        options = ["-h", server["host"], "-p", str(server["port"]), "-U", server["user"]]
        # The PostgreSQL client programs from PATH, with the test database's own settings as arguments.
        dump = subprocess.run(  # noqa: S603
            ["pg_dump", "--no-owner", "--no-privileges", *options, source["NAME"]],  # noqa: S607
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        restore = ["psql", "-q", "-v", "ON_ERROR_STOP=1", *options, name]
        subprocess.run(restore, input=dump.stdout, env=env, check=True)  # noqa: S603
        password = f":{source['PASSWORD']}" if source.get("PASSWORD") else ""
        yield f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    finally:
        with psycopg.connect(**server, dbname="postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server(settings_dict: dict) -> dict:
    return {
        "host": settings_dict.get("HOST") or "127.0.0.1",
        "port": int(settings_dict.get("PORT") or 5432),
        "user": settings_dict.get("USER") or "postgres",
        "password": settings_dict.get("PASSWORD") or None,
    }


@contextmanager
def commit_held_back(url: str) -> Iterator[None]:
    """On PostgreSQL, hold a lock that an import's last write needs (the import record's INSERT waits behind a SHARE
    lock on its table), so that an import, however fast, is still inside its transaction when its worker is killed.
    SQLite has no such lock in WAL mode (readers never block the writer): there the file is long enough instead."""
    if not url.startswith("postgres"):
        yield
        return
    import psycopg

    with psycopg.connect(url) as holder:
        holder.execute("LOCK TABLE imports_importrecord IN SHARE MODE")
        try:
            yield
        finally:
            holder.rollback()

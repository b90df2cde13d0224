"""SQLite under concurrent users (issue 15): while an import holds the write lock, another user's write waits for it
and succeeds instead of failing with "database is locked". Two connections to a database file of the test's own,
opened with the settings' OPTIONS (busy timeout, immediate transactions), as two requests of the site would be."""

import contextlib
import threading
import time

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="SQLite's locking only"
)

HELD = 1.5  # seconds the "import" holds its write transaction


def _connect(alias: str, path) -> DatabaseWrapper:
    """A connection of this thread under `alias`, to the file at `path`, with the settings' OPTIONS."""
    wrapper = DatabaseWrapper({**connections["default"].settings_dict, "NAME": str(path)}, alias)
    connections[alias] = wrapper  # thread-local, as Django's connections are
    return wrapper


def _import(path, started: threading.Event) -> None:
    wrapper = _connect("import", path)
    try:
        with transaction.atomic(using="import"), wrapper.cursor() as cursor:
            cursor.execute("INSERT INTO person (name) VALUES ('导入')")
            started.set()
            time.sleep(HELD)
    finally:
        wrapper.close()


@pytest.fixture
def database_file(tmp_path, django_db_blocker):
    """A database file of the test's own, outside the test database (pytest-django blocks connections otherwise)."""
    with django_db_blocker.unblock():
        yield tmp_path / "site.sqlite3"
    for alias in ("setup", "editor"):
        with contextlib.suppress(AttributeError):
            del connections[alias]


def test_a_write_during_an_import_waits_for_it_instead_of_failing(database_file):
    path = database_file
    setup = _connect("setup", path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT)")
    started = threading.Event()
    importer = threading.Thread(target=_import, args=(path, started))
    importer.start()
    assert started.wait(10)
    editor = _connect("editor", path)
    begun = time.monotonic()
    try:
        # A service reads, then writes (a caseworker's edit): in a deferred transaction the read takes a snapshot
        # the import's commit makes stale, and the write fails at once whatever the timeout.
        with transaction.atomic(using="editor"), editor.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM person")
            cursor.execute("INSERT INTO person (name) VALUES ('编辑')")
    finally:
        waited = time.monotonic() - begun
        importer.join()
        editor.close()
    with setup.cursor() as cursor:
        cursor.execute("SELECT name FROM person ORDER BY id")
        assert [name for (name,) in cursor.fetchall()] == ["导入", "编辑"]
    setup.close()
    assert HELD / 2 < waited < 15  # it waited for the import's commit, well within the busy timeout

"""A worker killed during an import leaves nothing of the file written, and the job runs again to the end, once.

A real `manage.py db_worker` runs in a process of its own against a copy of the test database it shares with the
test (`shared_database`); the test waits until the job's progress shows rows read (the import's transaction is
open, its rows written inside it), kills the worker with SIGKILL (no chance to clean up), finds none of the file's
people in the database, reruns the job, lets a new worker run it, and finds every person written once."""

import datetime
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from jiuye.imports.services import CHUNK_ROWS
from jiuye.jobs.progress import progress_read
from tests.imports.files import GRADUATE_HEADER, graduate, write_csv
from tests.jobs.shared_database import commit_held_back, shared_database
from tests.people.factories import make_ric

pytestmark = pytest.mark.django_db

# The kill comes after the first chunk is reported. On PostgreSQL a lock holds the commit back (`commit_held_back`),
# so two chunks do; on SQLite nothing can, and the three chunks still to do are the margin of a fast engine.
CHUNKS = {"postgresql": 2, "sqlite": 4}
WAIT_SECONDS = 120


def register_rows(count: int) -> list[list]:
    """`count` graduates of Xiaodian with distinct, valid ID numbers (400 a birth date)."""
    born = datetime.date(1990, 1, 1)
    return [
        graduate(f"学生{n}", make_ric(born=born + datetime.timedelta(days=n // 400), sequence=2 * (n % 400) + 1))
        for n in range(count)
    ]


def register_file(path: Path, rows: int) -> Path:
    return write_csv(path, GRADUATE_HEADER, register_rows(rows))


class Processes:
    """Processes of the project run against the shared database, with the test's settings and directories."""

    def __init__(self, url: str, directory: Path) -> None:
        self.log = directory / "worker.log"
        self.env = {
            **os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "JIUYE_TEST_TASKS": "database", "IMPORTS_DIR": str(settings.IMPORTS_DIR),
            "JIUYE_JOBS_DIR": str(settings.JOBS_PROGRESS_DIR), "JIUYE_VAR_DIR": str(directory / "var"),
        }  # fmt: skip
        self.env.pop("JIUYE_TASKS_REDIS_URL", None)

    def script(self, *arguments: str) -> dict:
        done = subprocess.run(  # noqa: S603  (this interpreter, the project's own script)
            [sys.executable, "-m", "tests.jobs.worker_scripts", *arguments],
            cwd=settings.BASE_DIR, env=self.env, capture_output=True, text=True, timeout=WAIT_SECONDS,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout.strip().splitlines()[-1])

    def worker(self, *options: str) -> subprocess.Popen:
        command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1", *options]
        with self.log.open("a") as log:
            return subprocess.Popen(command, cwd=settings.BASE_DIR, env=self.env, stdout=log, stderr=log)  # noqa: S603


def wait_for_rows_read(job_id: int, worker: subprocess.Popen, log: Path) -> int:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        progress = progress_read(job_id)
        if progress is not None and progress.rows_read > 0:
            return progress.rows_read
        assert worker.poll() is None, f"the worker stopped before any progress: {log.read_text()}"
        time.sleep(0.005)
    raise AssertionError(f"no progress within {WAIT_SECONDS} s: {log.read_text()}")


def test_a_worker_killed_during_an_import_leaves_nothing_and_the_job_runs_again_once(tmp_path):
    rows = CHUNKS[connection.vendor] * CHUNK_ROWS
    csv_path = str(register_file(tmp_path / "毕业生台账.csv", rows))
    with shared_database(tmp_path) as url:
        processes = Processes(url, tmp_path)
        job_id = processes.script("enqueue", csv_path)["job"]

        with commit_held_back(url):
            worker = processes.worker()
            try:
                rows_read = wait_for_rows_read(job_id, worker, processes.log)
            finally:
                os.kill(worker.pid, signal.SIGKILL)
                worker.wait(timeout=WAIT_SECONDS)

        assert worker.returncode == -signal.SIGKILL
        assert 0 < rows_read < rows or url.startswith("postgres")
        killed = processes.script("report", str(job_id), csv_path)
        nothing = {"people": 0, "distinct_people": 0, "committed_imports": 0, "status": "running", "summary": ""}
        assert killed == {**nothing, "attempts": 1}, "the import finished before its worker was killed, or left rows"

        assert processes.script("rerun", str(job_id))["status"] == "queued"
        again = processes.worker("--batch")
        assert again.wait(timeout=WAIT_SECONDS) == 0, processes.log.read_text()

        rerun = processes.script("report", str(job_id), csv_path)
        assert rerun == {
            "people": rows, "distinct_people": rows, "committed_imports": 1, "status": "succeeded",
            "summary": f"已导入：新增 {rows}、更新 0、未变 0、拒绝 0", "attempts": 2,
        }  # fmt: skip

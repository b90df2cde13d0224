"""Load (issue 15): simulated caseworkers and enterprises against gunicorn and PostgreSQL, as in production.

`DATABASE_URL=postgres://... BENCH_ONLY=load .venv/bin/python -m benchmarks` builds the demo province at
BENCH_LOAD_SCALE (default 20) in that database (deleting the demo rows a previous run left; BENCH_LOAD_REUSE=1 keeps
a demo of that scale), collects the static files, starts gunicorn with the production settings
(deploy/gunicorn.conf.py, BENCH_LOAD_WORKERS workers, gunicorn's 2 × cores + 1 by default) on a free port of
127.0.0.1, and runs:

1. BENCH_LOAD_USERS users (default 50) for BENCH_LOAD_SECONDS (default 120) at a caseworker's pace (3 to 8 s between
   actions, `benchmarks.load_users`), one in ten an enterprise's reporter account filing its monthly report; per
   action its count, requests per second, p50/p95/p99 in ms and errors, then the total. Goals: no error; p95 at or
   under 300 ms for every page but the login (a password hash, deliberately slow).
2. The ramp: BENCH_LOAD_RAMP users (default 100,200,400,800; empty for none), BENCH_LOAD_RAMP_SECONDS each (default
   60), stopping after the first step whose p95 over all actions but the login passes 1 s.

Users log in at random moments over 20 s, and the run's seconds start when the last has logged in: the figures of
all actions but the login are those of a working day's steady load, not of the morning's logins (each a password
hash, deliberately slow: a few dozen at once queue for seconds), which the login's own line shows, with
`login_seconds`, how long it took until every user was in. The anchor, `healthz`, is the same run's latency of
/healthz once a second (a request through gunicorn and one query), so that a slow machine shows in it too.

The load generator runs in this process, threads on the same cores as the server: at several hundred users its own
CPU limits what it can send, which `generator_cpu` (its CPU seconds per second of the run) shows. gunicorn's log is
kept in var/bench/load-gunicorn.log, with the traceback of any 500, and its access log (one line per request, with
its status and milliseconds) beside it in load-gunicorn.access.log.
"""

import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from benchmarks.latency import Sample, summarise
from benchmarks.load_data import accounts_prepare
from benchmarks.load_users import ACTIONS, Account, Browser, Run, caseworker, login, reporter
from benchmarks.measure import report
from jiuye.demo.models import DemoPartLoad
from jiuye.demo.services import demo_data_load
from jiuye.plans.services import indicators_load
from jiuye.reference.services import reference_load

BASE_DIR = Path(__file__).resolve().parent.parent
SCALE = float(os.environ.get("BENCH_LOAD_SCALE", "20"))
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "120"))
USERS = int(os.environ.get("BENCH_LOAD_USERS", "50"))
RAMP = [int(users) for users in os.environ.get("BENCH_LOAD_RAMP", "100,200,400,800").split(",") if users.strip()]
RAMP_SECONDS = float(os.environ.get("BENCH_LOAD_RAMP_SECONDS", "60"))
WORKERS = os.environ.get("BENCH_LOAD_WORKERS", "")
REUSE = os.environ.get("BENCH_LOAD_REUSE", "") == "1"
SEED = 2022  # the demo's, as foundation builds it
REPORTER_EVERY = 10  # one simulated user in ten is an enterprise's reporter account
RAMP_LIMIT_MS = 1000
ARRIVAL_SECONDS = 20.0  # users log in at random moments over this time
LOGIN_TIMEOUT_SECONDS = 600
LOG = BASE_DIR / "var" / "bench" / "load-gunicorn.log"


def bench_load() -> None:
    if connection.vendor != "postgresql":
        report("load skipped", reason="needs DATABASE_URL of a PostgreSQL database (gunicorn as in production)")
        return
    demo_build()
    rng = random.Random(SEED)  # noqa: S311 (which people to look up, not secrets)
    accounts, reporters = accounts_prepare(reporters=max([USERS, *RAMP]) // REPORTER_EVERY + 1, rng=rng)
    report("load accounts", caseworker_accounts=len(accounts), reporter_accounts=len(reporters))
    if not accounts:
        report("load skipped", reason="no demo caseworker account sees people and job seekers")
        return
    with tempfile.TemporaryDirectory(prefix="jiuye-load-static-") as static_root, gunicorn(static_root) as port:
        warm_up(port, accounts[0])
        run_figures(port, accounts, reporters, users=USERS, seconds=SECONDS, label="load")
        ramp(port, accounts, reporters)


def ramp(port: int, accounts: list[Account], reporters: list[Account]) -> None:
    """More users at each step until the p95 of all actions but the login passes 1 s; `load capacity` says where,
    with the requests per second served there (or that the last step stayed under)."""
    step = None
    for users in RAMP:
        p95, requests_per_second = run_figures(
            port, accounts, reporters, users=users, seconds=RAMP_SECONDS, label="load ramp"
        )
        step = {"users": users, "p95_ms": f"{p95:.0f}", "requests_per_second": f"{requests_per_second:.1f}"}
        if p95 > RAMP_LIMIT_MS:
            report("load capacity", p95_passed_1s=True, **step)
            return
    if step is not None:
        report("load capacity", p95_passed_1s=False, **step)


def demo_build() -> None:
    """The demo province at SCALE, ANALYZEd (without statistics the planner takes fresh tables for empty)."""
    call_command("migrate", verbosity=0)
    reference_load()
    indicators_load()
    present = DemoPartLoad.objects.filter(scale=SCALE, seed=SEED).exists()
    started = time.perf_counter()
    if not (REUSE and present):
        demo_data_load(seed=SEED, scale=SCALE, reset=DemoPartLoad.objects.exists())
        connection.cursor().execute("ANALYZE")
    report("load demo", scale=SCALE, reused=REUSE and present, seconds=f"{time.perf_counter() - started:.0f}")


def production_environment(static_root: str, port: int) -> dict[str, str]:
    """The production settings with the keys this database's demo was written with (the base settings read them
    from var/ or the environment): other keys and no ID number would decrypt, no look-up by number would match."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": settings.SECRET_KEY,
        "PII_ENCRYPTION_KEYS": ",".join(settings.PII_ENCRYPTION_KEYS),
        "PII_HASH_KEY": settings.PII_HASH_KEY,
        "SECURE_SSL_REDIRECT": "0",  # plain http on 127.0.0.1; the cookies stay Secure (load_users says why)
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": static_root,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": WORKERS,
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": str(LOG.with_suffix(".access.log")),
    }


@contextmanager
def gunicorn(static_root: str) -> Iterator[int]:
    """gunicorn as deploy/gunicorn.conf.py starts it, on a free port; stopped (SIGTERM, then SIGKILL) however the
    run ends."""
    port = free_port()
    environment = production_environment(static_root, port)
    python = sys.executable
    subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [python, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=BASE_DIR, env=environment, check=True,
    )  # fmt: skip
    LOG.parent.mkdir(parents=True, exist_ok=True)
    Path(environment["GUNICORN_ACCESS_LOG"]).unlink(missing_ok=True)  # gunicorn appends: this run's requests only
    with LOG.open("w") as log:
        server = subprocess.Popen(  # noqa: S603 (the virtualenv's gunicorn)
            [str(Path(python).with_name("gunicorn")), "--config", "deploy/gunicorn.conf.py"],
            cwd=BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            health_wait(server, port)
            report("load server", port=port, workers=WORKERS or "2×cores+1", log=LOG)
            yield port
        finally:
            server.terminate()
            try:
                server.wait(timeout=40)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def health_wait(server: subprocess.Popen, port: int, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start (exit {server.returncode}); see {LOG}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer /healthz within {timeout:.0f} s; see {LOG}")


def warm_up(port: int, account: Account) -> None:
    """Recommendations at once from each worker, as many as there are workers, twice: a worker's first builds
    the vacancy index and loads the matching kernels (seconds), which every worker pays after each restart
    (gunicorn replaces a worker after about 1000 requests), and which the figures of the runs should not hide
    among a hundred actions. Printed as `load warm-up`."""
    browser = Browser("127.0.0.1", port)
    login(browser, account)
    workers = int(WORKERS or 2 * len(os.sched_getaffinity(0)) + 1)
    samples: list[Sample] = []

    def recommendations(pk: int) -> None:
        own = Browser("127.0.0.1", port, cookies=dict(browser.cookies))
        started, ok = time.perf_counter(), True
        try:
            own.page(f"/matching/registrations/{pk}/")
        except Exception:  # counted below; the runs that follow show the error itself
            ok = False
        samples.append(Sample("recommendations", time.perf_counter() - started, 1, ok))

    pks = account.registration_ids
    threads = [threading.Thread(target=recommendations, args=(pks[n % len(pks)],)) for n in range(2 * workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cold = summarise(samples, 1.0)[0]
    longest = max(sample.seconds for sample in samples) * 1000
    figures = {"requests": cold.count, "p50_ms": f"{cold.p50_ms:.0f}", "max_ms": f"{longest:.0f}"}
    report("load warm-up recommendations", **figures, errors=cold.errors)


def run_figures(
    port: int, accounts: list[Account], reporters: list[Account], *, users: int, seconds: float, label: str
) -> tuple[float, float]:
    """Run `users` for `seconds`, print the figures; return the p95 (ms) of all actions but the login and their
    requests per second.

    The login's line covers the logins, its rate per second of the time until the last was in; every other line
    and the total cover the measured seconds after that."""
    run, anchor, measured = load_run(port, accounts, reporters, users=users, seconds=seconds)
    login_seconds = run.measured_from - run.started
    logins = [sample for sample in run.samples if sample.action == "login"]
    steady = [sample for sample in run.samples if sample.action != "login"]
    for summary in summarise(logins, login_seconds)[:-1]:
        report(f"{label} {users} users {summary.action}", **summary.figures())
    summaries = summarise(steady, measured, order=ACTIONS)
    for summary in summaries:
        report(f"{label} {users} users {summary.action}", **summary.figures())
    total, healthz = summaries[-1], summarise(anchor, measured)[0]
    report(
        f"{label} {users} users",
        login_seconds=f"{login_seconds:.0f}",
        seconds=f"{measured:.0f}",
        requests_per_second=f"{total.requests_per_second:.1f}",
        errors=total.errors + sum(not sample.ok for sample in logins),
        p95_ms=f"{total.p95_ms:.0f}",
        healthz_p50_ms=f"{healthz.p50_ms:.1f}",
        healthz_p95_ms=f"{healthz.p95_ms:.1f}",
        generator_cpu=f"{run.cpu_seconds / (time.perf_counter() - run.started):.2f}",
    )
    for action, failure in run.failures.items():
        report(f"{label} {users} users first error", action=action, error=repr(failure[:300]))
    return total.p95_ms, total.requests_per_second


def load_run(
    port: int, accounts: list[Account], reporters: list[Account], *, users: int, seconds: float
) -> tuple[Run, list[Sample], float]:
    """The run, the anchor's samples, and the seconds measured: `seconds` from the moment every user has logged in
    (they arrive spread over ARRIVAL_SECONDS; the logins then queue as long as the server needs)."""
    run = Run("127.0.0.1", port, users)
    anchor: list[Sample] = []
    threads = [
        threading.Thread(target=_user, args=(run, accounts, reporters, number), daemon=True) for number in range(users)
    ]
    threads.append(threading.Thread(target=_anchor, args=(run, anchor), daemon=True))
    cpu_started = time.process_time()
    for thread in threads:
        thread.start()
    run.measuring.wait(timeout=LOGIN_TIMEOUT_SECONDS)
    run.measuring.set()  # should logins hang, measure what follows all the same
    run.measured_from = run.measured_from or time.perf_counter()
    time.sleep(seconds)
    run.stop.set()
    measured = time.perf_counter() - run.measured_from
    for thread in threads:
        thread.join(timeout=70)
    run.cpu_seconds = time.process_time() - cpu_started
    return run, anchor, measured


def _user(run: Run, accounts: list[Account], reporters: list[Account], number: int) -> None:
    rng = random.Random(SEED * 1000 + number)  # noqa: S311 (think times, not secrets)
    if run.stop.wait(rng.uniform(0, ARRIVAL_SECONDS)):
        return
    if number % REPORTER_EVERY == REPORTER_EVERY - 1 and reporters:
        reporter(run, reporters[number // REPORTER_EVERY % len(reporters)], rng)
    else:
        caseworker(run, accounts[number % len(accounts)], rng)


def _anchor(run: Run, samples: list[Sample]) -> None:
    """/healthz once a second while the users work."""
    run.measuring.wait()
    while not run.stop.wait(1.0):
        started = time.perf_counter()
        ok = True
        try:
            with urllib.request.urlopen(f"http://{run.host}:{run.port}/healthz", timeout=60) as answer:
                answer.read()
        except OSError:
            ok = False
        samples.append(Sample("healthz", time.perf_counter() - started, 1, ok))


BENCHMARKS = [bench_load]

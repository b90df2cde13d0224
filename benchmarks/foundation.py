"""Foundation benchmarks: building the reference data and the demo province, and scoped reads on it."""

import os
import resource

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from benchmarks.measure import report, timed
from jiuye.accounts.models import User
from jiuye.demo.services import demo_data_load
from jiuye.people.models import Person
from jiuye.reference.services import reference_load

SCALE = float(os.environ.get("BENCH_SCALE", "10"))
REPEATS = 5


def bench_migrate_and_reference() -> None:
    seconds, _ = timed(lambda: call_command("migrate", verbosity=0))
    report("migrate", seconds=f"{seconds:.2f}", database=connection.vendor)
    seconds, _ = timed(reference_load)
    report("reference_load first", seconds=f"{seconds:.2f}")
    seconds, _ = timed(reference_load)
    report("reference_load again", seconds=f"{seconds:.2f}")


def bench_demo_generation() -> None:
    seconds, results = timed(lambda: demo_data_load(seed=2022, scale=SCALE))
    rows = sum(result.rows for result in results)
    report(
        "demo_data",
        scale=SCALE,
        rows=rows,
        seconds=f"{seconds:.1f}",
        rows_per_second=f"{rows / seconds:,.0f}",
        peak_rss_mb=f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}",
    )
    seconds, _ = timed(lambda: demo_data_load(seed=2022, scale=SCALE))
    report("demo_data again (all parts skipped)", seconds=f"{seconds:.2f}")
    if connection.vendor == "postgresql":
        # What autovacuum does a while after a bulk load: without statistics the planner reads a freshly loaded
        # province's tables as empty and picks plans ten times slower (the dashboard's new jobs by year, 0.27 s).
        seconds, _ = timed(lambda: connection.cursor().execute("ANALYZE"))
        report("analyze", seconds=f"{seconds:.2f}")


def bench_scoped_reads() -> None:
    for username in ("province", "city_1401", "county_140105"):
        user = User.objects.get(username=username)
        seconds, count = timed(lambda user=user: Person.objects.visible_to(user).count())
        report(f"scoped count {username}", people=count, milliseconds=f"{seconds * 1000:.1f}")


def bench_pages() -> None:
    client = Client(SERVER_NAME="127.0.0.1")
    for username in ("province", "county_140105"):
        client.force_login(User.objects.get(username=username))
        # www:plans is the leaders' dashboard (issue 13: under 300 ms at scale 10).
        for name in ("www:home", "www:person_list", "www:plans"):
            status = client.get(reverse(name)).status_code  # warm-up
            seconds, _ = timed(lambda name=name: [client.get(reverse(name)) for _ in range(REPEATS)])
            report(f"page {name} as {username}", status=status, milliseconds=f"{seconds / REPEATS * 1000:.0f}")


BENCHMARKS = [bench_migrate_and_reference, bench_demo_generation, bench_scoped_reads, bench_pages]

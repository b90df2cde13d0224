"""A big import leaves its tables analysed on PostgreSQL (issue 15: a register look-up planned on the statistics of
an empty table scanned 5,604 entries a row). `pg_class.reltuples` is what the planner reads: -1 for a table never
analysed, the rows counted by the last ANALYZE else; an ANALYZE inside the test's transaction counts its rows."""

import pytest
from django.db import connection

from jiuye.imports.services import import_run
from jiuye.people.models import Person
from tests.accounts.factories import UserFactory
from tests.jobs.test_worker_killed import register_file

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE statistics of PostgreSQL"),
]

ROWS = 300
TABLES = ("people_person", "people_registerentry", "people_employmentstatuschange", "audit_auditevent")


def reltuples() -> dict[str, float]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)", [list(TABLES)])
        return dict(cursor.fetchall())


@pytest.mark.parametrize(("threshold", "analysed"), [(ROWS, True), (ROWS + 1, False)])
def test_an_import_of_at_least_the_threshold_analyses_the_tables_it_wrote(tmp_path, settings, threshold, analysed):
    settings.IMPORTS_ANALYZE_ROWS = threshold
    before = reltuples()

    record, _result = import_run(
        user=UserFactory(region="1401"), kind="unplaced_graduate", path=register_file(tmp_path / "g.csv", ROWS),
        dry_run=False,
    )  # fmt: skip

    assert record.summary == f"created={ROWS} updated=0 unchanged=0 rejected=0"
    after = reltuples()
    people = Person.objects.count()
    if analysed:
        assert (after["people_person"], after["people_registerentry"]) == (people, ROWS)
        assert after["audit_auditevent"] >= 1
        assert after["people_employmentstatuschange"] >= 0  # analysed, if empty: -1 never
    else:
        assert after == before

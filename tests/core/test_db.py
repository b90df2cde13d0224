"""The one bulk INSERT of the project (`jiuye.core.db`): what it writes must be what `objects.create` writes."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jiuye.audit.models import AuditEvent
from jiuye.core.db import rows_insert, values_insert
from jiuye.employers.models import Employer
from tests.employers.factories import EmployerFactory

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2026, 3, 5, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def stored() -> list[tuple]:
    return list(
        AuditEvent.objects.order_by("pk").values_list(
            "at", "action", "object_id", "region_code", "changes", "user_agent"
        )
    )


def test_rows_insert_writes_dicts_in_order_in_batches_with_defaults_and_prepared_values():
    rows = [
        {"at": AT, "action": "update", "object_type": "x", "object_id": str(i), "region_code": "140105",
         "changes": {"n": [None, i]}}
        for i in range(5)
    ]  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        rows_insert(AuditEvent, rows, batch_size=2)
    assert len(queries) == 3  # one executemany a batch
    assert stored() == [(AT, "update", str(i), "140105", {"n": [None, i]}, "") for i in range(5)]
    assert set(AuditEvent.objects.values_list("user_id", "person_id", "ip_address", "summary")) == {
        (None, None, None, "")  # the fields the dicts leave out take their defaults
    }


def test_rows_insert_reads_unsaved_instances_as_they_stand():
    events = [
        AuditEvent(at=AT, action="create", object_type="x", object_id="1", region_code="1401", changes={"a": 1}),
        AuditEvent(at=AT, action="export", object_type="x", object_id="2", region_code="1402", user_agent="浏览器"),
    ]
    rows_insert(AuditEvent, events)
    assert stored() == [(AT, "create", "1", "1401", {"a": 1}, ""), (AT, "export", "2", "1402", {}, "浏览器")]


def test_rows_insert_stamps_empty_auto_now_fields_and_keeps_given_ones():
    given = EmployerFactory.build(name="有时间的公司")
    given.created_at = given.updated_at = AT
    before = timezone.now()
    rows_insert(Employer, [EmployerFactory.build(name="无时间的公司"), given])
    stamped = Employer.objects.get(name="无时间的公司")
    assert before <= stamped.created_at == stamped.updated_at <= timezone.now()
    assert Employer.objects.filter(name="有时间的公司", created_at=AT, updated_at=AT).exists()


def test_rows_insert_of_nothing_sends_nothing():
    with CaptureQueriesContext(connection) as queries:
        rows_insert(AuditEvent, [])
    assert len(queries) == 0


def test_values_insert_takes_a_generator_of_database_values_by_attribute_or_field_name():
    at = connection.ops.adapt_datetimefield_value(AT)
    rows = ((at, "create", "x", str(i), "14", "", "{}", "", None) for i in range(3))
    fields = [
        "at",
        "action",
        "object_type",
        "object_id",
        "region_code",
        "summary",
        "changes",
        "user_agent",
        "person_id",
    ]
    with CaptureQueriesContext(connection) as queries:
        values_insert(AuditEvent, fields, rows, batch_size=2)
    assert len(queries) == 2  # three rows in batches of two
    assert stored() == [(AT, "create", str(i), "14", {}, "") for i in range(3)]

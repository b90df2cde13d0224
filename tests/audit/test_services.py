"""Audit events written one at a time (`audit_record`) and in bulk (`audit_records_write`) are the same events."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from jiuye.audit.context import AuditOriginMiddleware
from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.audit.services import EVENT_FIELDS, AuditEntry, audit_record, audit_records_write
from tests.accounts.factories import UserFactory
from tests.people.factories import resident

pytestmark = pytest.mark.django_db

FIELDS = [
    "user", "action", "object_type", "object_id", "person", "region_code", "summary", "changes", "ip_address",
    "user_agent",
]  # fmt: skip


def in_request(write) -> None:
    """Run `write` as a view behind the audit middleware, from 10.1.2.3 with a Chinese user agent."""

    def view(request):
        write()

    AuditOriginMiddleware(view)(RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="测试浏览器"))


def test_bulk_events_have_every_field_of_one_by_one_events_in_the_order_given():
    officer, person = UserFactory(), resident()
    arguments = [
        {"user": officer, "action": AuditAction.UPDATE, "target": person, "person": person, "region_code": "140105",
         "summary": "变更就业状态" * 60, "changes": {"employment_status": ["unemployed", "employed"]}},
        {"user": AnonymousUser(), "action": AuditAction.EXPORT, "object_type": "monitoring:aggregates",
         "region_code": "14", "summary": "导出"},
        {"user": None, "action": AuditAction.CREATE, "target": officer, "region_code": "140105"},
    ]  # fmt: skip
    in_request(lambda: [audit_record(**values) for values in arguments])
    one_by_one = list(AuditEvent.objects.order_by("pk").values_list(*FIELDS))
    AuditEvent.objects.all().delete()

    in_request(lambda: audit_records_write([AuditEntry(**values) for values in arguments]))
    assert list(AuditEvent.objects.order_by("pk").values_list(*FIELDS)) == one_by_one
    assert one_by_one[0][:2] == (officer.pk, "update")
    assert len(one_by_one[0][6]) == 300  # the summary cut to its column
    assert [row[0] for row in one_by_one[1:]] == [None, None]  # nobody signed in
    assert {row[8:] for row in one_by_one} == {("10.1.2.3", "测试浏览器")}


def test_bulk_events_keep_the_time_they_were_given_or_made():
    at = datetime.datetime(2026, 2, 5, 9, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    before = datetime.datetime.now(tz=datetime.UTC)
    audit_records_write([
        AuditEntry(user=None, action=AuditAction.CREATE, object_type="x", region_code="14", at=at),
        AuditEntry(user=None, action=AuditAction.CREATE, object_type="y", region_code="14"),
    ])  # fmt: skip
    given, made = AuditEvent.objects.order_by("pk")
    assert given.at == at
    assert before <= made.at <= datetime.datetime.now(tz=datetime.UTC)
    assert (given.ip_address, given.user_agent) == (None, "")  # outside a request


def test_writing_no_events_writes_nothing():
    audit_records_write([])
    assert not AuditEvent.objects.exists()


def test_bulk_events_fill_every_column_of_the_event():
    """`audit_records_write` names its columns: a field added to the event must be added there too."""
    fields = {field.attname for field in AuditEvent._meta.concrete_fields if not field.primary_key}
    assert set(EVENT_FIELDS) == fields
    assert len(EVENT_FIELDS) == len(fields)

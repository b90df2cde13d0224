"""Audit events written in bulk by keys (`AuditEntry.object_id`, `person_id`), as the batch paths that hold no model
instances write them (`jiuye.people.bulk`), are the events written with the instances."""

import pytest

from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.audit.services import AuditEntry, audit_records_write
from tests.accounts.factories import UserFactory
from tests.people.factories import resident

pytestmark = pytest.mark.django_db

FIELDS = ["user", "action", "object_type", "object_id", "person", "region_code", "summary", "changes"]


def test_events_by_keys_are_the_events_by_instances():
    officer, person = UserFactory(), resident()
    common = {"user": officer, "action": AuditAction.UPDATE, "region_code": "140105", "summary": "变更就业状态",
              "changes": {"employment_status": ["unemployed", "employed"]}}  # fmt: skip
    audit_records_write([AuditEntry(target=person, person=person, **common)])
    by_instance = list(AuditEvent.objects.values_list(*FIELDS))
    AuditEvent.objects.all().delete()

    audit_records_write(
        [AuditEntry(object_type="people.Person", object_id=str(person.pk), person_id=person.pk, **common)]
    )

    assert list(AuditEvent.objects.values_list(*FIELDS)) == by_instance
    assert by_instance[0][3:5] == (str(person.pk), person.pk)

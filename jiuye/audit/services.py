from django.db import models

from jiuye.accounts.models import User
from jiuye.audit.context import current_origin
from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent


def audit_record(
    *,
    user: User | None,
    action: AuditAction,
    target: models.Model | None = None,
    object_type: str = "",
    region_code: str,
    person=None,
    summary: str = "",
    changes: dict | None = None,
) -> AuditEvent:
    """Write one audit event. `target` names the record; `object_type` stands in when there is none (an export)."""
    origin = current_origin()
    return AuditEvent.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        object_type=target._meta.label if target is not None else object_type,
        object_id=str(target.pk) if target is not None else "",
        person=person,
        region_code=region_code,
        summary=summary[:300],
        changes=changes or {},
        ip_address=origin.ip_address,
        user_agent=origin.user_agent,
    )


def field_changes(instance: models.Model, before: dict, fields: list[str]) -> dict:
    """{field: [old, new]} for the fields whose value changed, as strings, for the audit record."""
    return {
        name: [_text(before.get(name)), _text(getattr(instance, name))]
        for name in fields
        if before.get(name) != getattr(instance, name)
    }


def _text(value) -> str | None:
    return None if value is None else str(value)

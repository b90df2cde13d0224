"""Reads of the audit log, within the reader's region."""

from django.db.models import QuerySet

from jiuye.accounts.models import User
from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent


def audit_events(
    *, user: User, username: str = "", persons: QuerySet | None = None, action: str = ""
) -> QuerySet[AuditEvent]:
    """Events in the user's region, newest first, narrowed by user name (part of it), by the people whose records
    they touched (`persons`, a query of person ids, from `jiuye.people.selectors.person_lookup`) and by action."""
    events = AuditEvent.objects.visible_to(user).select_related("user", "person").order_by("-at", "-pk")
    if username.strip():
        events = events.filter(user__username__icontains=username.strip())
    if persons is not None:
        events = events.filter(person__in=persons)
    if action in AuditAction.values:
        events = events.filter(action=action)
    return events

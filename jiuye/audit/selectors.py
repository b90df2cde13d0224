from django.db.models import Q, QuerySet

from jiuye.accounts.models import User
from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.people.selectors import person_search

LONGEST_PK = 10  # digits; a longer run of digits is a phone (11) or a resident ID number (15, 18)


def audit_events(*, user: User, username: str = "", person: str = "", action: str = "") -> QuerySet[AuditEvent]:
    """Events in the user's region, newest first, narrowed by user name (part of it), by person (an id, the masked
    number as shown, `140105********0012`, or what the person search finds: name, phone, whole number) and action."""
    events = AuditEvent.objects.visible_to(user).select_related("user", "person").order_by("-at", "-pk")
    if username.strip():
        events = events.filter(user__username__icontains=username.strip())
    if person.strip():
        events = events.filter(_person_condition(user, person.strip()))
    if action in AuditAction.values:
        events = events.filter(action=action)
    return events


def _person_condition(user: User, value: str) -> Q:
    if value.isdigit() and len(value) <= LONGEST_PK:
        return Q(person_id=int(value))
    if "*" in value:
        return Q(person__ric_masked=value.upper())
    return Q(person__in=person_search(user=user, query=value).values("pk"))

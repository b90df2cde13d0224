"""Who may read the audit log: administrators of every level (province, city, county, street), each within their
region (`AuditEvent.objects.visible_to`)."""

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User


def can_read_audit_log(user: User) -> bool:
    return user.is_active and user.has_role(Role.ADMINISTRATOR)

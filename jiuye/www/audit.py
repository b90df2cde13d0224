"""The audit log for administrators: who did what to whose record, within the administrator's region."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jiuye.audit.enums import AuditAction
from jiuye.audit.perms import can_read_audit_log
from jiuye.audit.selectors import audit_events
from jiuye.people.selectors import person_lookup
from jiuye.www.paging import paged


def audit_log(request: HttpRequest) -> HttpResponse:
    if not can_read_audit_log(request.user):
        raise PermissionDenied(_("只有系统管理员可以查看审计日志。"))
    filters = {key: request.GET.get(key, "") for key in ("username", "person", "action")}
    persons = person_lookup(user=request.user, value=filters["person"]) if filters["person"].strip() else None
    events = audit_events(user=request.user, username=filters["username"], persons=persons, action=filters["action"])
    page, params = paged(request, events)
    context = {"page": page, "page_params": params, "actions": AuditAction.choices, **filters}
    return render(request, "www/audit/audit_log.html", context)

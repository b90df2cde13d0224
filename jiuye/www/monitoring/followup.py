"""A warning with its history (acknowledged, notes, refreshed figures, closed) and the officer's follow-up actions.

A warning outside the user's region is a 404, as if it did not exist; an enterprise's reporter account sees no
warnings. Writes go through `jiuye.monitoring.warning_followup`.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuye.monitoring.enums import WarningScope, WarningStatus
from jiuye.monitoring.models import MonitoredEnterprise, Warning
from jiuye.monitoring.perms import can_manage_monitoring
from jiuye.monitoring.warning_followup import warning_acknowledge, warning_close, warning_note
from jiuye.www.actions import post_action


def _visible_warning(request: HttpRequest, pk: int) -> Warning:
    return get_object_or_404(Warning.objects.visible_to(request.user), pk=pk)


@login_required
def warning_detail(request: HttpRequest, pk: int) -> HttpResponse:
    warning = _visible_warning(request, pk)
    enterprise = None
    if warning.scope == WarningScope.ENTERPRISE:
        enterprise = (
            MonitoredEnterprise.objects.visible_to(request.user)
            .filter(employer__uscc=warning.subject)
            .select_related("employer")
            .order_by("-entered_on")
            .first()
        )
    context = {
        "warning": warning,
        "enterprise": enterprise,
        "notes": warning.notes.select_related("user"),
        "can_follow_up": can_manage_monitoring(request.user) and warning.status != WarningStatus.CLOSED,
    }
    return render(request, "www/monitoring/warning_detail.html", context)


@login_required
@require_POST
def warning_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _warning_act(request, pk, warning_acknowledge, _("已签收预警。"))


@login_required
@require_POST
def warning_note_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _warning_act(request, pk, warning_note, _("已记录跟进情况。"))


@login_required
@require_POST
def warning_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _warning_act(request, pk, warning_close, _("已关闭预警。"))


def _warning_act(request: HttpRequest, pk: int, act, done: str) -> HttpResponse:
    """Back to where the officer acted (the overview or the warning's page); another region's warning is a 404."""
    warning = _visible_warning(request, pk)
    text = request.POST.get("text", "")
    return post_action(
        request, lambda: act(actor=request.user, warning=warning, text=text), done=done, back=reverse("www:monitoring")
    )

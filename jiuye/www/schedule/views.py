"""计划任务: each job with its schedule in words, its next run and its last runs (start, end, duration, outcome,
message). While a run waits or runs, the list refreshes itself every two seconds (htmx) until it ends. The province's
administrators may run a job now (a POST that enqueues it as a manual run); its analysts read the page.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuye.schedule.jobs import JOBS
from jiuye.schedule.perms import can_run_schedule, can_view_schedule
from jiuye.schedule.selectors import runs_waiting_too_long, schedule_overview
from jiuye.schedule.services import run_now
from jiuye.www.actions import post_action

TEMPLATE = "www/schedule/overview.html"


def schedule_page(request: HttpRequest) -> HttpResponse:
    if not can_view_schedule(request.user):
        raise PermissionDenied(_("计划任务由省级系统管理员管理，本账号不能查看。"))
    states = schedule_overview()
    context = {
        "states": states,
        "busy": any(state.busy for state in states),
        "waiting_too_long": runs_waiting_too_long(),
        "can_run": can_run_schedule(request.user),
    }
    polled = request.htmx and not request.htmx.history_restore_request
    return render(request, f"{TEMPLATE}#jobs" if polled else TEMPLATE, context)


@require_POST
def schedule_run_view(request: HttpRequest, job: str) -> HttpResponse:
    title = JOBS[job].title if job in JOBS else job
    return post_action(
        request,
        lambda: run_now(actor=request.user, job=job),
        done=_("已将“%(job)s”加入任务队列，运行结果见下方记录。") % {"job": title},
        back=reverse("www:schedule") + f"#job-{job}",
    )

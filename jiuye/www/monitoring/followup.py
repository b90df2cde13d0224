"""The officer's follow-up of a warning: acknowledge, note, close (after a confirmation step, closing being final).

The warning is fetched through `warning_get` (another region's is a 404); who may act is the services' to check
(`jiuye.monitoring.warning_followup`), and their refusal is a 403 or the Chinese reason on the page.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuye.monitoring.selectors import warning_get
from jiuye.monitoring.warning_followup import warning_acknowledge, warning_close, warning_note
from jiuye.monitoring.warning_labels import warning_named
from jiuye.www.actions import next_url, post_action
from jiuye.www.confirm import Confirmation, confirmation_page, is_confirmed


@require_POST
def warning_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _warning_act(request, pk, warning_acknowledge, _("已签收预警。"))


@require_POST
def warning_note_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _warning_act(request, pk, warning_note, _("已记录跟进情况。"))


@require_POST
def warning_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Closing is final (a closed warning takes no more notes and is not reopened by new figures): the first post
    shows what will happen, the confirmed one closes."""
    if not is_confirmed(request):
        named = warning_named(user=request.user, warning=warning_get(user=request.user, pk=pk))
        confirmation = Confirmation(
            title=_("确认关闭预警"),
            consequence=_("关闭后，该预警不能再签收或记录跟进；以后的数据更新只记入处理记录，不会重新打开它。"),
            button=_("确认关闭"),
            details=(
                (_("预警"), f"{named.warning.period} {named.title}"),
                (_("预警规则"), named.rule_label),
                (_("处置结果"), request.POST.get("text", "").strip()),
            ),
        )
        return confirmation_page(request, confirmation, cancel=next_url(request) or _detail(pk))
    return _warning_act(request, pk, warning_close, _("已关闭预警。"))


def _detail(pk: int) -> str:
    return reverse("www:monitoring_warning", args=[pk])


def _warning_act(request: HttpRequest, pk: int, act, done: str) -> HttpResponse:
    """Back to where the officer acted (the form's `next`: the list, the overview) or to the warning's page."""
    warning = warning_get(user=request.user, pk=pk)
    text = request.POST.get("text", "")
    return post_action(
        request, lambda: act(actor=request.user, warning=warning, text=text), done=done, back=_detail(pk)
    )

"""The person card: everything about one person of the register on one page (entries, services, status history,
household, job-seeker registrations and referrals), with the caseworker's actions in each section
(`jiuye.www.people.desk`). Reads go through `jiuye.people.selectors`."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiuye.www.people.sections import SECTIONS, card_context, render_section


def person_card(request: HttpRequest, pk: int) -> HttpResponse:
    """The card; htmx asking for `?section=services` gets that section alone (a form's 取消 closes it so)."""
    context = card_context(request, pk)
    section = request.GET.get("section", "")
    if request.htmx and section in SECTIONS:
        return HttpResponse(render_section(request, context, section))
    return render(request, "www/people/person_card.html", context)

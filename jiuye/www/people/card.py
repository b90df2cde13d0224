"""The person card: everything about one person of the register on one page (entries, services, status history,
household, job-seeker registrations and referrals). Reads go through `jiuye.people.selectors`."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jiuye.people import selectors
from jiuye.people.perms import can_unmask_ric
from jiuye.www.supply.seekers import person_section


@login_required
def person_card(request: HttpRequest, pk: int) -> HttpResponse:
    card = selectors.person_card(user=request.user, pk=pk)
    context = {"card": card, "person": card.person, "can_unmask": can_unmask_ric(request.user)}
    context["seeker"] = person_section(request.user, card.person)
    return render(request, "www/people/person_card.html", context)

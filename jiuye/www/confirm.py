"""A confirmation step before an action that cannot be undone (close a warning, return a report): the action's form
posts once, the view answers with a page that says what will happen and posts the same values again with
`confirmed=1`; only that second post calls the service. Plain HTML, so it works without JavaScript, with the
keyboard and with a screen reader; 取消 goes back without changing anything.
"""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"
NOT_POSTED_AGAIN = {"csrfmiddlewaretoken", CONFIRMED}


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page says: its title, what will happen, the values the user gave (label, value) and
    the label of the button that does it."""

    title: str
    consequence: str
    button: str
    details: tuple[tuple[str, str], ...] = ()


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRMED) == "1"


def confirmation_page(request: HttpRequest, confirmation: Confirmation, *, cancel: str) -> HttpResponse:
    """The page asking to confirm the posted action; it posts the same fields back to the same address."""
    fields = [(name, value) for name, value in request.POST.items() if name not in NOT_POSTED_AGAIN]
    context = {"confirmation": confirmation, "fields": fields, "cancel": cancel}
    return render(request, "www/confirm.html", context)

"""The person card in sections, and how a form of the card answers (`FormSpec`, `form_response`, `saved`).

The card is made of sections (identity, status history, registers, job seeking, household, timeline, services),
each a template with its own id. A section's action (记录服务, 变更就业状态...) opens its form inside the section
with htmx, and a save re-renders the section and, out of band, the sections the write changes (a service that led
to a job changes the status, the badge and the household). Without JavaScript the same links open a page with the
form alone, and a save goes back to the card with the message on top.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse

from jiuye.audit.perms import can_read_audit_log
from jiuye.people import selectors
from jiuye.people.models import Person
from jiuye.people.perms import can_edit_people, can_unmask_ric
from jiuye.www.supply.seeker_section import person_section

SECTIONS = {
    "identity": "www/people/card/identity.html",
    "status-history": "www/people/card/status_history.html",
    "registers": "www/people/card/registers.html",
    "seeker": "www/supply/person_seeker.html",
    "household": "www/people/card/household.html",
    "timeline": "www/people/card/timeline.html",
    "services": "www/people/card/services.html",
}


@dataclass(frozen=True)
class Desk:
    """What the user may do on the card: each section offers its actions only to users whose writes the services
    would accept (caseworkers and administrators of the person's region: the card is a 404 to anyone else)."""

    can_edit: bool
    can_record_services: bool  # a service is given by an office: an account without one cannot record any
    can_read_audit: bool


def desk_for(user) -> Desk:
    can_edit = can_edit_people(user)
    return Desk(
        can_edit=can_edit,
        can_record_services=can_edit and getattr(user, "org_unit_id", None) is not None,
        can_read_audit=can_read_audit_log(user),
    )


def card_context(request: HttpRequest, pk: int) -> dict:
    """Everything the card's sections show; Http404 (in Chinese) outside the user's region."""
    card = selectors.person_card(user=request.user, pk=pk)
    return {
        "card": card, "person": card.person, "can_unmask": can_unmask_ric(request.user),
        "seeker": person_section(request.user, card.person), "desk": desk_for(request.user),
        "open": None, "open_section": "", "done": "", "oob": False,
    }  # fmt: skip


@dataclass
class FormSpec:
    """A form of a card section: where it posts, its title and button, and an optional sentence above it (what a
    confirmation asks)."""

    form: forms.Form
    section: str
    action: str
    title: str
    submit: str
    intro: str = ""
    find: str = ""  # the label of a second button that only searches (step=find), as adding a household member
    inline: bool = True  # inside the card (htmx) or on a page of its own
    back: str = ""  # where 取消 leads
    close: str = ""  # what 取消 asks htmx for: the section, closed


def form_data(request: HttpRequest):
    """What a form is bound to: the POST, even an empty one (a confirmation with nothing typed), else nothing."""
    return request.POST if request.method == "POST" else None


def render_section(request: HttpRequest, context: dict, name: str, **extra) -> str:
    return render_to_string(SECTIONS[name], {**context, **extra}, request=request)


def form_response(request: HttpRequest, person: Person, spec: FormSpec) -> HttpResponse:
    """The form, open in its section (htmx) or on a page of its own, empty or with its errors."""
    card = reverse("www:person_card", args=[person.pk])
    spec.back, spec.close = f"{card}#{spec.section}", f"{card}?section={spec.section}"
    if request.htmx:
        context = card_context(request, person.pk)
        return HttpResponse(render_section(request, context, spec.section, open=spec, open_section=spec.section))
    spec.inline = False
    return render(request, "www/people/desk_page.html", {"person": person, "spec": spec})


def saved(
    request: HttpRequest, person: Person, section: str, message: str, also: tuple[str, ...] = ()
) -> HttpResponse:
    """After a save: the section again, closed, with the message, and the other sections the write changed (htmx);
    or back to the card at the section, the message on top."""
    if not request.htmx:
        messages.success(request, message)
        return redirect(reverse("www:person_card", args=[person.pk]) + f"#{section}")
    context = card_context(request, person.pk)
    parts = [render_section(request, context, section, done=message)]
    parts += [render_section(request, context, name, oob=True) for name in also]
    return HttpResponse("".join(parts))

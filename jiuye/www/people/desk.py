"""The caseworker's desk: the daily writes on a person, from the person card. Each view parses its form and calls
the audited service the API and the imports call (`jiuye.people.services`), which checks role and region itself;
a ValidationError goes back to the form's fields. A person outside the user's region is the card's Chinese 404
(`person_get`); a user who may not write (an analyst) gets no form and a 403 (`check_editor`, the services' own
rule, asked before a form is shown).

Answers: `sections.form_response` (the form in its card section with htmx, or a page of its own) and
`sections.saved` (the section again with the message, or back to the card).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jiuye.people.enums import EmploymentStatus
from jiuye.people.models import Household, Person, RegisterEntry
from jiuye.people.selectors import person_get, person_search
from jiuye.people.services import (
    check_editor,
    household_add_member,
    household_create,
    person_find_by_ric,
    person_set_employment_status,
    person_upsert,
    register_entry_exit,
    register_entry_upsert,
    ric_of,
    service_record,
)
from jiuye.www.errors import form_errors
from jiuye.www.people.forms import (
    HouseholdForm,
    MemberForm,
    PersonForm,
    RegisterEntryForm,
    RegisterExitForm,
    ServiceForm,
    StatusForm,
)
from jiuye.www.people.sections import FormSpec, form_data, form_response, saved

MEMBERS_FOUND = 10  # people offered when adding a household member; a longer list asks for a closer search


def _posted(request: HttpRequest, form) -> bool:
    return request.method == "POST" and form.is_valid()


def _editable(request: HttpRequest, pk: int) -> Person:
    """The person (Chinese 404 outside the user's region) for a user who may write (403 otherwise)."""
    person = person_get(user=request.user, pk=pk)
    check_editor(request.user)
    return person


def person_new(request: HttpRequest) -> HttpResponse:
    """新增人员. The number posts (never in a URL); a number already registered in the user's region leads to
    that person's card instead of a second person, one registered elsewhere gets the service's refusal on it."""
    check_editor(request.user)
    form = PersonForm(form_data(request), user=request.user)
    if _posted(request, form):
        known = person_find_by_ric(form.cleaned_data["ric"])
        if known is not None and known.is_visible_to(request.user):
            messages.info(request, _("该人员已登记，这是其人员卡片。"))
            return redirect("www:person_card", pk=known.pk)
        try:
            person, _outcome = person_upsert(actor=request.user, ric=form.cleaned_data["ric"], **form.person_values())
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("已新增人员：%(name)s。") % {"name": person.name})
            return redirect("www:person_card", pk=person.pk)
    return render(request, "www/people/person_new.html", {"form": form})


def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _editable(request, pk)
    form = PersonForm(form_data(request), user=request.user, person=person)
    if _posted(request, form):
        try:
            _person, outcome = person_upsert(
                actor=request.user, ric=ric_of(person), keep_blank=False,
                expected_version=form.cleaned_data["version"], **form.person_values(),
            )  # fmt: skip
        except ValidationError as error:
            form_errors(form, error)
        else:
            message = _("人员信息已保存。") if outcome.updated else _("人员信息没有变化。")
            return saved(request, person, "identity", message, also=("household",))
    spec = FormSpec(
        form, "identity", action=reverse("www:person_edit", args=[pk]), title=_("修改人员信息"), submit=_("保存")
    )
    return form_response(request, person, spec)


def person_status(request: HttpRequest, pk: int) -> HttpResponse:
    person = _editable(request, pk)
    form = StatusForm(form_data(request), initial={"status": _next_status(person)})
    if _posted(request, form):
        try:
            changed = person_set_employment_status(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            if changed:
                message = _("就业状态已变更为“%(status)s”。") % {"status": person.get_employment_status_display()}
                return saved(request, person, "status-history", message, also=CHANGES_OF_STATUS)
            current = person.get_employment_status_display()
            form.add_error("status", _("该人员当前已是“%(status)s”。") % {"status": current})
    spec = FormSpec(
        form, "status-history", action=reverse("www:person_status", args=[pk]), title=_("变更就业状态"),
        submit=_("保存"),
    )  # fmt: skip
    return form_response(request, person, spec)


# What a change of status shows in besides its history: the badge, the household's members and its zero-employment
# state, the timeline.
CHANGES_OF_STATUS = ("identity", "household", "timeline")


def _next_status(person: Person) -> str:
    """The status a change most likely records: the other side of employed / unemployed."""
    if person.employment_status == EmploymentStatus.EMPLOYED:
        return EmploymentStatus.UNEMPLOYED
    return EmploymentStatus.EMPLOYED


def person_service_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = _editable(request, pk)
    form = ServiceForm(form_data(request))
    if _posted(request, form):
        try:
            service = service_record(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            message = _("已记录服务：%(kind)s。") % {"kind": service.get_kind_display()}
            return saved(request, person, "services", message, also=("status-history", *CHANGES_OF_STATUS))
    spec = FormSpec(
        form, "services", action=reverse("www:person_service_new", args=[pk]), title=_("记录服务"), submit=_("保存")
    )
    return form_response(request, person, spec)


def person_register_new(request: HttpRequest, pk: int) -> HttpResponse:
    person = _editable(request, pk)
    form = RegisterEntryForm(form_data(request))
    if _posted(request, form):
        data = form.cleaned_data
        try:
            entry, outcome = register_entry_upsert(
                actor=request.user, person=person, group=data["group"], entered_on=data["entered_on"],
                details=form.details(), organisation=request.user.org_unit,
            )  # fmt: skip
        except ValidationError as error:
            form_errors(form, error)
        else:
            done = _("已登记：%(group)s。") if outcome.created else _("已更新在册的%(group)s登记。")
            return saved(request, person, "registers", done % {"group": entry.get_group_display()}, ("timeline",))
    spec = FormSpec(
        form, "registers", action=reverse("www:person_register_new", args=[pk]), title=_("登记重点群体台账"),
        submit=_("保存"),
    )  # fmt: skip
    return form_response(request, person, spec)


def person_register_exit(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """退出台账, confirmed: the form says what will be closed and its button is 确认退出."""
    person = _editable(request, pk)
    entry = RegisterEntry.objects.filter(person=person, pk=entry_pk, exited_on__isnull=True).first()
    if entry is None:
        raise Http404(_("该台账登记不存在或已退出。"))
    form = RegisterExitForm(form_data(request))
    if _posted(request, form):
        try:
            register_entry_exit(actor=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            message = _("已退出%(group)s台账。") % {"group": entry.get_group_display()}
            return saved(request, person, "registers", message, also=("timeline",))
    intro = _("确定将%(name)s退出“%(group)s”台账吗？（%(date)s登记）退出后如仍需服务，须重新登记。") % {
        "name": person.name, "group": entry.get_group_display(), "date": entry.entered_on,
    }  # fmt: skip
    spec = FormSpec(
        form, "registers", action=reverse("www:person_register_exit", args=[pk, entry_pk]), title=_("退出台账"),
        submit=_("确认退出"), intro=intro,
    )  # fmt: skip
    return form_response(request, person, spec)


def person_household_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A household for a person who has none; they join it at once, as its head or another relationship."""
    person = _editable(request, pk)
    form = HouseholdForm(form_data(request), user=request.user, person=person)
    if _posted(request, form):
        data = form.cleaned_data
        try:
            with transaction.atomic():
                household = household_create(
                    actor=request.user, region=data["region"], head_name=data["head_name"], address=data["address"]
                )
                household_add_member(
                    actor=request.user, household=household, person=person, relationship=data["relationship"],
                    able_to_work=data["able_to_work"],
                )  # fmt: skip
        except ValidationError as error:
            form_errors(form, error)
        else:
            return saved(request, person, "household", _("已建立家庭：%(household)s。") % {"household": household})
    spec = FormSpec(
        form, "household", action=reverse("www:person_household_new", args=[pk]), title=_("建立家庭"),
        submit=_("保存"),
    )  # fmt: skip
    return form_response(request, person, spec)


def person_household_member(request: HttpRequest, pk: int) -> HttpResponse:
    """Add another person of the region to the person's household: 查找 (by name or number, posted) offers the
    people found; 加入家庭 adds the one picked."""
    person = _editable(request, pk)
    household = person.household
    if household is None:
        raise Http404(_("该人员尚未登记家庭。"))
    form = MemberForm(form_data(request))
    if request.method == "POST":
        found = _people_found(request, household, request.POST.get("who", ""))
        form.offer(found[:MEMBERS_FOUND], more=len(found) > MEMBERS_FOUND)
    if _posted(request, form) and _member_chosen(request, form):
        member = person_get(user=request.user, pk=form.cleaned_data["member"])
        data = form.cleaned_data
        try:
            household_add_member(
                actor=request.user, household=household, person=member, relationship=data["relationship"],
                able_to_work=data["able_to_work"],
            )  # fmt: skip
        except ValidationError as error:
            form_errors(form, error)
        else:
            message = _("%(name)s已加入%(household)s。") % {"name": member.name, "household": household}
            return saved(request, person, "household", message, also=("timeline",))
    spec = FormSpec(
        form, "household", action=reverse("www:person_household_member", args=[pk]), title=_("添加家庭成员"),
        submit=_("加入家庭"), find=_("查找"),
    )  # fmt: skip
    return form_response(request, person, spec)


def _people_found(request: HttpRequest, household: Household, who: str) -> list[Person]:
    """People of the user's region the search names (name, number or phone), not yet in this household."""
    if not who.strip():
        return []
    people = person_search(user=request.user, query=who).exclude(household=household)
    return list(people.select_related("household").order_by("name", "pk")[: MEMBERS_FOUND + 1])


def _member_chosen(request: HttpRequest, form: MemberForm) -> bool:
    """Whether the form names the member to add; else it says what the search found (or did not)."""
    found = form.fields["member"].choices
    if not found:
        form.add_error("who", _("本辖区内没有找到“%(who)s”，或其已在本家庭中。") % {"who": form.cleaned_data["who"]})
        return False
    if request.POST.get("step") == "find" or form.cleaned_data["member"] is None:
        if request.POST.get("step") != "find":
            form.add_error("member", _("请选择要加入家庭的人员。"))
        return False
    return True

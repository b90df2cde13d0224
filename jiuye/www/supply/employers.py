"""Employer pages that write: registering an employer, and editing it with its contacts (联系人).

Who may do what is `jiuye.employers.perms`: officers register and edit the employers of their region; a reporter
account of the employer (企业填报员) edits its contacts only, and sees the employer's other fields read-only. An
employer the user may not see is a 404, as on its page. Writes go through `jiuye.employers.services`, which check the
same rules, validate the unified social credit code (GB 32100 check character) and write the audit log.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jiuye.accounts.scope import user_region_prefix
from jiuye.employers import selectors
from jiuye.employers.models import Employer, EmployerContact
from jiuye.employers.perms import can_manage_contacts, can_manage_employer, can_manage_employers
from jiuye.employers.services import (
    employer_contact_add,
    employer_contact_remove,
    employer_contact_update,
    employer_create,
    employer_update,
)
from jiuye.www.errors import form_errors
from jiuye.www.paging import scope_counties
from jiuye.www.supply.forms import ContactForm, EmployerForm

EDIT_FIELDS = ["name", "ownership", "size_class", "headcount", "address", "longitude", "latitude"]


def employer_new(request: HttpRequest) -> HttpResponse:
    if not can_manage_employers(request.user):
        raise PermissionDenied(_("只有经办人员或管理员可以登记用人单位。"))
    prefix = user_region_prefix(request.user) or ""
    form = EmployerForm(request.POST or None, initial={"region": prefix if len(prefix) >= 6 else ""})
    if request.method == "POST" and form.is_valid():
        try:
            employer = employer_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("用人单位已登记。"))
            return redirect("www:employer_detail", pk=employer.pk)
    context = {"form": form, "employer": None, "counties": scope_counties(request.user)}
    return render(request, "www/supply/employer_form.html", context)


def employer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The employer's fields (officers) and its contacts (officers and its reporter accounts) on one page; the posted
    `form` says which of the two is saved (or `remove_contact`), `contact` which contact is edited or removed
    (none: a new one)."""
    employer = selectors.employer_get(user=request.user, pk=pk)
    may_edit = can_manage_employer(request.user, employer)
    if not may_edit and not can_manage_contacts(request.user, employer):
        raise PermissionDenied(_("您不能修改该用人单位。"))
    contact = _contact(employer, request.POST.get("contact") or request.GET.get("contact", ""))
    employer_form = EmployerForm(editing=True, initial=_employer_initial(employer)) if may_edit else None
    contact_form = ContactForm(initial=_contact_initial(contact))
    if request.method == "POST" and request.POST.get("form") == "employer":
        if not may_edit:
            raise PermissionDenied(_("只有经办人员或管理员可以修改用人单位信息。"))
        employer_form = EmployerForm(request.POST, editing=True)
        if employer_form.is_valid() and _save_employer(request, employer, employer_form):
            return redirect("www:employer_detail", pk=employer.pk)
    elif request.method == "POST" and request.POST.get("form") == "remove_contact":
        if contact is None:
            raise Http404(_("该联系人不存在。"))
        employer_contact_remove(actor=request.user, contact=contact)
        messages.success(request, _("联系人已删除。"))
        return redirect(reverse("www:employer_edit", args=[employer.pk]) + "#contacts")
    elif request.method == "POST":
        contact_form = ContactForm(request.POST)
        if contact_form.is_valid() and _save_contact(request, employer, contact, contact_form):
            return redirect(reverse("www:employer_edit", args=[employer.pk]) + "#contacts")
    context = {
        "employer": employer, "form": employer_form, "contact_form": contact_form, "contact": contact,
        "contacts": selectors.employer_contacts(employer),
        "counties": scope_counties(request.user) if may_edit else [],
    }  # fmt: skip
    return render(request, "www/supply/employer_form.html", context)


def _contact(employer: Employer, pk: str) -> EmployerContact | None:
    if not pk:
        return None
    contact = employer.contacts.filter(pk=int(pk) if pk.isdigit() else 0).first()
    if contact is None:
        raise Http404(_("该联系人不存在。"))
    return contact


def _employer_initial(employer: Employer) -> dict:
    initial = {field: getattr(employer, field) for field in EDIT_FIELDS}
    return initial | {"industry": employer.industry_id, "region": employer.region_id}


def _contact_initial(contact: EmployerContact | None) -> dict:
    if contact is None:
        return {}
    return {field: getattr(contact, field) for field in ("name", "title", "phone", "email", "is_primary")}


def _save_employer(request: HttpRequest, employer: Employer, form: EmployerForm) -> bool:
    data = form.cleaned_data
    try:
        changed = employer_update(
            actor=request.user, employer=employer, name=data["name"], industry=data["industry"],
            region=data["region"], ownership=data["ownership"], size_class=data["size_class"],
            headcount=data["headcount"], address=data["address"], longitude=data["longitude"],
            latitude=data["latitude"],
        )  # fmt: skip
    except ValidationError as error:
        form_errors(form, error)
        return False
    messages.success(request, _("用人单位信息已保存。") if changed else _("没有修改。"))
    return True


def _save_contact(
    request: HttpRequest, employer: Employer, contact: EmployerContact | None, form: ContactForm
) -> bool:
    try:
        if contact is None:
            employer_contact_add(actor=request.user, employer=employer, **form.cleaned_data)
        else:
            employer_contact_update(actor=request.user, contact=contact, **form.cleaned_data)
    except ValidationError as error:
        form_errors(form, error)
        return False
    messages.success(request, _("联系人已保存。"))
    return True

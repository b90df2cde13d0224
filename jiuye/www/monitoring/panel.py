"""The panel of monitored enterprises (监测企业名单): a searchable, paged list; an enterprise with its reports by
period and its warnings; enrolling an employer by its USCC (初次建档) and recording its leaving, for officers.

An enterprise outside the user's scope is a 404; an employer to enrol must be visible to the officer.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiuye.employers.models import Employer
from jiuye.monitoring.perms import can_manage_monitoring, can_submit_report, is_reporter_account
from jiuye.monitoring.selectors import enterprise_get, enterprise_warnings, panel_search
from jiuye.monitoring.services import enterprise_enrol, enterprise_leave
from jiuye.monitoring.warning_labels import warnings_named
from jiuye.www.actions import post_action
from jiuye.www.errors import form_errors
from jiuye.www.monitoring.common import PERIOD, latest_period
from jiuye.www.paging import paged, region_param
from jiuye.www.widgets import ISO_DATE


def panel_list(request: HttpRequest) -> HttpResponse:
    """`?q=` a name fragment or a USCC; `?left=1` includes enterprises that have left; `?region=` narrows."""
    include_left = request.GET.get("left") == "1"
    enterprises = panel_search(user=request.user, query=request.GET.get("q", ""), include_left=include_left)
    region = region_param(request)
    page, params = paged(request, enterprises.in_region(region) if region else enterprises)
    template = "www/monitoring/panel_rows.html" if request.htmx else "www/monitoring/panel_list.html"
    context = {
        "page": page,
        "page_params": params,
        "query": request.GET.get("q", ""),
        "include_left": include_left,
        "can_enrol": can_manage_monitoring(request.user),
    }
    return render(request, template, context)


def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = enterprise_get(user=request.user, pk=pk)
    is_officer = can_manage_monitoring(request.user)
    context = {
        "enterprise": enterprise,
        "reports": enterprise.reports.select_related("submitted_by").order_by("-period"),
        "warnings": warnings_named(
            user=request.user, warnings=list(enterprise_warnings(user=request.user, enterprise=enterprise))
        ),
        "show_warnings": not is_reporter_account(request.user),
        "can_leave": is_officer and enterprise.left_on is None,
        "can_report": enterprise.left_on is None and can_submit_report(request.user, enterprise),
        "latest": latest_period(),
        "today": timezone.localdate(),
    }
    return render(request, "www/monitoring/enterprise_detail.html", context)


class EnrolForm(forms.Form):
    uscc = forms.CharField(label=gettext_lazy("统一社会信用代码"), min_length=18, max_length=18)
    baseline_period = forms.RegexField(label=gettext_lazy("建档期"), regex=PERIOD, help_text=gettext_lazy("如2026-10"))
    baseline_headcount = forms.IntegerField(label=gettext_lazy("建档期岗位数"), min_value=0)
    entered_on = forms.DateField(label=gettext_lazy("纳入监测日期"), widget=ISO_DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)

    def clean_uscc(self) -> str:
        return self.cleaned_data["uscc"].strip().upper()


def employer_for_enrol(user, uscc: str) -> Employer:
    """The employer with that USCC if the officer may see it; otherwise the same refusal, whether it exists or not."""
    employer = Employer.objects.visible_to(user).filter(uscc=uscc).first()
    if employer is None:
        raise ValidationError({"uscc": _("统一社会信用代码%(uscc)s：您的辖区内没有该用人单位") % {"uscc": uscc}})
    return employer


def enterprise_enrol_view(request: HttpRequest) -> HttpResponse:
    """The form is offered to officers; what is posted is the service's to allow (`enterprise_enrol`)."""
    if request.method != "POST" and not can_manage_monitoring(request.user):
        raise PermissionDenied(_("只有经办人员和系统管理员可以纳入监测企业。"))
    form = EnrolForm(request.POST or None, initial={"entered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enterprise = enterprise_enrol(
                actor=request.user, employer=employer_for_enrol(request.user, data["uscc"]),
                baseline_period=data["baseline_period"], baseline_headcount=data["baseline_headcount"],
                entered_on=data["entered_on"],
            )  # fmt: skip
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("%(name)s已纳入监测。") % {"name": enterprise.employer.name})
            return redirect("www:monitoring_enterprise", pk=enterprise.pk)
    return render(request, "www/monitoring/enrol_form.html", {"form": form})


@require_POST
def enterprise_leave_view(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = enterprise_get(user=request.user, pk=pk)
    try:
        left_on = datetime.date.fromisoformat(request.POST.get("left_on", ""))
    except ValueError:
        messages.error(request, _("退出日期应写成YYYY-MM-DD"))
        return redirect("www:monitoring_enterprise", pk=enterprise.pk)
    return post_action(
        request,
        lambda: enterprise_leave(actor=request.user, enterprise=enterprise, left_on=left_on),
        done=_("已记录退出监测：%(date)s") % {"date": left_on},
        back=reverse("www:monitoring_enterprise", args=[enterprise.pk]),
    )

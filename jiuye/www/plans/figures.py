"""The plan's figures as the analysts keep them: the actual values of the indicators (录入、修订, with every version
kept), an Excel upload through the import pages, and the targets broken down by city and year.

Everyone who reads the plan (`jiuye.plans.perms.can_read_plan`) sees the figures of their region and the regions
inside it; the forms are for analysts and administrators (`can_enter_actuals`), and the services check it again.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from jiuye.accounts.scope import user_region_prefix
from jiuye.plans.enums import ActualSource
from jiuye.plans.models import Actual, Target
from jiuye.plans.perms import can_enter_actuals, can_read_plan, plan_home_code
from jiuye.plans.services import actual_record, target_set
from jiuye.www.errors import form_errors
from jiuye.www.paging import paged
from jiuye.www.plans.forms import ActualForm, TargetForm, plan_regions


def _prefix(request: HttpRequest) -> str:
    prefix = user_region_prefix(request.user)
    if prefix is None or not can_read_plan(request.user, prefix or "14"):
        raise PermissionDenied(_("您不能查看规划指标数据。"))
    return prefix


def _may_enter(request: HttpRequest) -> bool:
    return can_enter_actuals(request.user, user_region_prefix(request.user) or "14")


def _dashboard_url(request: HttpRequest) -> str:
    """The tabs' link to the dashboard (指标看板), for the users who have one (not a street's officers)."""
    return reverse("www:plans") if plan_home_code(request.user) else ""


def figure_list(request: HttpRequest) -> HttpResponse:
    """The recorded figures of the user's region, newest first, narrowed by indicator, region and year."""
    figures = Actual.objects.filter(region__code__startswith=_prefix(request))
    filters = {key: request.GET.get(key, "") for key in ("indicator", "region", "year")}
    if filters["indicator"]:
        figures = figures.filter(indicator_id=filters["indicator"])
    if filters["region"].isdigit():
        figures = figures.filter(region_id=filters["region"])
    if filters["year"].isdigit():
        figures = figures.filter(year=int(filters["year"]))
    figures = figures.select_related("indicator", "region", "entered_by").order_by("indicator__order", "region_id",
                                                                                  "-year", "-month")  # fmt: skip
    page, params = paged(request, figures)
    context = {
        "page": page, "page_params": params, "filters": filters, "regions": plan_regions(request.user),
        "form": ActualForm(user=request.user), "may_enter": _may_enter(request), "years": range(2025, 2019, -1),
        "dashboard_url": _dashboard_url(request),
    }  # fmt: skip
    return render(request, "www/plans/figures.html", context)


def figure_new(request: HttpRequest) -> HttpResponse:
    """Record a figure, or revise one (the same indicator, region and period again, with a reason)."""
    _prefix(request)
    if not _may_enter(request):
        raise PermissionDenied(_("只有本地区的分析人员和管理员可以录入规划指标数据。"))
    initial = {key: request.GET[key] for key in ("indicator", "region", "year", "month") if request.GET.get(key)}
    form = ActualForm(request.POST or None, user=request.user, initial={"source": ActualSource.BULLETIN, **initial})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actual, outcome = actual_record(
                actor=request.user, indicator=data["indicator"], region=data["region"], year=data["year"],
                month=data["month"] or 0, value=data["value"], source=data["source"], as_of=data["as_of"],
                source_note=data["source_note"], reason=data["reason"],
            )  # fmt: skip
        except ValidationError as error:
            form_errors(form, error)
        else:
            said = _("已录入。") if outcome.created else (_("已修订。") if outcome.updated else _("数值没有变化。"))
            messages.success(request, f"{actual}：{said}")
            return redirect("www:plan_figure", pk=actual.pk)
    return render(request, "www/plans/figure_form.html", {"form": form})


def figure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One figure with every version of it (who entered or revised it, when, why)."""
    actual = (
        Actual.objects.filter(region__code__startswith=_prefix(request), pk=pk)
        .select_related("indicator", "region", "entered_by")
        .first()
    )
    if actual is None:
        raise Http404(_("该数据不存在或不在您的管辖范围内。"))
    revise = reverse("www:plan_figure_new") + f"?indicator={actual.indicator_id}&region={actual.region_id}"
    revise += f"&year={actual.year}" + (f"&month={actual.month}" if actual.month else "")
    context = {
        "actual": actual, "revisions": actual.revisions.select_related("user"), "may_enter": _may_enter(request),
        "revise": revise,
    }  # fmt: skip
    return render(request, "www/plans/figure_detail.html", context)


def target_list(request: HttpRequest) -> HttpResponse:
    """The targets broken down inside the user's region, and the form to set one."""
    prefix = _prefix(request)
    targets = Target.objects.filter(region__code__startswith=prefix).select_related("indicator", "region")
    form = TargetForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not _may_enter(request):
            raise PermissionDenied(_("只有本地区的分析人员和管理员可以分解目标。"))
        if form.is_valid():
            try:
                target = target_set(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(request, _("已设定：%(target)s") % {"target": target})
                return redirect("www:plan_targets")
    context = {"targets": targets.order_by("indicator__order", "region_id", "year"), "form": form,
               "may_enter": _may_enter(request), "dashboard_url": _dashboard_url(request)}  # fmt: skip
    return render(request, "www/plans/targets.html", context)

"""Labour-force-survey statistics pages: the surveyed urban unemployment rate by city for a month, a city's (or the
province's) series with its seasonally adjusted line, a month's sample by county, and the microdata upload.

Published estimates are shown to every logged-in user; the sample page reads microdata through the region scope;
the upload is for province analysts and administrators (`jiuye.lfs.perms`). The upload previews (a dry run) and
then imports exactly the previewed file, as the register imports do, both as tasks outside the request
(`jiuye.jobs`): the page follows the job and then opens the result (`jiuye.www.jobs`).
"""

import re
from itertools import pairwise
from pathlib import Path

import numpy as np
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiuye.imports.enums import ImportStatus
from jiuye.imports.readers import SUPPORTED_SUFFIXES
from jiuye.imports.storage import imports_dir, upload_save
from jiuye.jobs.selectors import job_confirming
from jiuye.jobs.services import survey_import_job_enqueue
from jiuye.lfs import selectors
from jiuye.lfs.imports import MICRODATA_KIND
from jiuye.lfs.labour_status import MissingAnswerError
from jiuye.lfs.models import PERIOD_PATTERN, DomainKind, Profile
from jiuye.lfs.perms import can_import_microdata, can_view_estimates
from jiuye.lfs.services import period_microdata, survey_errors_export
from jiuye.lfs.small_areas import SmallAreaUnavailable, county_estimates
from jiuye.www.errors import error_text
from jiuye.www.imports import rejected_rows_page, template_download
from jiuye.www.jobs import job_follow

MAX_UPLOAD_BYTES = 100 * 1024 * 1024
UPLOADS = "lfs_uploads"  # under the framework's IMPORTS_DIR
PERCENT = 100


def _viewer(request: HttpRequest):
    if not can_view_estimates(request.user):
        raise PermissionDenied(_("您没有查看劳动力调查统计的权限。"))
    return request.user


def _profile(request: HttpRequest) -> str:
    profile = request.GET.get("profile", Profile.NBS)
    return profile if profile in Profile.values else Profile.NBS


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * PERCENT, 3)


def _max_cv_percent() -> str:
    return f"{settings.LFS_MAX_RELIABLE_CV * PERCENT:g}"


def _points(value: float | None, digits: int = 1) -> str:
    """A rate as percentage points for the tables: 0.0532 -> `5.3`."""
    return "—" if value is None else f"{value * PERCENT:.{digits}f}"


def _display(estimate, *, change=None, change_se=None, significant=False) -> dict:
    """What a table row shows of an estimate, formatted: rates and standard errors in percentage points."""
    if estimate is None:
        return {"missing": True}
    return {
        "rate": _points(estimate.rate),
        "ci": f"{_points(estimate.ci_low)}–{_points(estimate.ci_high)}" if estimate.rate is not None else "—",
        "se": _points(estimate.se, 2),
        "cv": "—" if estimate.cv is None else f"{estimate.cv * PERCENT:.0f}%",
        "n": estimate.n,
        "reliable": estimate.reliable,
        "change": "—" if change is None else f"{change * PERCENT:+.1f}",
        "change_se": "—" if change_se is None else _points(change_se, 2),
        "significant": significant,
    }


def _table(rows: list[selectors.EstimateRow]) -> list[dict]:
    return [
        {"kind": row.kind, "code": row.code, "name": row.name}
        | _display(row.estimate, change=row.change, change_se=row.change_se, significant=row.change_significant)
        for row in rows
    ]


def statistics_index(request: HttpRequest) -> HttpResponse:
    """A month's rate for the province and each city (table, chart with confidence intervals, map), by sex and age
    group, and the change from last month with its standard error."""
    _viewer(request)
    months = selectors.estimated_months()
    month = request.GET.get("month") if request.GET.get("month") in months else (months[0] if months else None)
    profile = _profile(request)
    rows = groups = []
    if month:
        rows = selectors.estimate_rows(month=month, profile=profile, kinds=(DomainKind.PROVINCE, DomainKind.CITY))
        groups = selectors.estimate_rows(month=month, profile=profile, kinds=(DomainKind.SEX, DomainKind.AGE_GROUP))
    chart = [
        {
            "code": row.code, "name": row.name, "rate": _percent(row.estimate.rate),
            "ci_low": _percent(row.estimate.ci_low), "ci_high": _percent(row.estimate.ci_high),
            "reliable": row.estimate.reliable,
        }
        for row in rows
        if row.kind == DomainKind.CITY and row.estimate is not None
    ]  # fmt: skip
    context = {
        "months": months, "month": month, "profile": profile, "profiles": Profile.choices, "rows": _table(rows),
        "groups": _table(groups), "chart": chart, "max_cv_percent": _max_cv_percent(),
        "can_import": can_import_microdata(request.user),
    }  # fmt: skip
    return render(request, "www/statistics/index.html", context)


def statistics_series(request: HttpRequest, code: str) -> HttpResponse:
    """The province's (`14`) or a city's rate month by month, with its confidence band and the seasonally adjusted
    line."""
    _viewer(request)
    names = selectors.region_names()
    if code not in names:
        raise Http404(_("没有这个市。"))
    profile = _profile(request)
    series = selectors.domain_series(kind=selectors.series_domain_kind(code), code=code, profile=profile)
    adjusted, adjustment_note = _seasonally_adjusted(series)
    chart = {
        "months": [estimate.period.month for estimate in series],
        "rate": [_percent(estimate.rate) for estimate in series],
        "ci_low": [_percent(estimate.ci_low) for estimate in series],
        "ci_high": [_percent(estimate.ci_high) for estimate in series],
        "reliable": [estimate.reliable for estimate in series],
        "adjusted": [_percent(value) for value in adjusted] if adjusted is not None else None,
    }
    rows = [
        {"month": estimate.period.month} | _display(estimate, **_change(estimate, previous))
        for estimate, previous in zip(series, [None, *series][: len(series)], strict=True)  # none: no months
    ][::-1]
    cities = [(city, name) for city, name in names.items()]
    context = {
        "code": code, "name": names[code], "profile": profile, "profiles": Profile.choices, "chart": chart,
        "rows": rows, "adjustment_note": adjustment_note, "cities": cities, "max_cv_percent": _max_cv_percent(),
    }  # fmt: skip
    return render(request, "www/statistics/series.html", context)


def _change(estimate, previous) -> dict:
    """The change from the month before, when the series has it."""
    if previous is None or selectors.previous_month(estimate.period.month) != previous.period.month:
        return {}
    row = selectors.EstimateRow("", "", "", estimate, previous)
    return {"change": row.change, "change_se": row.change_se, "significant": row.change_significant}


def _seasonally_adjusted(series) -> tuple[list[float] | None, str]:
    """The adjusted series where the months run without a gap, or None and why not. The seasonal module is imported
    here, not at the top: it loads statsmodels (some seconds), which no other page needs."""
    try:
        from jiuye.lfs.estimation.seasonal import SeasonalAdjustmentError, seasonal_adjust
    except ImportError:
        return None, _("季节调整模块不可用，仅显示原始序列。")
    rates = [estimate.rate for estimate in series]
    months = [estimate.period.month for estimate in series]
    if not series or None in rates:
        return None, _("序列有缺失的月份，未做季节调整。")
    if any(selectors.previous_month(later) != earlier for earlier, later in pairwise(months)):
        return None, _("序列中有中断的月份，未做季节调整。")
    try:
        result = seasonal_adjust(np.array(rates), (int(months[0][:4]), int(months[0][5:])))
    except SeasonalAdjustmentError as error:
        return None, _("未做季节调整：%(reason)s") % {"reason": error}
    method = "X-13ARIMA-SEATS" if result.method == "x13" else "STL"
    notes = "；".join(result.notes)
    return [float(value) for value in result.adjusted], _("季节调整方法：%(method)s。%(notes)s") % {
        "method": method,
        "notes": notes,
    }


def statistics_period(request: HttpRequest, month: str) -> HttpResponse:
    """A month's sample by county: persons, households and PSUs, for the counties of the user's region only."""
    _viewer(request)
    if not re.match(PERIOD_PATTERN, month):
        raise Http404(_("没有这个调查月份。"))
    period = get_object_or_404(selectors.survey_periods(), month=month)
    counts = selectors.sample_counts(user=request.user, month=month)
    totals = {key: sum(getattr(row, key) for row in counts) for key in ("persons", "households", "psus")}
    return render(request, "www/statistics/period.html", {"period": period, "counts": counts, "totals": totals})


def statistics_small_areas(request: HttpRequest, month: str) -> HttpResponse:
    """County rates for a month: the direct estimate beside the Fay-Herriot EBLUP that borrows strength from the
    county's city. Published statistics of counties, computed from all the month's microdata, like the city rates."""
    _viewer(request)
    if not re.match(PERIOD_PATTERN, month):
        raise Http404(_("没有这个调查月份。"))
    period = get_object_or_404(selectors.survey_periods(), month=month)
    profile = _profile(request)
    context = {"period": period, "profile": profile}
    try:
        estimates = county_estimates(period_microdata(period), profile=profile)
    except (SmallAreaUnavailable, MissingAnswerError) as error:
        context["unavailable"] = str(error)
    else:
        names = selectors.region_names()
        context |= {"estimates": estimates, "rows": [(names.get(row.county, ""), row) for row in estimates.counties]}
    return render(request, "www/statistics/small_areas.html", context)


class MicrodataUploadForm(forms.Form):
    month = forms.RegexField(
        label=gettext_lazy("调查月份（YYYY-MM）"),
        regex=PERIOD_PATTERN,
        error_messages={"invalid": gettext_lazy("月份应写成YYYY-MM，如2026-10")},
    )
    file = forms.FileField(label=gettext_lazy("微观数据文件（.csv或.xlsx）"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in SUPPORTED_SUFFIXES:
            raise forms.ValidationError(_("只能导入.csv或.xlsx文件"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件超过100MB，请用 lfs_import 命令导入"))
        return upload


def _upload_keep(upload) -> Path:
    """Keep the upload under its SHA-256 until it is confirmed, beside the framework's uploads but apart from them,
    so that the register imports' pages never offer to confirm a microdata file as a register."""
    stored, _sha256 = upload_save(upload)
    kept = imports_dir() / UPLOADS / stored.name
    kept.parent.mkdir(parents=True, exist_ok=True)
    stored.replace(kept)
    return kept


def _upload_path(record) -> Path:
    return imports_dir() / UPLOADS / f"{record.sha256}{Path(record.file_name).suffix.lower()}"


def _importer(request: HttpRequest):
    if not can_import_microdata(request.user):
        raise PermissionDenied(_("只有省级分析人员和管理员可以导入调查微观数据。"))
    return request.user


def statistics_imports(request: HttpRequest) -> HttpResponse:
    """GET: the upload form, the months loaded and the imports; POST: store the file, dry-run it as a task, follow
    it."""
    user = _importer(request)
    form = MicrodataUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload, month = form.cleaned_data["file"], form.cleaned_data["month"]
        path = _upload_keep(upload)
        job = survey_import_job_enqueue(user=user, month=month, path=path, file_name=upload.name, dry_run=True)
        return job_follow(request, job)
    page = Paginator(selectors.microdata_imports(user=user), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "periods": selectors.survey_periods()}
    return render(request, "www/statistics/imports.html", context)


def statistics_import(request: HttpRequest, pk: int) -> HttpResponse:
    """A dry run (with the confirm button for the user who ran it) or an import, with its first errors."""
    user = _importer(request)
    record = get_object_or_404(selectors.microdata_imports(user=user), pk=pk)
    month = request.GET.get("month", "")
    can_confirm = (
        record.dry_run
        and record.user_id == user.pk
        and record.status == ImportStatus.SUCCEEDED
        and re.match(PERIOD_PATTERN, month) is not None
        and not record.commits.exists()
        and job_confirming(preview_pk=record.pk) is None
        and _upload_path(record).exists()
    )
    context = {
        "record": record,
        "month": month,
        "rejected": rejected_rows_page(request, record),
        "month_param": urlencode({"month": month}) if month else "",
        "can_confirm": can_confirm,
    }
    return render(request, "www/statistics/import_detail.html", context)


@require_POST
def statistics_import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _importer(request)
    preview = get_object_or_404(selectors.microdata_imports(user=user), pk=pk, dry_run=True, user=user)
    path = _upload_path(preview)
    month = request.POST.get("month", "")
    if not path.exists() or preview.commits.exists():
        messages.error(request, _("这次试运行不能确认导入：文件已不在服务器上，或已确认过。请重新上传。"))
        return redirect("www:statistics_imports")
    try:
        job = survey_import_job_enqueue(
            user=user, month=month, path=path, file_name=preview.file_name, dry_run=False, preview=preview
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("www:statistics_imports")
    return job_follow(request, job)


def statistics_import_errors(request: HttpRequest, pk: int) -> FileResponse:
    user = _importer(request)
    record = get_object_or_404(selectors.microdata_imports(user=user), pk=pk)
    try:
        path = survey_errors_export(user=user, record=record)
    except PermissionDenied as error:
        raise Http404(str(error)) from error
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"{Path(record.file_name).stem}.errors.xlsx")


def statistics_template(request: HttpRequest) -> HttpResponse:
    _importer(request)
    return template_download(MICRODATA_KIND)

"""Exports as jobs: the province user's largest register exported by the export job (counted, written by the
export function the page calls, stored for download), beside the floor of writing the same number of rows of the
same width with openpyxl's write-only mode alone (no query, no decryption, no masking). Masked by the province
user; with full numbers (decrypted per row) by the demo's one user who may, Xiaodian's, on that county's rows.

Needs the demo province that foundation builds (BENCH_ONLY=foundation,exports)."""

from django.conf import settings
from django.db.models import Count
from django.test import override_settings

from benchmarks.measure import measured, report
from jiuye.accounts.models import User
from jiuye.jobs.exports import ExportRequest, export_job_enqueue
from jiuye.people.models import RegisterEntry
from jiuye.reports.excel import Column, register_columns, write_xlsx

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _largest_group(user: User) -> tuple[str, int]:
    """The key group with the most open entries the user sees, and their number."""
    row = (
        RegisterEntry.objects.visible_to(user)
        .filter(exited_on__isnull=True)
        .values("group")
        .annotate(rows=Count("pk"))
        .order_by("-rows")
        .first()
    )
    return row["group"], row["rows"]


def bench_export_job() -> None:
    user = User.objects.get(username="province")
    group, rows = _largest_group(user)
    width = len(register_columns(group, False))
    with measured() as floor:
        _content, written = write_xlsx(
            title="floor", columns=[Column(str(index), lambda row: row) for index in range(width)],
            rows=(f"单元格{number}" for number in range(rows)),
        )  # fmt: skip
    report("export floor openpyxl write-only", rows=written, columns=width,
           rows_per_second=f"{written / floor.seconds:,.0f}", **floor.figures())  # fmt: skip
    runs = [(user, False, ""), (User.objects.get(username="county_140105"), True, "基准测试：台账整体导出")]
    files = settings.VAR_DIR / "bench" / "jobs"
    for runner, unmasked, purpose in runs:
        group = _largest_group(runner)[0]
        request = ExportRequest("register", {"group": group, "include_exited": False, "region_code": ""})
        with override_settings(TASKS=IMMEDIATE, JOBS_FILES_DIR=files), measured() as job_run:
            job = export_job_enqueue(user=runner, request=request, unmasked=unmasked, purpose=purpose)
        what = f"export job register:{group} {runner.username}" + (" full numbers" if unmasked else " masked")
        report(what, status=job.status, rows=job.rows_written,
               rows_per_second=f"{job.rows_written / job_run.seconds:,.0f}", **job_run.figures())  # fmt: skip


BENCHMARKS = [bench_export_job]

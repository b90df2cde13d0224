"""The record of a piece of long work a user started (an upload's import, a survey month's import): what, who and
for which region, where it stands, and what it left (the import record, a summary, the Chinese error when it
failed). The work itself runs as a `django.tasks` task outside the web request (`jiuye.jobs.tasks`); its live
progress is kept beside the database, not in it (`jiuye.jobs.progress` says why)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.scope import RegionScopedModel
from jiuye.jobs.enums import FINISHED, JobKind, JobStatus


class Job(RegionScopedModel):
    """One run of a task for a user. Scoped by the region of the user who started it; who may see it is narrower
    (its user, and the administrators of that region: `jiuye.jobs.perms`)."""

    user = models.ForeignKey("accounts.User", verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+")
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    kind = models.CharField(_("任务类型"), max_length=32, choices=JobKind.choices)
    title = models.CharField(_("任务"), max_length=300)
    # What the task needs to run again: the import kind, the stored file's hash and name, dry run or not, the
    # previewed run a commit confirms, the survey month. Only ids and names: never a resident ID number.
    params = models.JSONField(_("参数"), default=dict)
    status = models.CharField(_("状态"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    rows_read = models.PositiveIntegerField(_("已读取行数"), default=0)
    rows_checked = models.PositiveIntegerField(_("已校验行数"), default=0)
    rows_written = models.PositiveIntegerField(_("已写入行数"), default=0)
    rows_total = models.PositiveIntegerField(_("总行数"), default=0)
    summary = models.CharField(_("结果"), max_length=500, blank=True)
    error = models.CharField(_("错误"), max_length=1000, blank=True)
    import_record = models.ForeignKey(
        "imports.ImportRecord", verbose_name=_("导入记录"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    # An export's or a report's file, relative to JOBS_FILES_DIR (`jiuye.jobs.files`): `<job id>/<file name>`.
    result_file = models.CharField(_("结果文件"), max_length=300, blank=True)
    task_result_id = models.CharField(_("任务结果编号"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("运行次数"), default=0)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    region_scope_field = "region_code"

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

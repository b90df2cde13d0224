"""One record per import run, kept whether the run was a dry run, a commit or a failure, so that an office can see
who loaded which file (by its SHA-256) when, and what it did."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.scope import RegionScopedModel
from jiuye.imports.enums import ImportStatus
from jiuye.imports.results import counts_text


class ImportRecord(RegionScopedModel):
    """A run of one import kind over one file. Scoped by the region of the user who ran it: a county office sees its
    own imports, the city sees those of its counties. The rejected rows themselves (which hold resident ID numbers in
    clear, as typed) are kept in a file beside the upload, not in the database (`jiuye.imports.storage`)."""

    user = models.ForeignKey("accounts.User", verbose_name=_("导入人"), on_delete=models.PROTECT, related_name="+")
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    kind = models.CharField(_("导入类型"), max_length=64)
    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("文件摘要（SHA-256）"), max_length=64, db_index=True)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"))
    dry_run = models.BooleanField(_("试运行"), default=True)
    status = models.CharField(_("状态"), max_length=16, choices=ImportStatus.choices)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("未变"), default=0)
    rejected = models.PositiveIntegerField(_("拒绝"), default=0)
    unknown_columns = models.JSONField(_("未识别的列"), default=list, blank=True)
    preview = models.ForeignKey(
        "self",
        verbose_name=_("确认的试运行"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commits",
    )

    region_scope_field = "region_code"

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def kind_label(self) -> str:
        from jiuye.imports.kinds import get_kind  # the kinds import domain services, which import models

        kind = get_kind(self.kind)
        return str(kind.label) if kind is not None else self.kind

    @property
    def summary(self) -> str:
        """The one line the command prints (the README documents it); pages say `counts_text`."""
        return f"created={self.created} updated={self.updated} unchanged={self.unchanged} rejected={self.rejected}"

    @property
    def counts_text(self) -> str:
        """`新增 3、更新 0、未变 0、拒绝 5`, in the kind's own words (a survey month's rows are 替换)."""
        from jiuye.imports.kinds import get_kind

        kind = get_kind(self.kind)
        return counts_text(
            created=self.created, updated=self.updated, unchanged=self.unchanged, rejected=self.rejected,
            updated_label=str(kind.updated_label) if kind is not None else "",
        )  # fmt: skip

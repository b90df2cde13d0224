"""The record of every run of a scheduled job: when it was planned, when it started and ended, how it ended.

One row per (job, planned time): the scheduler claims a slot by inserting its row, so two schedulers on two machines
(or one restarted in the same minute) never run the same slot twice: the second insert fails on the uniqueness and
that scheduler moves on. A manual run is planned at the moment it was asked for.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiuye.schedule.enums import RunStatus, RunTrigger


class ScheduledRun(models.Model):
    job = models.CharField(_("任务"), max_length=32)
    planned_at = models.DateTimeField(_("计划时间"))
    trigger = models.CharField(_("运行方式"), max_length=16, choices=RunTrigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("运行人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("结果"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    enqueued_at = models.DateTimeField(_("加入队列时间"))
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    message = models.TextField(_("说明"), blank=True)
    counts = models.JSONField(_("数量"), default=dict, blank=True)
    task_id = models.CharField(_("任务队列编号"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("计划任务运行记录")
        verbose_name_plural = _("计划任务运行记录")
        ordering = ["-planned_at"]
        constraints = [models.UniqueConstraint(fields=["job", "planned_at"], name="scheduled_run_once_per_slot")]

    def __str__(self) -> str:
        return f"{self.job} {timezone.localtime(self.planned_at):%Y-%m-%d %H:%M} {self.get_status_display()}"

    @property
    def duration(self):
        """How long it ran (a timedelta), once finished."""
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

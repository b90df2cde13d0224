from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    """A run waits in the queue, runs, then ends in one of three outcomes."""

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("成功")
    FAILED = "failed", _("失败")
    SKIPPED = "skipped", _("跳过")


UNFINISHED = (RunStatus.QUEUED, RunStatus.RUNNING)


class RunTrigger(models.TextChoices):
    """Why a run exists: its slot came (the scheduler), its slot was missed and run later, or someone asked."""

    SCHEDULE = "schedule", _("按计划")
    CATCH_UP = "catch_up", _("补运行")
    MANUAL = "manual", _("手动运行")

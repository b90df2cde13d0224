from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    """Where a piece of long work stands. `succeeded` means the work ran to its end (an import may still have
    rejected rows); `failed` means it stopped with an error the page shows in Chinese and wrote nothing."""

    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


class JobKind(models.TextChoices):
    """What the work is: each kind is one task of `jiuye.jobs.tasks`."""

    IMPORT = "import", _("数据导入")
    SURVEY_IMPORT = "survey_import", _("调查微观数据导入")
    EXPORT = "export", _("Excel导出")
    REPORT = "report", _("Word报告")


# The kinds whose work leaves a file to download (under JOBS_FILES_DIR) rather than an import record.
FILE_KINDS = (JobKind.EXPORT, JobKind.REPORT)

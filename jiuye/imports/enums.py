from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    """How a run ended. `succeeded` means the file was read to the end (rows may still have been rejected);
    `failed` means the file as a whole could not be imported (unreadable, a required column missing) and nothing
    was written."""

    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")

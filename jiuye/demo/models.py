from django.db import models
from django.utils.translation import gettext_lazy as _


class DemoPartLoad(models.Model):
    """One part of the demo province (users, employers, people, and what later modules add) as it was generated,
    so that a second `demo_data` run with the same seed and scale skips it."""

    part = models.CharField(_("部分"), max_length=64, unique=True)
    seed = models.PositiveIntegerField(_("随机种子"))
    scale = models.FloatField(_("规模"))
    rows = models.PositiveIntegerField(_("行数"))
    loaded_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("演示数据批次")
        verbose_name_plural = _("演示数据批次")

    def __str__(self) -> str:
        return f"{self.part} (seed={self.seed}, scale={self.scale})"

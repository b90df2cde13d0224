from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.scope import RegionScopedModel
from jiuye.employers.enums import Ownership, SizeClass
from jiuye.reference.enums import DataSource
from jiuye.reference.models import Industry, Region


class Employer(RegionScopedModel):
    """An employer (用人单位), identified by its unified social credit code (uscc, GB 32100)."""

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("单位名称"), max_length=128)
    industry = models.ForeignKey(Industry, verbose_name=_("行业"), on_delete=models.PROTECT, related_name="employers")
    region = models.ForeignKey(Region, verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="employers")
    ownership = models.CharField(_("经济类型"), max_length=32, choices=Ownership.choices)
    size_class = models.CharField(_("企业规模"), max_length=16, choices=SizeClass.choices)
    headcount = models.PositiveIntegerField(_("从业人数"), default=0)
    source = models.CharField(_("数据来源"), max_length=16, choices=DataSource.choices, default=DataSource.MANUAL)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    region_scope_field = "region__code"

    class Meta:
        verbose_name = _("用人单位")
        verbose_name_plural = _("用人单位")
        ordering = ["region_id", "name"]

    def __str__(self) -> str:
        return self.name

from django.conf import settings
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
    address = models.CharField(_("地址"), max_length=200, blank=True)
    # WGS-84 degrees where known (geocoded or entered); matching falls back to the county seat when empty.
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=8, decimal_places=6, null=True, blank=True)
    # The enterprise's own accounts (企业填报员): they report and manage vacancies for these employers only.
    reporters = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("填报账号"), blank=True, related_name="reporting_employers"
    )
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


class EmployerContact(RegionScopedModel):
    """A person to call at the employer (联系人): their name and phone are personal data, shown masked in lists."""

    employer = models.ForeignKey(
        Employer, verbose_name=_("用人单位"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    is_primary = models.BooleanField(_("主要联系人"), default=False)

    region_scope_field = "employer__region__code"

    class Meta:
        verbose_name = _("单位联系人")
        verbose_name_plural = _("单位联系人")
        ordering = ["employer_id", "-is_primary", "name"]

    def __str__(self) -> str:
        return self.name

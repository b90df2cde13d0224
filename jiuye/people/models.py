from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.scope import RegionScopedModel
from jiuye.people.enums import EmploymentStatus, Sex
from jiuye.reference.enums import DataSource, EducationLevel
from jiuye.reference.models import Region


class Person(RegionScopedModel):
    """A resident known to public employment services. Scoped by where the person lives now (常住地), because that
    is the office that serves them."""

    name = models.CharField(_("姓名"), max_length=64)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"))
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    education_level = models.CharField(_("学历"), max_length=32, choices=EducationLevel.choices, blank=True)
    household_region = models.ForeignKey(
        Region, verbose_name=_("户籍地"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    residence_region = models.ForeignKey(
        Region, verbose_name=_("常住地"), on_delete=models.PROTECT, related_name="residents"
    )
    employment_status = models.CharField(
        _("就业状态"), max_length=32, choices=EmploymentStatus.choices, default=EmploymentStatus.OUTSIDE_LABOUR_FORCE
    )
    source = models.CharField(_("数据来源"), max_length=16, choices=DataSource.choices, default=DataSource.MANUAL)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    region_scope_field = "residence_region__code"

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        ordering = ["residence_region_id", "name", "pk"]
        indexes = [models.Index(fields=["residence_region", "employment_status"])]

    def __str__(self) -> str:
        return self.name

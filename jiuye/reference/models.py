"""Reference classifications: regions (GB/T 2260 and 统计用区划代码), industries (GB/T 4754-2017), occupations
(职业分类大典 2022). Their codes are primary keys, so every other table refers to them by the code people know."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.reference.codes import code_prefix_lookup
from jiuye.reference.enums import IndustryLevel, OccupationLevel, RegionLevel


class RegionQuerySet(models.QuerySet):
    def within(self, code: str) -> "RegionQuerySet":
        """Regions inside `code`, the region itself included: codes are hierarchical, so a prefix match."""
        return self.filter(**code_prefix_lookup("code", code))

    def children_of(self, code: str | None) -> "RegionQuerySet":
        return self.filter(parent_id=code) if code else self.filter(parent__isnull=True)


class Region(models.Model):
    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("级别"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区划"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    population = models.PositiveIntegerField(_("常住人口（2020年普查）"), null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Industry(models.Model):
    code = models.CharField(_("行业代码"), max_length=4, primary_key=True)
    name = models.CharField(_("名称"), max_length=128)
    level = models.CharField(_("层级"), max_length=16, choices=IndustryLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("所属门类"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Occupation(models.Model):
    code = models.CharField(_("职业代码"), max_length=16, primary_key=True)
    name = models.CharField(_("名称"), max_length=128)
    level = models.PositiveSmallIntegerField(_("层级"), choices=OccupationLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级分类"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )

    class Meta:
        verbose_name = _("职业")
        verbose_name_plural = _("职业")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class OccupationAlias(models.Model):
    """A job title as employers write it (`货车司机`) pointing to its occupation; matching searches these too."""

    alias = models.CharField(_("常用名称"), max_length=64, unique=True)
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("职业"), on_delete=models.CASCADE, related_name="aliases"
    )

    class Meta:
        verbose_name = _("职业常用名称")
        verbose_name_plural = _("职业常用名称")
        ordering = ["alias"]

    def __str__(self) -> str:
        return self.alias

"""The plan's main indicators (专栏1) as published, their actual values by region and year (or month), with every
revision kept, and their targets broken down by city and by year.

These are aggregate figures of a province, its cities and counties (published statistics and officers' counts), not
personal or enterprise data: they are not region-scoped; the pages choose the region by the user's scope.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.plans.enums import ActualSource, IndicatorKind, RevisionAction, TargetRule
from jiuye.reference.models import Region

VALUE = {"max_digits": 12, "decimal_places": 4}


class Indicator(models.Model):
    """One row of 专栏1. The `*_text` fields keep the table's cells as published ("6 左右", "——", ">（200）",
    "完成国家确定目标"); the numbers are read from them by `jiuye.plans.column1`."""

    code = models.CharField(_("代码"), max_length=40, primary_key=True)
    name = models.CharField(_("指标名称"), max_length=64)
    unit = models.CharField(_("单位"), max_length=16)
    kind = models.CharField(_("属性"), max_length=16, choices=IndicatorKind.choices)
    order = models.PositiveSmallIntegerField(_("序号"))
    baseline_year = models.PositiveSmallIntegerField(_("基期年份"), default=2020)
    baseline_text = models.CharField(_("基期值（原文）"), max_length=32)
    baseline_value = models.DecimalField(_("基期值"), null=True, blank=True, **VALUE)
    baseline_approximate = models.BooleanField(_("基期值为约数"), default=False)
    target_year = models.PositiveSmallIntegerField(_("目标年份"), default=2025)
    target_text = models.CharField(_("2025年目标（原文）"), max_length=32)
    period_text = models.CharField(_("年均/累计（原文）"), max_length=32)
    rule = models.CharField(_("目标规则"), max_length=24, choices=TargetRule.choices)
    target_value = models.DecimalField(_("目标值"), null=True, blank=True, **VALUE)
    note = models.CharField(_("注释"), max_length=200, blank=True)
    computed_by = models.CharField(
        _("平台计算口径"), max_length=100, blank=True, help_text=_("平台能用自身数据计算时，说明口径")
    )

    class Meta:
        verbose_name = _("规划指标")
        verbose_name_plural = _("规划指标")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Actual(models.Model):
    """A reported value of an indicator for a region and a year (`month` 0) or a month of it. Changed values are
    revised, never overwritten: `ActualRevision` keeps each version with who, when and why."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="actuals")
    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年份"))
    month = models.PositiveSmallIntegerField(_("月份"), default=0, help_text=_("0为全年"))
    value = models.DecimalField(_("数值"), **VALUE)
    source = models.CharField(_("来源"), max_length=16, choices=ActualSource.choices)
    source_note = models.CharField(_("来源说明"), max_length=200, blank=True)
    as_of = models.DateField(_("数据日期"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("指标实际值")
        verbose_name_plural = _("指标实际值")
        ordering = ["indicator", "region", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "year", "month"], name="plans_one_actual"),
            models.CheckConstraint(condition=models.Q(month__lte=12), name="plans_actual_month"),
        ]

    def __str__(self) -> str:
        period = f"{self.year}-{self.month:02d}" if self.month else str(self.year)
        return f"{self.indicator.name} {self.region_id} {period}: {self.value}"


class ActualRevision(models.Model):
    """One version of an actual value: the first entry and each revision, never edited."""

    actual = models.ForeignKey(Actual, verbose_name=_("实际值"), on_delete=models.CASCADE, related_name="revisions")
    action = models.CharField(_("操作"), max_length=8, choices=RevisionAction.choices)
    value = models.DecimalField(_("数值"), **VALUE)
    source = models.CharField(_("来源"), max_length=16, choices=ActualSource.choices)
    source_note = models.CharField(_("来源说明"), max_length=200, blank=True)
    as_of = models.DateField(_("数据日期"))
    reason = models.CharField(_("修订原因"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("实际值修订记录")
        verbose_name_plural = _("实际值修订记录")
        ordering = ["actual", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.actual} ({self.get_action_display()} {self.at:%Y-%m-%d})"


class Target(models.Model):
    """A target broken down: a city's share of a five-year target (`year` 0), or a year's target of the province or
    a city (the national training target of a year, say)."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="targets")
    region = models.ForeignKey(Region, verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年份"), default=0, help_text=_("0为整个规划期"))
    value = models.DecimalField(_("目标值"), **VALUE)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("分解目标")
        verbose_name_plural = _("分解目标")
        ordering = ["indicator", "region", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "year"], name="plans_one_target"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.region_id} {self.year or '2021—2025'}: {self.value}"

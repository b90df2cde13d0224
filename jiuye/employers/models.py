import datetime
from typing import Self

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.scope import RegionScopedModel, RegionScopedQuerySet
from jiuye.employers.enums import ContractKind, Ownership, SizeClass, VacancyChannel, VacancyStatus
from jiuye.reference.enums import DataSource, EducationLevel
from jiuye.reference.models import Industry, Occupation, Region


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
    employer_path = ""

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
    employer_path = "employer"

    class Meta:
        verbose_name = _("单位联系人")
        verbose_name_plural = _("单位联系人")
        ordering = ["employer_id", "-is_primary", "name"]

    def __str__(self) -> str:
        return self.name


class VacancyQuerySet(RegionScopedQuerySet):
    def open_on(self, day: datetime.date) -> Self:
        """Vacancies a seeker can still apply to on `day`: open, started, not past their end date."""
        return self.filter(status=VacancyStatus.OPEN, valid_from__lte=day, valid_until__gte=day)


class Vacancy(RegionScopedModel):
    """A vacancy (岗位/招聘信息): what the employer asks and offers. Scoped by where the work is, which may be another
    county than the employer's seat."""

    employer = models.ForeignKey(
        Employer, verbose_name=_("用人单位"), on_delete=models.PROTECT, related_name="vacancies"
    )
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("职业（2022年版大典）"), on_delete=models.PROTECT, related_name="vacancies"
    )
    title = models.CharField(_("岗位名称"), max_length=64)
    skills = models.CharField(_("技能要求"), max_length=500, blank=True, help_text=_("以“、”或逗号分隔"))
    duties = models.TextField(_("岗位职责"), blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("工作地区划"), on_delete=models.PROTECT, related_name="vacancies"
    )
    address = models.CharField(_("工作地址"), max_length=200, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=8, decimal_places=6, null=True, blank=True)
    headcount = models.PositiveIntegerField(_("招聘人数"), default=1)
    wage_min = models.PositiveIntegerField(_("月工资下限（元）"))
    wage_max = models.PositiveIntegerField(_("月工资上限（元）"))
    education = models.CharField(
        _("学历要求"), max_length=32, choices=EducationLevel.choices, blank=True, help_text=_("空为不限")
    )
    experience_years = models.PositiveSmallIntegerField(_("工作经验要求（年）"), default=0)
    hours_per_week = models.PositiveSmallIntegerField(_("每周工时"), null=True, blank=True)
    contract_kind = models.CharField(
        _("用工形式"), max_length=16, choices=ContractKind.choices, default=ContractKind.FULL_TIME
    )
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期止"))
    status = models.CharField(_("状态"), max_length=16, choices=VacancyStatus.choices, default=VacancyStatus.OPEN)
    channel = models.CharField(_("岗位来源"), max_length=16, choices=VacancyChannel.choices)
    job_fair = models.CharField(_("招聘会名称"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    source = models.CharField(_("数据来源"), max_length=16, choices=DataSource.choices, default=DataSource.MANUAL)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = VacancyQuerySet.as_manager()

    region_scope_field = "region__code"
    employer_path = "employer"

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        ordering = ["-valid_from", "pk"]
        # valid_from: the list's order, and a quarter's vacancies (求人倍率 of the market pages and the dashboard).
        indexes = [
            models.Index(fields=["status", "valid_until"]),
            models.Index(fields=["region", "status"]),
            models.Index(fields=["valid_from"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(wage_min__lte=models.F("wage_max")), name="vacancy_wage_range"),
            models.CheckConstraint(
                condition=models.Q(valid_from__lte=models.F("valid_until")), name="vacancy_valid_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer.name} · {self.title}"

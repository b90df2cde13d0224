"""The labour force survey (劳动力调查): the months imported, their microdata, and the estimates computed from them.

Microdata carry no names or resident ID numbers, but they are still answers of identifiable households (a county,
a community, a household's members and ages), so `SurveyRecord` is region-scoped like any personal data. Estimates
are aggregates over thousands of answers, published by the statistics office for the province and its cities, and
are not scoped (`jiuye.lfs.perms` states the rule).

The choices live here rather than in an `enums.py` because nothing else in the project uses them.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.scope import RegionScopedModel
from jiuye.reference.enums import DataSource

PERIOD_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


class PeriodStatus(models.TextChoices):
    IMPORTED = "imported", _("已导入，未估计")
    ESTIMATED = "estimated", _("已估计")


class DomainKind(models.TextChoices):
    """What a row of estimates is about. Codes of cities and counties are region codes; sexes `1`/`2` as in the
    microdata; age groups as `jiuye.lfs.rates.AGE_GROUPS` names them (`16-24`)."""

    PROVINCE = "province", _("全省")
    CITY = "city", _("市")
    COUNTY = "county", _("县（市、区）")
    SEX = "sex", _("性别")
    AGE_GROUP = "age_group", _("年龄组")


class Profile(models.TextChoices):
    """The definitions of labour status, held as data in `data/labour_status.json`."""

    NBS = "nbs", _("国家统计局口径")
    ILO = "ilo", _("国际劳工组织口径（第19届国际劳工统计大会）")


class SurveyPeriod(models.Model):
    """One month of the survey as imported: which file (by its SHA-256), by whom, how many rows. Importing a
    different file for the month replaces its microdata and estimates; the same file again changes nothing."""

    month = models.CharField(
        _("调查月份"), max_length=7, unique=True, validators=[RegexValidator(PERIOD_PATTERN, _("月份应写成YYYY-MM"))]
    )
    status = models.CharField(_("状态"), max_length=16, choices=PeriodStatus.choices, default=PeriodStatus.IMPORTED)
    imported_by = models.ForeignKey(
        "accounts.User", verbose_name=_("导入人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("导入时间"))
    file_name = models.CharField(_("文件名"), max_length=255, blank=True)
    sha256 = models.CharField(_("文件摘要（SHA-256）"), max_length=64)
    row_count = models.PositiveIntegerField(_("记录数"), default=0)
    source = models.CharField(_("数据来源"), max_length=16, choices=DataSource.choices, default=DataSource.IMPORT)

    class Meta:
        verbose_name = _("调查期")
        verbose_name_plural = _("调查期")
        ordering = ["-month"]

    def __str__(self) -> str:
        return self.month


class SurveyRecord(RegionScopedModel):
    """One surveyed person of one month, as the microdata file gives them. Answers are 0/1 in the file and booleans
    here; `searched_last_4_weeks` is asked only by surveys that follow the ILO definition, and is null otherwise."""

    # The two foreign keys have no index and no constraint of their own in the database, for a month's import of a
    # million rows (issue 14): every read is of one month, which the unique (period, person_id) and the (period,
    # region) indexes serve, and each index more costs the import some seconds (on PostgreSQL the region's key had
    # two, the second for LIKE); a constraint checks each of the million rows at commit (some 9 s on PostgreSQL),
    # where the import has checked every region against the counties and writes the period in the same
    # transaction. CASCADE and PROTECT are Django's, which enforces them without the database.
    period = models.ForeignKey(
        SurveyPeriod,
        verbose_name=_("调查期"),
        on_delete=models.CASCADE,
        related_name="records",
        db_index=False,
        db_constraint=False,
    )
    person_id = models.CharField(_("个人编号"), max_length=32)
    household_id = models.CharField(_("住户编号"), max_length=32)
    stratum = models.CharField(_("层"), max_length=32)
    psu = models.CharField(_("初级抽样单位"), max_length=32)
    weight = models.FloatField(_("权数"))
    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("所在县（市、区）"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    urban = models.BooleanField(_("城镇"))
    sex = models.PositiveSmallIntegerField(_("性别"), choices=[(1, _("男")), (2, _("女"))])
    age = models.PositiveSmallIntegerField(_("年龄"))
    in_school = models.BooleanField(_("在校学生"))
    worked_last_week = models.BooleanField(_("上周工作1小时以上"))
    temporarily_absent = models.BooleanField(_("在职但临时未工作"))
    searched_last_3_months = models.BooleanField(_("近3个月找过工作"))
    available_within_2_weeks = models.BooleanField(_("2周内能开始工作"))
    searched_last_4_weeks = models.BooleanField(_("近4周找过工作"), null=True, blank=True)

    region_scope_field = "region_id"

    class Meta:
        verbose_name = _("调查记录")
        verbose_name_plural = _("调查记录")
        ordering = ["period", "pk"]
        constraints = [models.UniqueConstraint(fields=["period", "person_id"], name="survey_record_unique_person")]
        indexes = [models.Index(fields=["period", "region"])]

    def __str__(self) -> str:
        return f"{self.period_id}:{self.person_id}"


class MonthlyEstimate(models.Model):
    """The surveyed urban unemployment rate of one domain for one month under one profile, with its design-based
    standard error. `rate` and the rest are null where the domain has nobody in the labour force in the sample;
    `reliable` is false when the coefficient of variation exceeds `settings.LFS_MAX_RELIABLE_CV`."""

    period = models.ForeignKey(
        SurveyPeriod, verbose_name=_("调查期"), on_delete=models.CASCADE, related_name="estimates"
    )
    domain_kind = models.CharField(_("分组"), max_length=16, choices=DomainKind.choices)
    domain_code = models.CharField(_("分组代码"), max_length=16)
    profile = models.CharField(_("口径"), max_length=8, choices=Profile.choices)
    rate = models.FloatField(_("调查失业率"), null=True)
    se = models.FloatField(_("标准误"), null=True)
    ci_low = models.FloatField(_("95%置信区间下限"), null=True)
    ci_high = models.FloatField(_("95%置信区间上限"), null=True)
    cv = models.FloatField(_("变异系数"), null=True)
    n = models.PositiveIntegerField(_("样本量"))
    reliable = models.BooleanField(_("可靠"))
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("月度估计")
        verbose_name_plural = _("月度估计")
        ordering = ["period", "profile", "domain_kind", "domain_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "profile", "domain_kind", "domain_code"], name="monthly_estimate_unique_domain"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.profile} {self.domain_kind}:{self.domain_code}"

"""Job-seeker registrations and referrals (求职登记、职业介绍): what work a person of the register wants, and the
vacancies a caseworker passed them with the employer's answers. The tables keep the names they had in `people`."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.scope import RegionScopedModel
from jiuye.people.models import Person, Service
from jiuye.reference.enums import DataSource
from jiuye.reference.models import Occupation, Region
from jiuye.seekers.enums import ReferralOutcome, RefusalReason, SeekerStatus


class SeekerRegistration(RegionScopedModel):
    """A person's job-seeker registration (求职登记): what work they want, where and for how much. It expires after
    the rules' validity period unless renewed; a hire through a referral ends it as placed."""

    person = models.ForeignKey(
        Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="seeker_registrations"
    )
    desired_occupations = models.ManyToManyField(
        Occupation, verbose_name=_("求职意向职业"), blank=True, related_name="seeker_registrations"
    )
    desired_titles = models.CharField(_("意向岗位名称"), max_length=200, blank=True, help_text=_("以“、”或逗号分隔"))
    skills = models.CharField(_("技能特长"), max_length=500, blank=True, help_text=_("以“、”或逗号分隔"))
    experience_years = models.PositiveSmallIntegerField(_("工作年限"), default=0)
    accepted_regions = models.ManyToManyField(
        Region, verbose_name=_("意向工作地"), blank=True, related_name="+", help_text=_("空为不限，按通勤距离")
    )
    commute_km = models.PositiveSmallIntegerField(_("可接受通勤距离（公里）"), null=True, blank=True)
    expected_wage = models.PositiveIntegerField(_("期望月工资（元）"), null=True, blank=True)
    available_on = models.DateField(_("可到岗日期"), null=True, blank=True)
    registered_on = models.DateField(_("登记日期"))
    renewed_on = models.DateField(_("续期日期"), null=True, blank=True)
    expires_on = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=16, choices=SeekerStatus.choices, default=SeekerStatus.ACTIVE)
    organisation = models.ForeignKey(
        "accounts.OrgUnit", verbose_name=_("登记机构"), on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )  # fmt: skip
    source = models.CharField(_("数据来源"), max_length=16, choices=DataSource.choices, default=DataSource.MANUAL)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    region_scope_field = "person__residence_region__code"

    class Meta:
        db_table = "people_seekerregistration"  # the table kept its name when the model moved from `people`
        verbose_name = _("求职登记")
        verbose_name_plural = _("求职登记")
        ordering = ["-registered_on", "-pk"]
        # registered_on: the registrations of a quarter (求人倍率 of the market pages and the dashboard's map).
        indexes = [models.Index(fields=["status", "expires_on"]), models.Index(fields=["registered_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(status="active"), name="one_active_seeker_registration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.registered_on}"


class Referral(RegionScopedModel):
    """A job referral (职业介绍): a caseworker passes a recommended vacancy to a seeker. It is recorded as a
    `job_referral` service in the register; the employer's answer is kept with its history (`ReferralEvent`)."""

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.CASCADE, related_name="referrals")
    registration = models.ForeignKey(
        SeekerRegistration, verbose_name=_("求职登记"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="referrals",
    )  # fmt: skip
    vacancy = models.ForeignKey(
        "employers.Vacancy", verbose_name=_("岗位"), on_delete=models.PROTECT, related_name="referrals"
    )
    service = models.OneToOneField(
        Service, verbose_name=_("服务记录"), on_delete=models.PROTECT, related_name="referral"
    )
    referred_on = models.DateField(_("推荐日期"))
    referred_by = models.ForeignKey(
        "accounts.User", verbose_name=_("推荐人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The recommendation as the caseworker saw it: score and its parts ("为什么推荐"), kept for later review.
    score = models.FloatField(_("匹配得分"), null=True, blank=True)
    explanation = models.JSONField(_("推荐理由"), default=list, blank=True)
    outcome = models.CharField(
        _("用人单位反馈"), max_length=16, choices=ReferralOutcome.choices, default=ReferralOutcome.PENDING
    )
    outcome_on = models.DateField(_("反馈日期"), null=True, blank=True)
    refusal_reason = models.CharField(_("未录用原因"), max_length=16, choices=RefusalReason.choices, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    region_scope_field = "person__residence_region__code"
    employer_path = "vacancy__employer"  # the employer answers the referrals to its vacancies

    class Meta:
        db_table = "people_referral"
        verbose_name = _("职业介绍")
        verbose_name_plural = _("职业介绍")
        ordering = ["-referred_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["person", "vacancy"], name="one_referral_per_vacancy")]

    def __str__(self) -> str:
        return f"{self.person} → {self.vacancy_id}"


class ReferralEvent(RegionScopedModel):
    """One step of a referral's history: who recorded which answer, when and why. Never edited."""

    referral = models.ForeignKey(Referral, verbose_name=_("职业介绍"), on_delete=models.CASCADE, related_name="events")
    outcome = models.CharField(_("反馈"), max_length=16, choices=ReferralOutcome.choices)
    on = models.DateField(_("日期"))
    refusal_reason = models.CharField(_("未录用原因"), max_length=16, choices=RefusalReason.choices, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("记录人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    region_scope_field = "referral__person__residence_region__code"
    employer_path = "referral__vacancy__employer"

    class Meta:
        db_table = "people_referralevent"
        verbose_name = _("职业介绍反馈")
        verbose_name_plural = _("职业介绍反馈")
        ordering = ["referral_id", "recorded_at", "pk"]

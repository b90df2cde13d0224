"""Stored recommendations (人岗匹配结果) of the nightly batch run, for worklists and notifications.

The pages compute recommendations live (`jiuye.matching.selectors`); the batch (`matching_run`, `manage.py
match_run`) stores the top 20 vacancies of every active seeker and the top 50 seekers of every open vacancy, each
with its parts ("为什么推荐"), replacing the previous run's rows. A recommendation links a person to a vacancy, so
it is personal data and region-scoped: by the seeker's region for vacancies recommended to a seeker, by the
vacancy's region for seekers recommended for a vacancy (the officers who hold the vacancy see its list; the
seekers' own details are still read through `visible_to`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.scope import RegionScopedModel

PROVINCE = "14"


class Direction(models.TextChoices):
    """The two directions of matching; the codes are the engine's (`jiuye.matching.config`)."""

    VACANCIES_FOR_SEEKER = "vacancies_for_seeker", _("为求职者推荐岗位")
    SEEKERS_FOR_VACANCY = "seekers_for_vacancy", _("为岗位推荐人选")


class MatchRun(RegionScopedModel):
    """One batch run in one direction: when, over how many records, with which rules, and how long it took.
    Runs are kept as history; only the latest run's recommendations are stored. Scoped by the region it covered
    (the province for the nightly run)."""

    direction = models.CharField(_("匹配方向"), max_length=32, choices=Direction.choices)
    region_code = models.CharField(_("覆盖区划"), max_length=12, default=PROVINCE)
    day = models.DateField(_("匹配日期"))
    province_wide = models.BooleanField(_("全省范围"), default=False)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    seekers = models.PositiveIntegerField(_("求职者数"), default=0)
    vacancies = models.PositiveIntegerField(_("岗位数"), default=0)
    recommendations = models.PositiveIntegerField(_("推荐条数"), default=0)
    config = models.JSONField(_("匹配规则"), default=dict)
    durations = models.JSONField(_("各步用时（秒）"), default=dict)

    region_scope_field = "region_code"

    class Meta:
        verbose_name = _("匹配批次")
        verbose_name_plural = _("匹配批次")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} {self.day}"


class Recommendation(RegionScopedModel):
    """One stored recommendation: a vacancy for a seeker (or a seeker for a vacancy) at `rank` with `score` and
    `parts`, the contribution of each part of the score (`{"occupation": 0.25, "wage": 0.1, ...}`)."""

    run = models.ForeignKey(MatchRun, verbose_name=_("匹配批次"), on_delete=models.CASCADE, related_name="rows")
    direction = models.CharField(_("匹配方向"), max_length=32, choices=Direction.choices)
    registration = models.ForeignKey(
        "seekers.SeekerRegistration", verbose_name=_("求职登记"), on_delete=models.CASCADE, related_name="+"
    )
    vacancy = models.ForeignKey(
        "employers.Vacancy", verbose_name=_("岗位"), on_delete=models.CASCADE, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("名次"))
    score = models.FloatField(_("匹配得分"))
    parts = models.JSONField(_("得分构成"), default=dict)
    region_code = models.CharField(_("区划代码"), max_length=12)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    region_scope_field = "region_code"

    class Meta:
        verbose_name = _("推荐结果")
        verbose_name_plural = _("推荐结果")
        ordering = ["direction", "rank", "pk"]
        indexes = [
            models.Index(fields=["direction", "registration", "rank"]),
            models.Index(fields=["direction", "vacancy", "rank"]),
            models.Index(fields=["region_code"]),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} ↔ {self.vacancy_id} #{self.rank}"

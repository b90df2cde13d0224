"""Stable codes of the plan's indicators (专栏1): their kind, the rule their target sets, where a figure comes from,
and how far an indicator is from its path."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorKind(models.TextChoices):
    INDICATIVE = "indicative", _("预期性")
    BINDING = "binding", _("约束性")


class TargetRule(models.TextChoices):
    """What the 2025 column or the 年均/累计 column of 专栏1 asks of an indicator."""

    CUMULATIVE_AT_LEAST = "cumulative_at_least", _("五年累计不低于")  # 城镇新增就业 >（200）
    ANNUAL_AT_MOST = "annual_at_most", _("每年低于")  # 城镇调查失业率 <5.5
    ANNUAL_AT_LEAST = "annual_at_least", _("每年高于")  # 脱贫人口务工规模 >90
    AVERAGE_AT_LEAST = "average_at_least", _("年均不低于")  # 全员劳动生产率增长 8.8
    LEVEL_AT_LEAST = "level_at_least", _("目标年达到")  # 城镇就业占比 57.7 → 62
    RISING = "rising", _("稳步提高")  # 劳动报酬占比
    NATIONAL = "national", _("完成国家确定目标")  # 补贴性职业技能培训


class ActualSource(models.TextChoices):
    """Where a figure comes from; jiuye's own computations are not stored, they are computed beside these."""

    BULLETIN = "bulletin", _("统计公报")
    ENTERED = "entered", _("经办录入")
    IMPORTED = "imported", _("批量导入")
    DEMO = "demo", _("演示数据")


class ProgressStatus(models.TextChoices):
    ON_TRACK = "on_track", _("达到进度")
    SLIGHTLY_BEHIND = "slightly_behind", _("略低于进度")
    BEHIND = "behind", _("明显滞后")
    UNKNOWN = "unknown", _("无法评估")


class RevisionAction(models.TextChoices):
    CREATE = "create", _("录入")
    UPDATE = "update", _("修订")

"""Stable codes of job-seeker registrations and referrals (求职登记、职业介绍)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SeekerStatus(models.TextChoices):
    """求职登记 status: active until placed, withdrawn, or past its expiry without renewal."""

    ACTIVE = "active", _("求职中")
    PLACED = "placed", _("已就业")
    EXPIRED = "expired", _("已过期")
    WITHDRAWN = "withdrawn", _("已撤销")


class ReferralOutcome(models.TextChoices):
    """The employer's answer to a referral (职业介绍), in the order it usually happens."""

    PENDING = "pending", _("待反馈")
    INTERVIEWED = "interviewed", _("已面试")
    HIRED = "hired", _("已录用")
    REFUSED = "refused", _("未录用")
    DECLINED = "declined", _("求职者放弃")


class RefusalReason(models.TextChoices):
    SKILLS = "skills", _("技能不符")
    EXPERIENCE = "experience", _("经验不足")
    EDUCATION = "education", _("学历不符")
    WAGE = "wage", _("工资待遇未谈妥")
    FILLED = "filled", _("岗位已招满")
    NO_SHOW = "no_show", _("未参加面试")
    OTHER = "other", _("其他")

from django.db import models
from django.utils.translation import gettext_lazy as _


class Ownership(models.TextChoices):
    """Registration types as grouped in employment statistics (登记注册类型)."""

    STATE_OWNED = "state_owned", _("国有企业")
    COLLECTIVE = "collective", _("集体企业")
    PRIVATE = "private", _("私营企业")
    LIMITED_LIABILITY = "limited_liability", _("有限责任公司")
    JOINT_STOCK = "joint_stock", _("股份有限公司")
    HONG_KONG_MACAO_TAIWAN = "hmt_invested", _("港澳台商投资企业")
    FOREIGN = "foreign_invested", _("外商投资企业")
    INDIVIDUAL = "individual", _("个体工商户")
    PUBLIC_INSTITUTION = "public_institution", _("机关事业单位")
    OTHER = "other", _("其他")


class SizeClass(models.TextChoices):
    """Enterprise size (统计上大中小微型企业划分办法, 2017). The thresholds depend on the industry, so the class is
    stored as reported, not derived from headcount."""

    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")

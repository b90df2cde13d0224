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


class ContractKind(models.TextChoices):
    """用工形式 asked for a vacancy."""

    FULL_TIME = "full_time", _("全职")
    PART_TIME = "part_time", _("兼职")
    SEASONAL = "seasonal", _("季节性用工")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("招聘中")
    FILLED = "filled", _("已招满")
    CLOSED = "closed", _("已关闭")
    EXPIRED = "expired", _("已过期")


class VacancyChannel(models.TextChoices):
    """Who registered the vacancy (岗位来源)."""

    EMPLOYER = "employer", _("单位自行发布")
    CASEWORKER = "caseworker", _("经办人员登记")
    JOB_FAIR = "job_fair", _("招聘会")
    IMPORT = "import", _("批量导入")

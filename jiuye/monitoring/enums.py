from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已报送")
    RETURNED = "returned", _("已退回")
    ACCEPTED = "accepted", _("已审核")


class ReductionReason(models.TextChoices):
    """岗位减少原因, in the order of the national monitoring form. Each code is also the suffix of the
    report's field (`reduced_economic_layoff`), its label the bracketed part of the import column
    (`减少人数(经济性裁员)`)."""

    CLOSURE_BANKRUPTCY = "closure_bankruptcy", _("关闭破产")
    SUSPENSION = "suspension", _("停业整顿")
    ECONOMIC_LAYOFF = "economic_layoff", _("经济性裁员")
    BUSINESS_TRANSFER = "business_transfer", _("业务转移")
    NATURAL_ATTRITION = "natural_attrition", _("自然减员")
    CONTRACT_EXPIRY = "contract_expiry", _("劳动合同期满")
    OTHER = "other", _("其他")


class RevisionAction(models.TextChoices):
    SUBMIT = "submit", _("报送")
    REVISE = "revise", _("修改")
    RETURN = "return", _("退回")
    ACCEPT = "accept", _("审核通过")


def reduction_field(reason: str) -> str:
    return f"reduced_{reason}"


REDUCTION_FIELDS = tuple(reduction_field(reason) for reason in ReductionReason.values)


class WarningScope(models.TextChoices):
    ENTERPRISE = "enterprise", _("企业")
    REGION = "region", _("地区")
    INDUSTRY = "industry", _("行业")


class WarningStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ACKNOWLEDGED = "acknowledged", _("已签收")
    CLOSED = "closed", _("已关闭")


class WarningAction(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", _("签收")
    NOTE = "note", _("跟进记录")
    CLOSE = "close", _("关闭")
    REFRESH = "refresh", _("数据更新")  # re-evaluated with new figures (a revised report): by the system

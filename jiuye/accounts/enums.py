from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("经办人员")
    ANALYST = "analyst", _("分析人员")
    ENTERPRISE_REPORTER = "enterprise_reporter", _("企业填报员")
    ADMINISTRATOR = "administrator", _("系统管理员")

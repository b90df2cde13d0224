from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    UNMASK = "unmask", _("查看完整身份证号")
    EXPORT = "export", _("导出")
    IMPORT = "import", _("导入")
    VERIFY = "verify", _("动态口令验证")

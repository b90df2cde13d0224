from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.scope import RegionScopedModel
from jiuye.audit.enums import AuditAction


class AuditEvent(RegionScopedModel):
    """Who did what to which record, when and from where (PIPL: records of processing personal information).

    Written by services, never updated. `region_code` is the region of the record at the time, so an administrator
    reads the log of their own region; `person` links an event to the person it concerns, when there is one."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        "accounts.User", verbose_name=_("用户"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The platform's own writes (a nightly job, a consequence of another write) have no user but this name.
    job = models.CharField(_("系统作业"), max_length=64, blank=True, default="", db_default="")
    action = models.CharField(_("操作"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(_("对象类型"), max_length=64)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    person = models.ForeignKey(
        "people.Person", verbose_name=_("人员"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=200, blank=True)

    region_scope_field = "region_code"

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user or self.job} {self.get_action_display()} {self.object_type}"

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.enums import Role
from jiuye.accounts.scope import RegionScopedQuerySet, ScopedRecordMixin
from jiuye.reference.enums import RegionLevel
from jiuye.reference.models import Region


class OrgUnit(ScopedRecordMixin, models.Model):
    """A public employment service office at one of the five levels (五级公共就业服务), serving one region."""

    name = models.CharField(_("机构名称"), max_length=128)
    service_level = models.CharField(_("服务层级"), max_length=16, choices=RegionLevel.choices)
    region = models.ForeignKey(Region, verbose_name=_("所辖区划"), on_delete=models.PROTECT, related_name="org_units")

    objects = RegionScopedQuerySet.as_manager()

    region_scope_field = "region__code"

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        ordering = ["region_id", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="org_unit_unique_name_in_region")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.region_id and self.region.level != self.service_level:
            raise ValidationError(
                {
                    "service_level": _("服务层级必须与所辖区划的级别一致（%(level)s）。")
                    % {"level": self.region.get_level_display()}
                }
            )


class JiuyeUserManager(UserManager.from_queryset(RegionScopedQuerySet)):
    """Users are scoped like personal data: an administrator sees the accounts of org units in their region."""


class User(ScopedRecordMixin, AbstractUser):
    org_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("所属机构"), on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    objects = JiuyeUserManager()

    region_scope_field = "org_unit__region__code"

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def region(self) -> Region | None:
        return self.org_unit.region if self.org_unit_id else None

    @property
    def role_codes(self) -> set[str]:
        if not hasattr(self, "_role_codes"):
            self._role_codes = set(self.role_assignments.values_list("role", flat=True))
        return self._role_codes

    def has_role(self, role: Role) -> bool:
        return self.is_superuser or role in self.role_codes


class RoleAssignment(ScopedRecordMixin, models.Model):
    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)

    objects = RegionScopedQuerySet.as_manager()

    region_scope_field = "user__org_unit__region__code"

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique")]

    def __str__(self) -> str:
        return self.get_role_display()


def api_token_expiry() -> datetime.datetime:
    """A new token's end: API_TOKEN_LIFETIME_DAYS (default 365) from now, so a forgotten token stops working."""
    return timezone.now() + datetime.timedelta(days=getattr(settings, "API_TOKEN_LIFETIME_DAYS", 365))


class ApiTokenQuerySet(RegionScopedQuerySet):
    def active(self) -> "ApiTokenQuerySet":
        """Tokens that authenticate: not revoked, not expired, of an active user."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)


class ApiToken(ScopedRecordMixin, models.Model):
    """A bearer token for another government system calling the API on behalf of a user (and so within that user's
    region). Only a SHA-256 hash of the secret is stored; the secret is shown once, when created."""

    user = models.ForeignKey(User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=128)
    prefix = models.CharField(_("前缀"), max_length=12, unique=True)
    key_hash = models.CharField(_("密钥摘要"), max_length=64)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("有效期至"), default=api_token_expiry)

    objects = ApiTokenQuerySet.as_manager()

    region_scope_field = "user__org_unit__region__code"

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

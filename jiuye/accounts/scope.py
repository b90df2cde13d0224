"""The one region scope for personal and enterprise data.

Region codes are hierarchical (14 Shanxi, 1401 Taiyuan, 140105 Xiaodian, 140105001 a street...), so a user sees a
record when the record's region code starts with the code of the user's org unit. A province user sees all of
Shanxi; a county office sees its county. Superusers see everything; a user with no org unit sees nothing.

Every model holding personal or enterprise data subclasses `RegionScopedModel` and names the field that carries its
region code; every read of such data goes through `Model.objects.visible_to(user)`. The test suite lists every model
of the project and fails when one holds such data without this base class (tests/accounts/test_scope.py).
"""

from typing import TYPE_CHECKING, ClassVar, Self

from django.db import models

from jiuye.accounts.enums import Role
from jiuye.reference.codes import code_prefix_lookup

if TYPE_CHECKING:
    from jiuye.accounts.models import User

EVERYWHERE = ""  # the prefix of every code: a superuser's scope


def user_region_prefix(user: "User") -> str | None:
    """The region-code prefix a user may see, or None when the user may see nothing."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return EVERYWHERE
    org_unit = getattr(user, "org_unit", None)
    return org_unit.region_id if org_unit is not None else None


def is_reporter_account(user: "User") -> bool:
    """An enterprise's own account (企业填报员): the reporter role and no role that reads by region. It sees what its
    employers own, never the region's people or other enterprises (a superuser has every role, so is not one)."""
    return (
        user.is_authenticated
        and user.is_active
        and user.has_role(Role.ENTERPRISE_REPORTER)
        and not any(user.has_role(role) for role in (Role.CASEWORKER, Role.ADMINISTRATOR, Role.ANALYST))
    )


class RegionScopedQuerySet(models.QuerySet):
    def visible_to(self, user: "User") -> Self:
        """Records in the user's region; for an enterprise's reporter account, only records of the employers that
        list it as a reporter (by the model's `employer_path`), wherever they are, and nothing else."""
        prefix = user_region_prefix(user)
        if prefix is None:
            return self.none()
        if is_reporter_account(user):
            path = self.model.employer_path
            if path is None:
                return self.none()
            return self.filter(**{f"{path}__reporters" if path else "reporters": user})
        return self.in_region(prefix)

    def in_region(self, code: str) -> Self:
        """Records inside a region (for statistics by region), to be combined with `visible_to`."""
        return self.filter(**code_prefix_lookup(self.model.region_scope_field, code))


class ScopedRecordMixin:
    """For models scoped by `region_scope_field` whose default manager has `visible_to`."""

    # The lookup path to the employer whose reporter accounts may see the record ("" for an employer itself);
    # None for records no enterprise account may see (people, households, accounts, region warnings...).
    employer_path: ClassVar[str | None] = None

    def is_visible_to(self, user: "User") -> bool:
        return type(self)._default_manager.visible_to(user).filter(pk=self.pk).exists()


class RegionScopedModel(ScopedRecordMixin, models.Model):
    """Base of every model with personal or enterprise data. `region_scope_field` is a lookup path to a region code,
    such as `residence_region__code` or `employer__region__code`."""

    region_scope_field: ClassVar[str]

    objects = RegionScopedQuerySet.as_manager()

    class Meta:
        abstract = True

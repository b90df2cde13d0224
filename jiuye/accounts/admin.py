from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jiuye.accounts.models import ApiToken, OrgUnit, RoleAssignment, User
from jiuye.accounts.perms import can_administer
from jiuye.accounts.scope import RegionScopedQuerySet, user_region_prefix
from jiuye.reference.models import Region


class RegionScopedAdminMixin:
    """Admin pages of personal and enterprise data: a non-superuser administrator sees and edits only records of
    their region, and can only pick regions inside it."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_module_permission(self, request) -> bool:
        return can_administer(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return can_administer(request.user) and (obj is None or obj.is_visible_to(request.user))

    def has_change_permission(self, request, obj=None) -> bool:
        return self.has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return can_administer(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Links to scoped records (a person, an employer, an account) accept only records the administrator may
        see, so that an id typed into a raw-id field cannot attach another county's record."""
        prefix = user_region_prefix(request.user)
        if db_field.related_model is Region and prefix is not None:
            kwargs["queryset"] = Region.objects.within(prefix)
        if db_field.related_model is OrgUnit and prefix is not None:
            kwargs["queryset"] = OrgUnit.objects.in_region(prefix)
        elif _is_scoped(db_field.related_model):
            kwargs["queryset"] = db_field.related_model._default_manager.visible_to(request.user)
        if db_field.name in self.raw_id_fields and "queryset" in kwargs and "widget" not in kwargs:
            kwargs["widget"] = ScopedRawIdWidget(db_field.remote_field, self.admin_site, queryset=kwargs["queryset"])
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Only records of the administrator's region can be linked (an employer's reporter accounts, for one).
        if _is_scoped(db_field.related_model):
            kwargs["queryset"] = db_field.related_model._default_manager.visible_to(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id field that names only a record the administrator may see. Django's widget names whatever record the
    typed id finds, so a Xiaodian administrator posting a Xinrong person's id in a form with an error saw that
    person's name beside the field (found by tests/security/test_walk.py)."""

    def __init__(self, rel, admin_site, *, queryset, **kwargs):
        super().__init__(rel, admin_site, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        try:
            visible = self.queryset.filter(**{self.rel.get_related_field().name: value}).exists()
        except (ValueError, TypeError, ValidationError):
            visible = False
        return super().label_and_url_for_value(value) if visible else ("", "")


def _is_scoped(model) -> bool:
    return isinstance(model._default_manager.all(), RegionScopedQuerySet)


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1


@admin.register(User)
class UserAdmin(RegionScopedAdminMixin, DjangoUserAdmin):
    list_display = ["username", "last_name", "first_name", "org_unit", "is_active", "is_staff"]
    list_filter = ["is_active", "is_staff", "org_unit__service_level"]
    list_select_related = ["org_unit"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("机构"), {"fields": ("org_unit", "phone")}),
    )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        # A regional administrator manages accounts but cannot grant powers beyond their own.
        return ("is_superuser", "groups", "user_permissions", "last_login", "date_joined")


@admin.register(OrgUnit)
class OrgUnitAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "service_level", "region"]
    list_filter = ["service_level"]
    search_fields = ["name", "region__name"]
    list_select_related = ["region"]


@admin.register(ApiToken)
class ApiTokenAdmin(RegionScopedAdminMixin, admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "expires_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
    list_select_related = ["user"]

"""The administrators' view of the second factors: who has one, and an audited reset (a lost phone). django-otp's own
admin page is replaced: it shows each secret key and its QR code, and deletes without an audit event."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from jiuye.accounts.models import User
from jiuye.accounts.perms import can_administer
from jiuye.second_factor.services import device_reset

if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class SecondFactorAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = list_display
    readonly_fields = list_display
    actions = ["reset"]

    def get_queryset(self, request):
        """An administrator sees the devices of the accounts of their region, as on the user pages."""
        return super().get_queryset(request).filter(user__in=User.objects.visible_to(request.user))

    def has_module_permission(self, request) -> bool:
        return can_administer(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return can_administer(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the audited action below instead

    @admin.action(description=_("重置所选用户的动态口令（下次登录时重新绑定）"), permissions=["view"])
    def reset(self, request, queryset) -> None:
        users = User.objects.filter(pk__in=queryset.values("user_id"))
        for user in users:
            device_reset(actor=request.user, user=user)
        self.message_user(request, _("已重置 %(count)d 个用户的动态口令。") % {"count": len(users)}, messages.SUCCESS)

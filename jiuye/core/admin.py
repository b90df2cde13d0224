"""Admin helpers every app may use (core depends on nothing of jiuye)."""


class ReadOnlyAdminMixin:
    """For records written only by services or shipped files: the admin shows them and changes nothing."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

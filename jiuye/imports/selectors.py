from django.db.models import QuerySet

from jiuye.accounts.models import User
from jiuye.imports.models import ImportRecord


def import_record_list(*, user: User) -> QuerySet[ImportRecord]:
    """Imports of the user's region and the regions inside it, latest first."""
    return ImportRecord.objects.visible_to(user).select_related("user")

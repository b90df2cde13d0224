"""Who may run imports and see them.

- Running an import of a kind: a user with a region, allowed by the kind's own rule (the registers: caseworkers and
  administrators, `jiuye.people.perms.can_edit_people`). Rows are written only inside the user's region.
- Seeing import records and downloading their rejected rows: users who may run some import, for records of their
  region and the regions inside it (the importer, and the city and province above). The rejected rows hold resident
  ID numbers as typed, so each download is audited.
- Confirming a dry run: only the user who ran it, once.
"""

from jiuye.accounts.models import User
from jiuye.accounts.scope import user_region_prefix
from jiuye.imports.enums import ImportStatus
from jiuye.imports.kinds import all_kinds
from jiuye.imports.models import ImportRecord


def can_import(user: User) -> bool:
    return user_region_prefix(user) is not None and any(kind.can_run(user) for kind in all_kinds())


def can_view_import(user: User, record: ImportRecord) -> bool:
    return can_import(user) and record.is_visible_to(user)


def can_confirm_import(user: User, record: ImportRecord) -> bool:
    return (
        record.user_id == user.pk
        and record.dry_run
        and record.status == ImportStatus.SUCCEEDED
        and not record.commits.exists()
    )

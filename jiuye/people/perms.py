"""Who may see and do what with personal data.

- Reading: the region scope (`visible_to`), for every role.
- The full resident ID number: only users with the `people.unmask_ric` permission (granted per user or group by an
  administrator), and each reveal is audited. Everyone else sees `140105********0012`.
- Writing registers and services: caseworkers and administrators, within their region.

Job-seeker registrations and referrals have their rules in `jiuye.seekers.perms`.
"""

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User


def can_unmask_ric(user: User) -> bool:
    return user.is_active and user.has_perm("people.unmask_ric")


def can_edit_people(user: User) -> bool:
    return user.is_active and (user.has_role(Role.CASEWORKER) or user.has_role(Role.ADMINISTRATOR))

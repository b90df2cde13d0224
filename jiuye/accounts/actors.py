"""Who performs a write: a signed-in user, or the platform itself.

Every write service takes `actor` and checks it itself (role and region). Work that no user asked for — the nightly
expiry of registrations, a vacancy filled because the last hire was recorded, the demo generator, a test's setup —
is done by a `SystemActor` naming the job: it passes the role and region checks, and the audit log keeps the job's
name where a user would be. There is no "no actor": a forgotten actor is an error, not a bypass.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jiuye.accounts.models import User


@dataclass(frozen=True)
class SystemActor:
    """The platform acting on its own. `job` is what the audit log shows, in Chinese: "夜间作业：求职登记到期". When
    the work follows from a user's own write (the person hired through a referral becomes employed, whoever recorded
    the hire), `on_behalf_of` is that user, recorded as who did it, beside the job that allowed it."""

    job: str  # or a lazy translation
    on_behalf_of: "User | None" = None
    is_authenticated = False
    is_active = True
    is_superuser = False
    pk = None

    def __str__(self) -> str:
        return self.job


type Actor = "User | SystemActor"


def is_system(actor: "Actor") -> bool:
    return isinstance(actor, SystemActor)


def signed_in_user(actor: "Actor") -> "User | None":
    """The user to record as who did it (`created_by`, `recorded_by`, the audit event's user), or None for the
    platform on its own."""
    if is_system(actor):
        return actor.on_behalf_of
    return actor if actor.is_authenticated else None

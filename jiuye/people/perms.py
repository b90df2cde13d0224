"""Who may see and do what with personal data.

- Reading: the region scope (`visible_to`), for every role.
- The full resident ID number: only users with the `people.unmask_ric` permission (granted per user or group by an
  administrator), and each reveal is audited. Everyone else sees `140105********0012`.
- Writing registers and services: caseworkers and administrators, within their region.
- The audit log: administrators, within their region.
- Job-seeker registrations and referrals (求职登记、职业介绍): caseworkers and administrators, for people of their
  region. The employer's answer to a referral is recorded by an officer who sees the person, or by a reporter
  account of the vacancy's employer, who sees the person's name and masked phone only.
"""

from typing import TYPE_CHECKING

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.employers.perms import is_reporter_account

if TYPE_CHECKING:
    from jiuye.people.models import Referral


def can_unmask_ric(user: User) -> bool:
    return user.is_active and user.has_perm("people.unmask_ric")


def can_edit_people(user: User) -> bool:
    return user.is_active and (user.has_role(Role.CASEWORKER) or user.has_role(Role.ADMINISTRATOR))


def can_read_audit_log(user: User) -> bool:
    return user.is_active and user.has_role(Role.ADMINISTRATOR)


def can_manage_seekers(user: User) -> bool:
    """Register, renew and withdraw job seekers, and refer them: the officers who edit the registers."""
    return can_edit_people(user)


def can_see_referral(user: User, referral: "Referral") -> bool:
    """An employer's account sees the referrals to its employers' vacancies; everyone else by the referred person's
    region (both are the region scope of `Referral`, through its `employer_path`)."""
    return referral.is_visible_to(user)


def can_answer_referrals(user: User) -> bool:
    """Who records employers' answers, on the referrals they see: officers who edit the registers, and employer
    accounts."""
    return is_reporter_account(user) or can_edit_people(user)


def can_record_referral_outcome(user: User, referral: "Referral") -> bool:
    """An officer who sees the referred person, or a reporter account of the employer offering the vacancy."""
    return can_answer_referrals(user) and referral.is_visible_to(user)

"""Who may do what with job-seeker registrations and referrals (求职登记、职业介绍).

- Register, renew, withdraw and refer: caseworkers and administrators, for people of their region (the officers who
  edit the registers, `jiuye.people.perms.can_edit_people`).
- The employer's answer to a referral is recorded by an officer who sees the person, or by a reporter account of the
  vacancy's employer, who sees the person's name and masked phone only.
"""

from typing import TYPE_CHECKING

from jiuye.accounts.models import User
from jiuye.employers.perms import is_reporter_account
from jiuye.people.perms import can_edit_people

if TYPE_CHECKING:
    from jiuye.seekers.models import Referral


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

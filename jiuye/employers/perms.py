"""Who may see and do what with employers and vacancies.

- Officers (caseworkers, administrators) manage the employers and vacancies of their region: a Xiaodian caseworker
  registers and edits Xiaodian employers and the vacancies whose place of work is in Xiaodian.
- Analysts read by the region scope and change nothing.
- A vacancy is also a job advert: any user of the administration reads any vacancy's page and API detail, as the
  recommendations of a seeker who accepts work in another county show it (docs/access-policy.md, 2;
  `jiuye.employers.selectors.vacancies_advertised`); lists, candidates and changes keep to the region.
- A reporter account (企业填报员, with no officer or analyst role) sees and manages only the employers that list it
  in `Employer.reporters`, and their vacancies wherever the work is; it never sees another employer of the same
  county. It records the employer's answers to referrals to those vacancies, seeing the referred person's name and
  masked phone only (`jiuye.people.perms.can_record_referral_outcome`).

`visible_to` applies the reporter rule (`jiuye.accounts.scope.is_reporter_account` and each model's
`employer_path`); `jiuye.employers.selectors` builds on it.
"""

from typing import TYPE_CHECKING

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.accounts.scope import is_reporter_account as is_reporter_account  # the one rule, re-exported

if TYPE_CHECKING:
    from jiuye.employers.models import Employer, Vacancy

OFFICER_ROLES = (Role.CASEWORKER, Role.ADMINISTRATOR)


def is_officer(user: User) -> bool:
    return user.is_authenticated and user.is_active and any(user.has_role(role) for role in OFFICER_ROLES)


def reports_for(user: User, employer: "Employer") -> bool:
    """Whether `user` is one of the employer's reporter accounts."""
    return is_reporter_account(user) and employer.reporters.filter(pk=user.pk).exists()


def can_manage_employers(user: User) -> bool:
    """Register employers and edit them: officers only (a reporter edits through its officer)."""
    return is_officer(user)


def can_manage_employer(user: User, employer: "Employer") -> bool:
    return is_officer(user) and employer.is_visible_to(user)


def can_post_vacancies(user: User, employer: "Employer") -> bool:
    """Register a vacancy of `employer`: an officer of the employer's region, or one of its reporter accounts."""
    return can_manage_employer(user, employer) or reports_for(user, employer)


def can_manage_contacts(user: User, employer: "Employer") -> bool:
    """Add and edit the employer's contacts (联系人): an officer of its region, or one of its reporter accounts, who
    keeps its own phone numbers current. A reporter changes nothing else of the employer (`can_manage_employer`)."""
    return can_post_vacancies(user, employer)


def can_manage_vacancy(user: User, vacancy: "Vacancy") -> bool:
    """Edit, close or fill a vacancy: an officer of the region where the work is, or a reporter account of its
    employer."""
    if is_officer(user):
        return vacancy.is_visible_to(user)
    return reports_for(user, vacancy.employer)

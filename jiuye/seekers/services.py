"""Job seekers and referrals (求职登记、职业介绍): a person of the register registers what work they want; a
caseworker refers them to a vacancy, which is recorded as a `job_referral` service; the employer's answer is kept
with its history, and a hire makes the person employed, places the registration and may fill the vacancy.

The rules (who may register, validity, renewal) are data: `data/rules.json`, `seeker_registration`.
"""

import calendar
import datetime
import logging
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiuye.accounts.actors import Actor, SystemActor, is_system, signed_in_user
from jiuye.accounts.models import OrgUnit, User
from jiuye.audit.enums import AuditAction
from jiuye.employers.enums import VacancyStatus
from jiuye.employers.models import Vacancy
from jiuye.employers.services import vacancy_fill
from jiuye.people.enums import EmploymentStatus, ServiceKind
from jiuye.people.models import Person
from jiuye.people.rules import seeker_rule, working_age
from jiuye.people.services import age_on, audit_for_person, person_set_employment_status, service_record
from jiuye.reference.enums import DataSource
from jiuye.reference.models import Occupation, Region
from jiuye.seekers.enums import ReferralOutcome, RefusalReason, SeekerStatus
from jiuye.seekers.models import Referral, ReferralEvent, SeekerRegistration
from jiuye.seekers.perms import can_manage_seekers, can_record_referral_outcome

logger = logging.getLogger(__name__)

# The employer's answers and what may follow each: an interview may follow the referral, and a final answer
# (hired, refused, declined) either of them. A final answer is never changed; a mistake is corrected by an
# administrator.
TRANSITIONS = {
    ReferralOutcome.PENDING: {
        ReferralOutcome.INTERVIEWED, ReferralOutcome.HIRED, ReferralOutcome.REFUSED, ReferralOutcome.DECLINED,
    },
    ReferralOutcome.INTERVIEWED: {ReferralOutcome.HIRED, ReferralOutcome.REFUSED, ReferralOutcome.DECLINED},
}  # fmt: skip


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has none (2026-08-31 + 6 -> 2027-02-28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# What follows from a recorded hire is the platform's rule, whoever recorded it (an employer's account may not
# change a person's status itself): the person becomes employed, and the vacancy is filled at its headcount.
HIRE_FOLLOW_UP = gettext_lazy("录用后续：就业状态与岗位招满")


def _check_officer(actor: Actor, person: Person) -> None:
    if is_system(actor):
        return
    if not can_manage_seekers(actor):
        raise PermissionDenied(_("只有经办人员或管理员可以办理求职登记和职业介绍。"))
    if not person.is_visible_to(actor):
        raise PermissionDenied(_("该人员不在您的管辖范围内。"))


def seeker_refusal(*, person: Person, on: datetime.date) -> str | None:
    """Why the person cannot register as a job seeker on `on`, in Chinese, or None when they can: the person card
    asks before it offers the form, and `seeker_register` refuses with the same words."""
    return _rule_refusal(person, on) or _active_refusal(
        person, person.seeker_registrations.filter(status=SeekerStatus.ACTIVE).first()
    )


def _rule_refusal(person: Person, on: datetime.date) -> str | None:
    """Article 6 of the national rules: 16 or older, able to work, wanting work; and below the retirement age."""
    rule = seeker_rule()
    low, high = working_age(person.sex)
    age = age_on(person, on)
    if age < max(low, rule.minimum_age) or age >= high:
        return _("%(name)s现年%(age)d岁，不在法定劳动年龄内（%(low)d至%(high)d岁），不能办理求职登记。") % {
            "name": person.name, "age": age, "low": max(low, rule.minimum_age), "high": high - 1,
        }  # fmt: skip
    if not person.able_to_work:
        return _("%(name)s登记为无劳动能力，不能办理求职登记。") % {"name": person.name}
    if not rule.employed_may_register and person.employment_status == EmploymentStatus.EMPLOYED:
        return _("%(name)s处于就业状态，不能办理求职登记。") % {"name": person.name}
    return None


def _active_refusal(person: Person, active: SeekerRegistration | None) -> str | None:
    if active is None:
        return None
    return _("%(name)s已有有效的求职登记（有效期至%(until)s），请续期或修改该登记。") % {
        "name": person.name, "until": active.expires_on,
    }  # fmt: skip


def _check_wishes(*, regions: list[Region], commute_km: int | None, expected_wage: int | None) -> None:
    if not regions and not commute_km:
        raise ValidationError({"accepted_regions": _("请填写意向工作地，或可接受的通勤距离")})
    if expected_wage is not None and expected_wage <= 0:
        raise ValidationError({"expected_wage": _("期望月工资应大于0元")})


@transaction.atomic
def seeker_register(
    *,
    actor: Actor,
    person: Person,
    registered_on: datetime.date,
    desired_occupations: Iterable[Occupation] = (),
    desired_titles: str = "",
    skills: str = "",
    experience_years: int = 0,
    accepted_regions: Iterable[Region] = (),
    commute_km: int | None = None,
    expected_wage: int | None = None,
    available_on: datetime.date | None = None,
    organisation: OrgUnit | None = None,
    source: DataSource = DataSource.MANUAL,
) -> SeekerRegistration:
    """Register a person as a job seeker, valid for the rules' months; one active registration per person."""
    _check_officer(actor, person)
    if registered_on > timezone.localdate():
        raise ValidationError({"registered_on": _("登记日期不能晚于今天。")})
    refusal = _rule_refusal(person, registered_on)
    if refusal:
        raise ValidationError(refusal)
    regions, occupations = list(accepted_regions), list(desired_occupations)
    _check_wishes(regions=regions, commute_km=commute_km, expected_wage=expected_wage)
    active = SeekerRegistration.objects.select_for_update().filter(person=person, status=SeekerStatus.ACTIVE).first()
    refusal = _active_refusal(person, active)
    if refusal:
        raise ValidationError(refusal)
    registration = SeekerRegistration.objects.create(
        person=person, desired_titles=desired_titles.strip(), skills=skills.strip(),
        experience_years=experience_years, commute_km=commute_km, expected_wage=expected_wage,
        available_on=available_on, registered_on=registered_on,
        expires_on=add_months(registered_on, seeker_rule().validity_months), source=source,
        organisation=organisation or getattr(signed_in_user(actor), "org_unit", None),
    )  # fmt: skip
    registration.desired_occupations.set(occupations)
    registration.accepted_regions.set(regions)
    audit_for_person(
        actor, AuditAction.CREATE, registration, person, _("求职登记"), {"expires_on": str(registration.expires_on)}
    )
    return registration


@transaction.atomic
def seeker_renew(*, actor: Actor, registration: SeekerRegistration, on: datetime.date) -> SeekerRegistration:
    """Renew an active registration within the window before it expires; the new period runs on from the old
    expiry, so renewing early loses no days (expiring 2026-12-31, renewed 2026-12-10: valid to 2027-06-30)."""
    _check_officer(actor, registration.person)
    rule = seeker_rule()
    if registration.status != SeekerStatus.ACTIVE:
        raise ValidationError(
            _("求职登记%(status)s，不能续期；请重新登记。") % {"status": registration.get_status_display()}
        )
    opens = registration.expires_on - datetime.timedelta(days=rule.renewal_window_days)
    if on > registration.expires_on:
        raise ValidationError(
            _("求职登记已于%(date)s到期，不能续期；请重新登记。") % {"date": registration.expires_on}
        )
    if on < opens:
        raise ValidationError(
            _("到期前%(days)d天内才能续期（自%(opens)s起）。") % {"days": rule.renewal_window_days, "opens": opens}
        )
    before = registration.expires_on
    registration.renewed_on = on
    registration.expires_on = add_months(registration.expires_on, rule.validity_months)
    registration.save(update_fields=["renewed_on", "expires_on", "updated_at"])
    changes = {"expires_on": [str(before), str(registration.expires_on)]}
    audit_for_person(actor, AuditAction.UPDATE, registration, registration.person, _("求职登记续期"), changes)
    return registration


@transaction.atomic
def seeker_withdraw(*, actor: Actor, registration: SeekerRegistration, reason: str = "") -> bool:
    """The person no longer seeks work through the office; returns False when already withdrawn."""
    _check_officer(actor, registration.person)
    if registration.status == SeekerStatus.WITHDRAWN:
        return False
    if registration.status != SeekerStatus.ACTIVE:
        raise ValidationError(_("求职登记%(status)s，不能撤销。") % {"status": registration.get_status_display()})
    registration.status = SeekerStatus.WITHDRAWN
    registration.save(update_fields=["status", "updated_at"])
    summary = _("撤销求职登记") + (f"：{reason.strip()}" if reason.strip() else "")
    audit_for_person(
        actor, AuditAction.UPDATE, registration, registration.person, summary, {"status": ["active", "withdrawn"]}
    )
    return True


@transaction.atomic
def seekers_expire(*, today: datetime.date) -> int:
    """Active registrations past their expiry become expired; the nightly job. Running it twice changes nothing."""
    stale = SeekerRegistration.objects.filter(status=SeekerStatus.ACTIVE, expires_on__lt=today)
    count = stale.update(status=SeekerStatus.EXPIRED, updated_at=timezone.now())
    logger.info("seekers_expire today=%s expired=%d", today, count)
    return count


def _check_referable(person: Person, vacancy: Vacancy, on: datetime.date) -> None:
    if not Vacancy.objects.open_on(on).filter(pk=vacancy.pk).exists():
        if vacancy.status != VacancyStatus.OPEN:
            reason = vacancy.get_status_display()
        else:
            reason = _("不在有效期内（%(start)s至%(end)s）") % {
                "start": vacancy.valid_from,
                "end": vacancy.valid_until,
            }
        raise ValidationError({"vacancy": _("岗位%(reason)s，不能推荐。") % {"reason": reason}})
    earlier = Referral.objects.filter(person=person, vacancy=vacancy).first()
    if earlier is not None:
        raise ValidationError(
            {"vacancy": _("已于%(date)s向%(name)s推荐过该岗位。") % {"date": earlier.referred_on, "name": person.name}}
        )


@transaction.atomic
def referral_create(
    *,
    actor: User,
    person: Person,
    vacancy: Vacancy,
    referred_on: datetime.date,
    registration: SeekerRegistration | None = None,
    score: float | None = None,
    explanation: list | None = None,
) -> Referral:
    """Pass a vacancy on to a person: a `job_referral` service by the caseworker's office, and the referral with
    the recommendation's score and reasons when it came from matching. The vacancy may be in another county (a
    seeker may accept work there); the person must be of the caseworker's region."""
    _check_officer(actor, person)
    if actor.org_unit_id is None:
        raise ValidationError(_("没有所属机构的账号不能记录职业介绍。"))
    if registration is not None and registration.person_id != person.pk:
        raise ValidationError({"registration": _("求职登记不属于该人员。")})
    _check_referable(person, vacancy, referred_on)
    registration = registration or person.seeker_registrations.filter(status=SeekerStatus.ACTIVE).first()
    description = _("推荐岗位：%(employer)s %(title)s") % {"employer": vacancy.employer.name, "title": vacancy.title}
    service = service_record(
        actor=actor, person=person, kind=ServiceKind.JOB_REFERRAL, provided_on=referred_on, provider=actor.org_unit,
        description=description,
    )  # fmt: skip
    return Referral.objects.create(
        person=person, registration=registration, vacancy=vacancy, service=service, referred_on=referred_on,
        referred_by=actor, score=score, explanation=explanation or [],
    )  # fmt: skip


def _check_outcome(referral: Referral, outcome: str, on: datetime.date, refusal_reason: str) -> None:
    allowed = TRANSITIONS.get(referral.outcome, set())
    if outcome not in allowed:
        raise ValidationError(
            {"outcome": _("职业介绍当前为“%(current)s”，不能登记为“%(new)s”。")
             % {"current": referral.get_outcome_display(), "new": ReferralOutcome(outcome).label}}
        )  # fmt: skip
    if outcome == ReferralOutcome.REFUSED and refusal_reason not in RefusalReason.values:
        raise ValidationError({"refusal_reason": _("未录用须选择原因。")})
    if outcome != ReferralOutcome.REFUSED and refusal_reason:
        raise ValidationError({"refusal_reason": _("只有未录用才填写原因。")})
    earliest = referral.outcome_on or referral.referred_on
    if on < earliest:
        raise ValidationError({"on": _("反馈日期不能早于%(date)s。") % {"date": earliest}})
    if on > timezone.localdate():
        raise ValidationError({"on": _("反馈日期不能晚于今天。")})


@transaction.atomic
def referral_outcome_record(
    *,
    actor: Actor,
    referral: Referral,
    outcome: ReferralOutcome | str,
    on: datetime.date,
    refusal_reason: RefusalReason | str = "",
    note: str = "",
) -> ReferralEvent:
    """Record the employer's (or the seeker's) answer. A hire makes the person employed from that day (through
    `person_set_employment_status`, naming the referral's service), places their registration, and fills the
    vacancy when its hires reach the headcount."""
    if not is_system(actor) and not can_record_referral_outcome(actor, referral):
        raise PermissionDenied(_("您不能登记该职业介绍的反馈。"))
    referral = Referral.objects.select_for_update().select_related("person", "vacancy__employer").get(pk=referral.pk)
    _check_outcome(referral, outcome, on, refusal_reason)
    if outcome == ReferralOutcome.HIRED:
        _check_places_left(referral.vacancy)
    referral.outcome, referral.outcome_on, referral.refusal_reason = outcome, on, refusal_reason
    referral.save(update_fields=["outcome", "outcome_on", "refusal_reason"])
    event = ReferralEvent.objects.create(
        referral=referral, outcome=outcome, on=on, refusal_reason=refusal_reason, note=note.strip()[:200],
        recorded_by=signed_in_user(actor),
    )  # fmt: skip
    label = ReferralOutcome(outcome).label
    audit_for_person(
        actor, AuditAction.UPDATE, referral, referral.person, _("职业介绍反馈：%(outcome)s") % {"outcome": label}
    )
    if outcome == ReferralOutcome.HIRED:
        _hire(SystemActor(job=HIRE_FOLLOW_UP, on_behalf_of=signed_in_user(actor)), referral, on)
    return event


def _check_places_left(vacancy: Vacancy) -> None:
    if vacancy.status == VacancyStatus.FILLED:
        raise ValidationError(
            {"outcome": _("该岗位已招满（招聘%(count)d人），不能再登记录用。") % {"count": vacancy.headcount}}
        )


def _hire(follow_up: SystemActor, referral: Referral, on: datetime.date) -> None:
    vacancy = referral.vacancy
    person_set_employment_status(
        actor=follow_up, person=referral.person, status=EmploymentStatus.EMPLOYED, effective_on=on,
        service=referral.service, note=_("经职业介绍被%(employer)s录用") % {"employer": vacancy.employer.name},
    )  # fmt: skip
    placed = SeekerRegistration.objects.filter(person=referral.person, status=SeekerStatus.ACTIVE)
    placed.update(status=SeekerStatus.PLACED, updated_at=timezone.now())
    hires = Referral.objects.filter(vacancy=vacancy, outcome=ReferralOutcome.HIRED).count()
    if hires >= vacancy.headcount and vacancy.status == VacancyStatus.OPEN:
        vacancy_fill(actor=follow_up, vacancy=vacancy)

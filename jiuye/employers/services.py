"""Writes to employers, their contacts and their vacancies. Every change is written to the audit log.

Who may do what is in `jiuye.employers.perms`; the services check it, so the pages, the API and the imports cannot
forget it. A vacancy's life: open -> filled (hires reached the headcount), closed (by the employer or an officer) or
expired (past `valid_until`, by the nightly `vacancies_expire`).
"""

import datetime
import logging
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc as uscc_standard

from jiuye.accounts.actors import Actor, is_system, signed_in_user
from jiuye.accounts.perms import can_view_region
from jiuye.audit.enums import AuditAction
from jiuye.audit.services import audit_record, audited_update
from jiuye.employers.enums import ContractKind, VacancyChannel, VacancyStatus
from jiuye.employers.models import Employer, EmployerContact, Vacancy
from jiuye.employers.perms import (
    can_manage_contacts,
    can_manage_employer,
    can_manage_employers,
    can_manage_vacancy,
    can_post_vacancies,
    reports_for,
)
from jiuye.imports.columns import phone as phone_parse
from jiuye.reference.enums import DataSource, OccupationLevel, RegionLevel
from jiuye.reference.models import Industry, Occupation, Region

logger = logging.getLogger(__name__)

PLACE_LEVELS = {RegionLevel.COUNTY, RegionLevel.STREET, RegionLevel.COMMUNITY}


def uscc_normalise(value: str) -> str:
    """Validate a unified social credit code by its GB 32100 check character and return its compact form."""
    try:
        return uscc_standard.validate(value)
    except stdnum_errors.ValidationError as error:
        raise ValidationError(
            _("统一社会信用代码“%(value)s”无效：%(reason)s") % {"value": value, "reason": _uscc_reason(value, error)}
        ) from error


def _uscc_reason(value: str, error: stdnum_errors.ValidationError) -> str:
    if isinstance(error, stdnum_errors.InvalidLength):
        return _("应为18位")
    if isinstance(error, stdnum_errors.InvalidChecksum):
        compact = uscc_standard.compact(value)
        return _("校验位不符，应为“%(expected)s”，而不是“%(given)s”") % {
            "expected": uscc_standard.calc_check_digit(compact[:-1]),
            "given": compact[-1],
        }
    return _("含有不允许的字符")


def _audit(actor: Actor, action: AuditAction, target, region_code: str, summary: str, changes=None) -> None:
    audit_record(user=actor, action=action, target=target, region_code=region_code, summary=summary, changes=changes)


def _allowed(actor: Actor, rule) -> bool:
    """The platform may; a user when the rule (from `jiuye.employers.perms`) says so."""
    return is_system(actor) or rule()


def _check_place(region: Region, field: str, actor: Actor, *, scoped: bool = True) -> None:
    """A place of business or of work is a county or finer, and (for an officer) inside the officer's region."""
    if region.level not in PLACE_LEVELS:
        raise ValidationError({field: _("区划应至少精确到县（市、区），“%(name)s”不是") % {"name": region.name}})
    if scoped and not is_system(actor) and not can_view_region(actor, region.code):
        raise ValidationError({field: _("“%(name)s”不在您的管辖范围内") % {"name": region.name}})


def _check_coordinates(longitude: Decimal | None, latitude: Decimal | None) -> None:
    if (longitude is None) != (latitude is None):
        raise ValidationError({"longitude": _("经度和纬度须同时填写")})
    if longitude is not None and not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        raise ValidationError({"longitude": _("经纬度超出范围")})


@transaction.atomic
def employer_create(
    *,
    actor: Actor,
    uscc: str,
    name: str,
    industry: Industry,
    region: Region,
    ownership: str = "",
    size_class: str = "",
    headcount: int = 0,
    address: str = "",
    longitude: Decimal | None = None,
    latitude: Decimal | None = None,
    source: DataSource = DataSource.MANUAL,
) -> Employer:
    """Register an employer by its unified social credit code; one employer per code, whoever registered it."""
    if not _allowed(actor, lambda: can_manage_employers(actor)):
        raise PermissionDenied(_("只有经办人员或管理员可以登记用人单位。"))
    try:
        code = uscc_normalise(uscc.strip().upper())
    except ValidationError as error:
        raise ValidationError({"uscc": error.messages}) from error
    if Employer.objects.filter(uscc=code).exists():
        raise ValidationError({"uscc": _("统一社会信用代码%(uscc)s已登记") % {"uscc": code}})
    if not name.strip():
        raise ValidationError({"name": _("请填写单位名称")})
    _check_place(region, "region", actor)
    _check_coordinates(longitude, latitude)
    employer = Employer.objects.create(
        uscc=code, name=name.strip(), industry=industry, region=region, ownership=ownership, size_class=size_class,
        headcount=headcount, address=address.strip(), longitude=longitude, latitude=latitude, source=source,
    )  # fmt: skip
    _audit(actor, AuditAction.CREATE, employer, region.code, _("登记用人单位：%(name)s") % {"name": employer.name})
    return employer


@transaction.atomic
def employer_update(
    *,
    actor: Actor,
    employer: Employer,
    name: str,
    industry: Industry,
    region: Region,
    ownership: str = "",
    size_class: str = "",
    headcount: int = 0,
    address: str = "",
    longitude: Decimal | None = None,
    latitude: Decimal | None = None,
) -> bool:
    """Change the employer (the whole of it, as the form shows it); returns whether anything changed. The code is
    the employer's identity and is not changed here."""
    if not _allowed(actor, lambda: can_manage_employer(actor, employer)):
        raise PermissionDenied(_("您不能修改该用人单位。"))
    if not name.strip():
        raise ValidationError({"name": _("请填写单位名称")})
    values = {
        "name": name.strip(), "industry": industry, "region": region, "ownership": ownership,
        "size_class": size_class, "headcount": headcount, "address": address.strip(), "longitude": longitude,
        "latitude": latitude,
    }  # fmt: skip
    moved = region.code != employer.region_id

    def check() -> None:
        if moved:
            _check_place(region, "region", actor)
        _check_coordinates(longitude, latitude)

    return audited_update(
        actor=actor, instance=employer, values=values, summary=_("修改用人单位信息"), region_code=region.code,
        before_save=check,
    )  # fmt: skip


CONTACT_FIELDS = ["name", "title", "phone", "email", "is_primary"]


def _contact_values(name: str, title: str, phone: str, email: str) -> dict:
    """The contact's fields cleaned, or a ValidationError on the field at fault."""
    if not name.strip():
        raise ValidationError({"name": _("请填写联系人姓名")})
    if not phone.strip() and not email.strip():
        raise ValidationError({"phone": _("联系电话和电子邮箱至少填写一项")})
    try:
        phone = phone_parse(phone) if phone.strip() else ""
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from error
    return {"name": name.strip(), "title": title.strip(), "phone": phone, "email": email.strip()}


def _check_contacts(actor: Actor, employer: Employer) -> None:
    if not _allowed(actor, lambda: can_manage_contacts(actor, employer)):
        raise PermissionDenied(_("您不能修改该用人单位。"))


@transaction.atomic
def employer_contact_add(
    *,
    actor: Actor,
    employer: Employer,
    name: str,
    title: str = "",
    phone: str = "",
    email: str = "",
    is_primary: bool = False,
) -> EmployerContact:
    """Add a contact; a new primary contact takes the place of the previous one."""
    _check_contacts(actor, employer)
    values = _contact_values(name, title, phone, email)
    if is_primary:
        employer.contacts.filter(is_primary=True).update(is_primary=False)
    contact = EmployerContact.objects.create(employer=employer, is_primary=is_primary, **values)
    _audit(actor, AuditAction.CREATE, contact, employer.region_id, _("新增单位联系人：%(name)s") % {"name": name})
    return contact


@transaction.atomic
def employer_contact_update(
    *,
    actor: Actor,
    contact: EmployerContact,
    name: str,
    title: str = "",
    phone: str = "",
    email: str = "",
    is_primary: bool = False,
) -> bool:
    """Change a contact (the whole of it, as the form shows it); returns whether anything changed. Made primary, it
    takes the place of the previous primary contact. The audit keeps the old and new values."""
    employer = contact.employer
    _check_contacts(actor, employer)
    values = {**_contact_values(name, title, phone, email), "is_primary": is_primary}

    def demote_previous() -> None:
        if is_primary:
            employer.contacts.filter(is_primary=True).exclude(pk=contact.pk).update(is_primary=False)

    return audited_update(
        actor=actor, instance=contact, values=values, region_code=employer.region_id,
        summary=_("修改单位联系人：%(name)s") % {"name": values["name"]}, before_save=demote_previous,
    )  # fmt: skip


@transaction.atomic
def employer_contact_remove(*, actor: Actor, contact: EmployerContact) -> None:
    """Remove a contact (who has left the employer, say); the audit keeps what it held."""
    employer = contact.employer
    _check_contacts(actor, employer)
    held = {field: [getattr(contact, field), None] for field in CONTACT_FIELDS}
    summary = _("删除单位联系人：%(name)s") % {"name": contact.name}
    _audit(actor, AuditAction.DELETE, contact, employer.region_id, summary, held)
    contact.delete()


@dataclass(frozen=True)
class VacancyTerms:
    """What a vacancy asks and offers: every field a form, a file or the API gives, the same for registering a
    vacancy and for changing one (`dataclasses.replace(VacancyTerms.of(vacancy), wage_min=4500)`)."""

    occupation: Occupation
    title: str
    region: Region
    wage_min: int
    wage_max: int
    valid_from: datetime.date
    valid_until: datetime.date
    headcount: int = 1
    skills: str = ""
    duties: str = ""
    address: str = ""
    education: str = ""
    experience_years: int = 0
    hours_per_week: int | None = None
    contract_kind: str = ContractKind.FULL_TIME
    job_fair: str = ""
    longitude: Decimal | None = None
    latitude: Decimal | None = None

    @classmethod
    def of(cls, vacancy: Vacancy) -> "VacancyTerms":
        return cls(**{name: getattr(vacancy, name) for name in cls.__dataclass_fields__})

    def values(self) -> dict:
        """The model's fields, text stripped."""
        return {key: value.strip() if isinstance(value, str) else value for key, value in asdict(self).items()}


def _check_vacancy(vacancy: Vacancy, actor: Actor, *, today: datetime.date) -> None:
    """The rules a vacancy keeps whoever registers it, each error on its field."""
    errors = {}
    if not vacancy.title.strip():
        errors["title"] = _("请填写岗位名称")
    if vacancy.occupation.level < OccupationLevel.MINOR:
        errors["occupation"] = _("职业应选到小类或职业（细类），“%(name)s”是%(level)s") % {
            "name": vacancy.occupation.name, "level": vacancy.occupation.get_level_display(),
        }  # fmt: skip
    if vacancy.headcount < 1:
        errors["headcount"] = _("招聘人数至少为1人")
    if vacancy.wage_min <= 0:
        errors["wage_min"] = _("月工资下限应大于0元")
    elif vacancy.wage_min > vacancy.wage_max:
        errors["wage_max"] = _("月工资上限（%(max)d元）不能低于下限（%(min)d元）") % {
            "max": vacancy.wage_max, "min": vacancy.wage_min,
        }  # fmt: skip
    if vacancy.valid_from > vacancy.valid_until:
        errors["valid_until"] = _("有效期止不能早于有效期起")
    elif vacancy.valid_until < today:
        errors["valid_until"] = _("有效期止（%(date)s）已过") % {"date": vacancy.valid_until}
    if vacancy.channel == VacancyChannel.JOB_FAIR and not vacancy.job_fair.strip():
        errors["job_fair"] = _("招聘会登记的岗位须填写招聘会名称")
    if vacancy.contract_kind not in ContractKind.values:
        errors["contract_kind"] = _("用工形式无效")
    if errors:
        raise ValidationError(errors)
    # An employer's own account may post work anywhere; an officer posts work in their region.
    scoped = not is_system(actor) and not reports_for(actor, vacancy.employer)
    _check_place(vacancy.region, "region", actor, scoped=scoped)
    _check_coordinates(vacancy.longitude, vacancy.latitude)


@transaction.atomic
def vacancy_create(
    *,
    actor: Actor,
    employer: Employer,
    terms: VacancyTerms,
    channel: VacancyChannel,
    source: DataSource = DataSource.MANUAL,
) -> Vacancy:
    """Register a vacancy of `employer`: by an officer of its region or one of its reporter accounts."""
    if not _allowed(actor, lambda: can_post_vacancies(actor, employer)):
        raise PermissionDenied(_("您不能为该用人单位登记岗位。"))
    vacancy = Vacancy(
        employer=employer, channel=channel, source=source, created_by=signed_in_user(actor), **terms.values()
    )
    _check_vacancy(vacancy, actor, today=timezone.localdate())
    vacancy.save()
    summary = _("登记岗位：%(vacancy)s") % {"vacancy": vacancy}
    _audit(actor, AuditAction.CREATE, vacancy, vacancy.region_id, summary)
    return vacancy


def _check_manage(actor: Actor, vacancy: Vacancy) -> None:
    if not _allowed(actor, lambda: can_manage_vacancy(actor, vacancy)):
        raise PermissionDenied(_("您不能修改该岗位。"))


@transaction.atomic
def vacancy_update(*, actor: Actor, vacancy: Vacancy, terms: VacancyTerms) -> bool:
    """Change an open vacancy to `terms`; a filled, closed or expired one is kept as it was. Returns whether
    anything changed."""
    _check_manage(actor, vacancy)
    if vacancy.status != VacancyStatus.OPEN:
        raise ValidationError(_("岗位%(status)s，不能再修改") % {"status": vacancy.get_status_display()})
    return audited_update(
        actor=actor, instance=vacancy, values=terms.values(), summary=_("修改岗位"), region_code=terms.region.code,
        before_save=lambda: _check_vacancy(vacancy, actor, today=timezone.localdate()),
    )  # fmt: skip


def _vacancy_end(actor: Actor, vacancy: Vacancy, status: VacancyStatus, summary: str) -> bool:
    _check_manage(actor, vacancy)
    if vacancy.status == status:
        return False
    if vacancy.status != VacancyStatus.OPEN:
        raise ValidationError(_("岗位%(status)s，不能再变更") % {"status": vacancy.get_status_display()})
    vacancy.status = status
    vacancy.save(update_fields=["status", "updated_at"])
    _audit(actor, AuditAction.UPDATE, vacancy, vacancy.region_id, summary, {"status": ["open", str(status)]})
    return True


@transaction.atomic
def vacancy_close(*, actor: Actor, vacancy: Vacancy, reason: str = "") -> bool:
    """Close an open vacancy (the employer stopped recruiting); returns False when it was already closed."""
    summary = _("关闭岗位") + (f"：{reason.strip()}" if reason.strip() else "")
    return _vacancy_end(actor, vacancy, VacancyStatus.CLOSED, summary)


@transaction.atomic
def vacancy_fill(*, actor: Actor, vacancy: Vacancy) -> bool:
    """Mark an open vacancy filled (an officer or the employer's account); the platform does it when a recorded hire
    brings the hires to the headcount (`jiuye.seekers.services`)."""
    return _vacancy_end(actor, vacancy, VacancyStatus.FILLED, _("岗位已招满"))


@transaction.atomic
def vacancies_expire(*, today: datetime.date) -> int:
    """Open vacancies past their end date become expired; the nightly job. Running it twice changes nothing."""
    stale = Vacancy.objects.filter(status=VacancyStatus.OPEN, valid_until__lt=today)
    count = stale.update(status=VacancyStatus.EXPIRED, updated_at=timezone.now())
    logger.info("vacancies_expire today=%s expired=%d", today, count)
    return count

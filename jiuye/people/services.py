"""Writes to persons, households, registers and services. Every change is written to the audit log.

Each service checks who may do it (`jiuye.people.perms`): a caseworker or administrator, for people living in their
region, or the platform itself (`jiuye.accounts.actors.SystemActor`). Pages, the API and imports call them and do
not repeat the checks."""

import datetime
from dataclasses import asdict, dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.accounts.actors import Actor, is_system, signed_in_user
from jiuye.accounts.models import OrgUnit, User
from jiuye.accounts.perms import can_view_region
from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.audit.services import audit_record, audited_update
from jiuye.core.versions import check_version
from jiuye.imports.results import Outcome
from jiuye.people import crypto
from jiuye.people.enums import EmploymentStatus, HouseholdRelationship, ServiceKind, SubsidyKind
from jiuye.people.masking import mask_ric
from jiuye.people.models import (
    EmploymentStatusChange,
    Household,
    Person,
    RegisterEntry,
    Service,
    ZeroEmploymentEpisode,
)
from jiuye.people.perms import can_edit_people, can_unmask_ric
from jiuye.people.ric import RicError, normalise_ric, ric_birth_date, ric_sex
from jiuye.people.rules import working_age
from jiuye.reference.enums import DataSource, KeyGroup, RegionLevel
from jiuye.reference.models import Region

PERSON_FIELDS = ["name", "phone", "education_level", "household_region_id", "residence_region_id"]
CHANGE_SECONDS = 5  # how far an audit event may be from a save and still be taken for its record (who saved it)
RESIDENCE_LEVELS = {RegionLevel.COUNTY, RegionLevel.STREET, RegionLevel.COMMUNITY}
# The services that can themselves end in a job (a referral taken, a placement, an internship kept on, a business
# started, a job found after training or at a follow-up call); a briefing, guidance or a subsidy payment cannot.
PLACING_SERVICE_KINDS = frozenset(
    {
        ServiceKind.JOB_REFERRAL, ServiceKind.SKILLS_TRAINING, ServiceKind.INTERNSHIP, ServiceKind.STARTUP_SERVICE,
        ServiceKind.PUBLIC_WELFARE_JOB, ServiceKind.FOLLOW_UP,
    }
)  # fmt: skip


def today() -> datetime.date:
    return timezone.localdate()


def _one_or_none(queryset):
    """The record a unique key names, or None. Unlike `.first()` it adds no ORDER BY, which on hot paths such as an
    import of 100,000 rows is a measurable share of the time."""
    try:
        return queryset.get()
    except queryset.model.DoesNotExist:
        return None


def validated_ric(ric: str) -> str:
    """The normalised number, or a ValidationError on the `ric` field with the reason."""
    try:
        return normalise_ric(ric)
    except RicError as error:
        raise ValidationError({"ric": str(error)}) from error


def person_find_by_ric(ric: str) -> Person | None:
    """Exact look-up through the keyed hash; no scope here, callers scope what they show."""
    return _one_or_none(Person.objects.filter(ric_hash=crypto.keyed_hash(normalise_ric(ric))))


def check_editor(actor: Actor) -> None:
    """Caseworkers and administrators write the registers (and the platform); analysts and reporters do not."""
    if not is_system(actor) and not can_edit_people(actor):
        raise PermissionDenied(_("只有经办人员或管理员可以修改人员信息。"))


def check_person_editable(actor: Actor, person: Person) -> None:
    """An officer changes the records of people living in their region, and no one else's."""
    check_editor(actor)
    if not is_system(actor) and not person.is_visible_to(actor):
        raise PermissionDenied(_("该人员不在您的管辖范围内。"))


def _check_in_scope(actor: Actor, region: Region) -> None:
    """A caseworker records people living in their own region; a move elsewhere is the receiving office's job."""
    if not is_system(actor) and not can_view_region(actor, region.code):
        raise ValidationError(
            {"residence_region": _("现居住地“%(name)s”不在您的管辖范围内。") % {"name": region.name}}
        )


def _check_residence(region: Region) -> None:
    if region.level not in RESIDENCE_LEVELS:
        raise ValidationError(
            {"residence_region": _("现居住地应至少精确到县（市、区），“%(name)s”是%(level)s级")
             % {"name": region.name, "level": region.get_level_display()}}
        )  # fmt: skip


@transaction.atomic
def person_upsert(
    *,
    actor: Actor,
    ric: str,
    name: str,
    residence_region: Region,
    phone: str = "",
    education_level: str = "",
    household_region: Region | None = None,
    source: DataSource = DataSource.MANUAL,
    keep_blank: bool = True,
    expected_version: int | None = None,
) -> tuple[Person, Outcome]:
    """Create the person with this ric, or update the fields that differ; one person per ric whatever the source.
    A blank value keeps what the record holds (an import's empty cell), unless `keep_blank=False`: the card's edit
    form shows every field, so a phone the caseworker emptied there is emptied. `expected_version` is the version
    the edit form showed: a person saved since (by another caseworker, an import) is refused, nothing written."""
    check_editor(actor)
    ric = validated_ric(ric)
    if not name.strip():
        raise ValidationError({"name": _("请填写姓名。")})
    _check_residence(residence_region)
    values = {
        "name": name.strip(),
        "phone": phone.strip(),
        "education_level": education_level,
        "household_region_id": household_region.code if household_region else None,
        "residence_region_id": residence_region.code,
    }
    # The residence's scope before the number is looked up: a residence outside the user's region is refused alike
    # whether or not anyone holds the number, so that no answer tells whether a number is registered elsewhere in
    # the province (issue 15: an existence oracle for any number, typed with another county as residence).
    _check_in_scope(actor, residence_region)
    person = _one_or_none(Person.objects.select_for_update().filter(ric_hash=crypto.keyed_hash(ric)))
    if person is None:
        return _person_create(actor=actor, ric=ric, values=values, source=source), Outcome(created=True)
    if not is_system(actor) and not person.is_visible_to(actor):
        # Only a user registering the person as living in their own region learns this, and must: one person per
        # number, so the other office is who moves the person. Say no more: the details belong to that region. On
        # the number's field (the form's, the import's column), since the number is what names them.
        raise ValidationError({"ric": _("该人员已由其他地区登记管理，请联系其现居住地的经办机构。")})
    _check_person_version(person, expected_version)
    return person, _update(actor, person, person, values, _("修改人员信息"), keep_blank=keep_blank)


def _check_person_version(person: Person, expected: int | None) -> None:
    """`check_version` for the person (locked for the update): when they were last saved, and by whom when the audit
    has an event of that moment (an import audits its rows in bulk, a second or so apart)."""
    if expected is None or expected == person.version:
        return
    last = AuditEvent.objects.filter(person=person).select_related("user").order_by("-at", "-pk").first()
    who = None
    if last is not None and abs((last.at - person.updated_at).total_seconds()) < CHANGE_SECONDS:
        who = last.user or last.job or None
    check_version(current=person.version, expected=expected, changed_by=who, changed_at=person.updated_at)


def _update(actor: Actor, record, person: Person, values: dict, summary: str, keep_blank: bool = True) -> Outcome:
    """Write the values that differ and audit the change; blank values (an empty cell in a later file) do not erase
    what an earlier source said, unless told."""
    updated = audited_update(
        actor=actor, instance=record, values=values, summary=summary, region_code=person.residence_region_id,
        person=person, keep_blank=keep_blank,
    )  # fmt: skip
    return Outcome(updated=updated)


def _person_create(*, actor: Actor, ric: str, values: dict, source: DataSource) -> Person:
    person = Person.objects.create(
        ric_encrypted=crypto.encrypt(ric),
        ric_hash=crypto.keyed_hash(ric),
        ric_masked=mask_ric(ric),
        sex=ric_sex(ric),
        birth_date=ric_birth_date(ric),
        source=source,
        **values,
    )
    audit_for_person(actor, AuditAction.CREATE, person, person, _("新增人员"), {"ric": mask_ric(ric)})
    return person


def ric_of(person: Person) -> str:
    """The full number for the platform's own use (matching, updates); never shown without `ric_reveal`."""
    return crypto.decrypt(person.ric_encrypted)


def ric_reveal(*, user: User, person: Person) -> str:
    """The full number, for a user with the unmask permission who can see the person; each reveal is audited."""
    if not can_unmask_ric(user) or not person.is_visible_to(user):
        raise PermissionDenied(_("您没有查看完整公民身份号码的权限。"))
    audit_for_person(user, AuditAction.UNMASK, person, person, _("查看完整公民身份号码"))
    return ric_of(person)


@transaction.atomic
def person_set_employment_status(
    *,
    actor: Actor,
    person: Person,
    status: EmploymentStatus,
    effective_on: datetime.date,
    note: str = "",
    service: Service | None = None,
) -> bool:
    """Record a dated status change (returns False when the status is already that), and keep the person's
    household's zero-employment state in step."""
    check_person_editable(actor, person)
    if person.employment_status == status:
        return False
    if effective_on > today():
        raise ValidationError({"effective_on": _("状态生效日期不能晚于今天。")})
    EmploymentStatusChange.objects.create(
        person=person, status=status, effective_on=effective_on, recorded_by=signed_in_user(actor), note=note
    )
    changes = {"employment_status": [person.employment_status, str(status)]}
    person.employment_status, person.employment_status_since = status, effective_on
    person.save(update_fields=["employment_status", "employment_status_since", "updated_at"])
    audit_for_person(actor, AuditAction.UPDATE, person, person, _("变更就业状态"), changes)
    if person.household_id:
        household_refresh_zero_employment(household=person.household, on=effective_on, service=service)
    return True


@transaction.atomic
def household_create(*, actor: Actor, region: Region, head_name: str, address: str = "") -> Household:
    """A household where the officer works; its members join it with `household_add_member`."""
    check_editor(actor)
    if not head_name.strip():
        raise ValidationError({"head_name": _("请填写户主姓名。")})
    if region.level not in RESIDENCE_LEVELS:
        raise ValidationError({"region": _("家庭所在地应至少精确到县（市、区）。")})
    if not is_system(actor) and not can_view_region(actor, region.code):
        raise ValidationError({"region": _("“%(name)s”不在您的管辖范围内。") % {"name": region.name}})
    household = Household.objects.create(region=region, head_name=head_name.strip(), address=address.strip())
    summary = _("新增家庭")
    audit_for_person(actor, AuditAction.CREATE, household, None, summary, {"head_name": head_name}, region.code)
    return household


@transaction.atomic
def household_add_member(
    *,
    actor: Actor,
    household: Household,
    person: Person,
    relationship: HouseholdRelationship,
    able_to_work: bool = True,
    on: datetime.date | None = None,
) -> None:
    check_person_editable(actor, person)
    if not is_system(actor) and not household.is_visible_to(actor):
        raise PermissionDenied(_("该家庭不在您的管辖范围内。"))
    person.household, person.household_relationship, person.able_to_work = household, relationship, able_to_work
    person.save(update_fields=["household", "household_relationship", "able_to_work", "updated_at"])
    summary = _("加入家庭：%(household)s") % {"household": household}
    audit_for_person(actor, AuditAction.UPDATE, person, person, summary, {"household": [None, str(household.pk)]})
    household_refresh_zero_employment(household=household, on=on or today())


def age_on(person: Person, on: datetime.date) -> int:
    """Full years of age on `on` (a birthday counts from its day)."""
    born = person.birth_date
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def is_working_age(person: Person, on: datetime.date) -> bool:
    low, high = working_age(person.sex)
    return low <= age_on(person, on) < high


def is_zero_employment(household: Household, on: datetime.date) -> bool:
    """Working-age members able to work, and none of them employed (零就业家庭)."""
    workers = [p for p in household.members.all() if p.able_to_work and is_working_age(p, on)]
    return bool(workers) and not any(p.employment_status == EmploymentStatus.EMPLOYED for p in workers)


def household_refresh_zero_employment(
    *, household: Household, on: datetime.date, service: Service | None = None
) -> ZeroEmploymentEpisode | None:
    """Open an episode when the household becomes zero-employment; clear it, with the service, when it no longer is."""
    open_episode = household.zero_employment_episodes.filter(cleared_on__isnull=True).first()
    zero = is_zero_employment(household, on)
    if zero and open_episode is None:
        return ZeroEmploymentEpisode.objects.create(household=household, started_on=on)
    if not zero and open_episode is not None:
        open_episode.cleared_on, open_episode.cleared_by_service = on, service
        open_episode.save(update_fields=["cleared_on", "cleared_by_service"])
    return open_episode


@dataclass(frozen=True)
class RegisterDetails:
    """What a register entry records besides its group and date, each used by some registers: graduates' school,
    major and graduation date; the hard-to-employ category; the disability's category and grade; a note."""

    school: str = ""
    major: str = ""
    graduation_date: datetime.date | None = None
    hard_to_employ_category: str = ""
    disability: str = ""
    note: str = ""


@transaction.atomic
def register_entry_upsert(
    *,
    actor: Actor,
    person: Person,
    group: KeyGroup,
    entered_on: datetime.date,
    details: RegisterDetails = RegisterDetails(),
    organisation: OrgUnit | None = None,
    source: DataSource = DataSource.MANUAL,
) -> tuple[RegisterEntry, Outcome]:
    """Put a person in a register, or update their open entry in it: one open entry per person and group. Blank
    details leave what the entry holds."""
    check_person_editable(actor, person)
    _check_register_details(group, details)
    entry = _one_or_none(
        RegisterEntry.objects.select_for_update().filter(person=person, group=group, exited_on__isnull=True)
    )
    values = {"entered_on": entered_on, **asdict(details)}
    if entry is None:
        filled = {key: value for key, value in values.items() if value not in ("", None)}
        entry = RegisterEntry.objects.create(
            person=person, group=group, organisation=organisation, source=source, **filled
        )
        summary = _("登记%(group)s") % {"group": entry.get_group_display()}
        audit_for_person(actor, AuditAction.CREATE, entry, person, summary)
        return entry, Outcome(created=True)
    return entry, _update(actor, entry, person, values, _("修改台账登记"))


def _check_register_details(group: KeyGroup, details: RegisterDetails) -> None:
    if group == KeyGroup.UNPLACED_GRADUATE and not details.graduation_date:
        raise ValidationError({"graduation_date": _("离校未就业高校毕业生须填写毕业时间。")})
    if group == KeyGroup.HARD_TO_EMPLOY and not details.hard_to_employ_category:
        raise ValidationError({"hard_to_employ_category": _("就业困难人员须填写困难类别。")})


@transaction.atomic
def register_entry_exit(*, actor: Actor, entry: RegisterEntry, exited_on: datetime.date, reason: str) -> None:
    """Close an entry (the person left the register: found work, moved, retired...), or correct the date and reason
    of its exit."""
    check_person_editable(actor, entry.person)
    if exited_on < entry.entered_on:
        raise ValidationError({"exited_on": _("退出日期不能早于登记日期。")})
    if exited_on > today():
        raise ValidationError({"exited_on": _("退出日期不能晚于今天。")})
    entry.exited_on, entry.exit_reason = exited_on, reason
    entry.save(update_fields=["exited_on", "exit_reason", "updated_at"])
    changes = {"exited_on": [None, str(exited_on)]}
    audit_for_person(actor, AuditAction.UPDATE, entry, entry.person, _("退出台账"), changes)


@transaction.atomic
def service_record(
    *,
    actor: Actor,
    person: Person,
    kind: ServiceKind,
    provided_on: datetime.date,
    provider: OrgUnit | None = None,
    caseworker: User | None = None,
    subsidy_kind: SubsidyKind | str = "",
    amount_fen: int | None = None,
    description: str = "",
    resulted_in_employment: bool = False,
    source: DataSource = DataSource.MANUAL,
) -> Service:
    """Record a service. When it led to a job (a referral that was taken, a public-welfare job), the person becomes
    employed from that day, which may clear their household's zero-employment episode, naming this service. The
    provider is the officer's own office unless named."""
    check_person_editable(actor, person)
    provider = provider or getattr(signed_in_user(actor), "org_unit", None)
    if provider is None:
        raise PermissionDenied(_("没有所属机构的账号不能记录服务。"))
    _check_service(kind=kind, provided_on=provided_on, subsidy_kind=subsidy_kind, amount_fen=amount_fen)
    if resulted_in_employment and kind not in PLACING_SERVICE_KINDS:
        raise ValidationError(
            {"resulted_in_employment": _("“%(kind)s”本身不会带来就业，不能登记为实现就业。")
             % {"kind": ServiceKind(kind).label}}
        )  # fmt: skip
    service = Service.objects.create(
        person=person, kind=kind, provided_on=provided_on, provider=provider,
        caseworker=caseworker or signed_in_user(actor), subsidy_kind=subsidy_kind, amount_fen=amount_fen,
        description=description.strip(), source=source,
    )  # fmt: skip
    summary = _("记录服务：%(kind)s") % {"kind": service.get_kind_display()}
    audit_for_person(actor, AuditAction.CREATE, service, person, summary)
    if resulted_in_employment:
        person_set_employment_status(
            actor=actor, person=person, status=EmploymentStatus.EMPLOYED, effective_on=provided_on, service=service,
            note=_("经%(kind)s实现就业") % {"kind": service.get_kind_display()},
        )  # fmt: skip
    return service


def _check_service(*, kind: str, provided_on: datetime.date, subsidy_kind: str, amount_fen: int | None) -> None:
    if provided_on > today():
        raise ValidationError({"provided_on": _("服务日期不能晚于今天。")})
    if kind == ServiceKind.SUBSIDY and (not subsidy_kind or amount_fen is None or amount_fen <= 0):
        raise ValidationError({"amount_fen": _("补贴发放须填写补贴类型和大于0的金额。")})
    if kind != ServiceKind.SUBSIDY and (subsidy_kind or amount_fen):
        raise ValidationError({"subsidy_kind": _("只有补贴发放才填写补贴类型和金额。")})


def audit_for_person(
    actor: Actor, action: AuditAction, target, person: Person | None, summary: str, changes=None, region: str = ""
) -> None:
    """An audit event about a person's record, in the region where the person lives (or `region`)."""
    audit_record(
        user=actor, action=action, target=target, person=person, summary=summary, changes=changes,
        region_code=region or (person.residence_region_id if person is not None else ""),
    )  # fmt: skip

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from jiuye.accounts.actors import SystemActor
from jiuye.accounts.enums import Role
from jiuye.accounts.models import OrgUnit
from jiuye.audit.context import AuditOriginMiddleware
from jiuye.audit.enums import AuditAction
from jiuye.audit.models import AuditEvent
from jiuye.people import crypto
from jiuye.people.enums import EmploymentStatus, HouseholdRelationship, ServiceKind, SubsidyKind
from jiuye.people.models import EmploymentStatusChange, Person, RegisterEntry
from jiuye.people.services import (
    RegisterDetails,
    household_add_member,
    household_create,
    person_find_by_ric,
    person_set_employment_status,
    person_upsert,
    register_entry_exit,
    register_entry_upsert,
    ric_reveal,
    service_record,
)
from jiuye.reference.enums import DataSource, KeyGroup
from jiuye.reference.models import Region
from tests.accounts.factories import UserFactory
from tests.people.factories import PersonFactory, make_ric

pytestmark = pytest.mark.django_db

RIC = "140105199003070012"
DAY = datetime.date(2026, 7, 1)


@pytest.fixture
def caseworker():
    return UserFactory(region="140105")


@pytest.fixture
def xiaodian():
    return Region.objects.get(code="140105")


def _person(actor, ric=RIC, **kwargs):
    kwargs.setdefault("residence_region", Region.objects.get(code="140105"))
    return person_upsert(actor=actor, ric=ric, name=kwargs.pop("name", "王晋生"), **kwargs)


def test_ric_is_stored_encrypted_hashed_and_masked(caseworker):
    person, outcome = _person(caseworker)
    assert outcome.created
    stored = Person.objects.filter(pk=person.pk).values("ric_encrypted", "ric_hash", "ric_masked").get()
    assert RIC not in str(stored)
    assert stored["ric_masked"] == "140105********0012"
    assert crypto.decrypt(stored["ric_encrypted"]) == RIC
    assert (person.sex, person.birth_date) == ("1", datetime.date(1990, 3, 7))


def test_one_person_per_number_in_any_spelling(caseworker):
    first, _ = _person(caseworker)
    again, outcome = _person(caseworker, ric=" 140105900307001 ")  # the legacy 15-digit form of the same number
    assert again == first
    assert outcome.unchanged
    assert person_find_by_ric("１４０１０５１９９００３０７００１２") == first


def test_update_writes_only_what_changed_and_audits_it(caseworker):
    person, _ = _person(caseworker, phone="13900000001")
    _again, outcome = _person(caseworker, phone="13900000002")
    assert outcome.updated
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, person=person).get()
    assert event.changes == {"phone": ["13900000001", "13900000002"]}
    assert event.user == caseworker
    assert event.region_code == "140105"


def test_blank_values_do_not_erase(caseworker):
    _person(caseworker, phone="13900000001")
    person, outcome = _person(caseworker, phone="")
    assert outcome.unchanged
    assert person.phone == "13900000001"


def test_the_edit_form_may_empty_what_the_record_holds(caseworker):
    """An import's empty cell keeps what an earlier source said; the card's edit form, which shows every field,
    empties what the caseworker emptied (`keep_blank=False`)."""
    person, _ = _person(caseworker, phone="13900000001", household_region=Region.objects.get(code="140105"))
    person, outcome = _person(caseworker, phone="", household_region=None, keep_blank=False)
    assert outcome.updated
    assert (person.phone, person.household_region_id) == ("", None)
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, person=person).get()
    assert event.changes == {"phone": ["13900000001", ""], "household_region_id": ["140105", None]}


def test_a_person_needs_a_name(caseworker):
    with pytest.raises(ValidationError) as error:
        _person(caseworker, name="  ")
    assert error.value.message_dict == {"name": ["请填写姓名。"]}


def test_residence_must_be_county_or_below(caseworker):
    with pytest.raises(ValidationError, match="县"):
        _person(caseworker, residence_region=Region.objects.get(code="1401"))


def test_creation_is_audited_without_the_full_number(caseworker):
    person, _ = _person(caseworker)
    event = AuditEvent.objects.get(action=AuditAction.CREATE, person=person)
    assert RIC not in str(event.changes)
    assert event.object_type == "people.Person"


def test_reveal_needs_the_permission_and_is_audited(caseworker):
    person, _ = _person(caseworker)
    with pytest.raises(PermissionDenied):
        ric_reveal(user=caseworker, person=person)
    caseworker.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    caseworker = type(caseworker).objects.get(pk=caseworker.pk)  # permissions are cached per instance
    assert ric_reveal(user=caseworker, person=person) == RIC
    assert AuditEvent.objects.filter(action=AuditAction.UNMASK, person=person, user=caseworker).count() == 1


def test_reveal_outside_the_region_is_refused(caseworker):
    person, _ = _person(caseworker)
    other = UserFactory(region="140106")
    other.user_permissions.add(Permission.objects.get(codename="unmask_ric"))
    with pytest.raises(PermissionDenied):
        ric_reveal(user=type(other).objects.get(pk=other.pk), person=person)


def test_status_changes_keep_a_dated_history(caseworker):
    person, _ = _person(caseworker)
    assert person_set_employment_status(
        actor=caseworker, person=person, status=EmploymentStatus.UNEMPLOYED, effective_on=datetime.date(2026, 3, 1)
    )
    assert not person_set_employment_status(
        actor=caseworker, person=person, status=EmploymentStatus.UNEMPLOYED, effective_on=datetime.date(2026, 4, 1)
    )
    history = list(EmploymentStatusChange.objects.filter(person=person).values_list("status", "effective_on"))
    assert history == [("unemployed", datetime.date(2026, 3, 1))]
    person.refresh_from_db()
    assert (person.employment_status, person.employment_status_since) == ("unemployed", datetime.date(2026, 3, 1))


def _household_of_two(actor, region):
    household = household_create(actor=actor, region=region, head_name="赵大")
    head, _ = _person(actor, ric=make_ric(born=datetime.date(1980, 5, 1), sequence=11), name="赵大")
    spouse, _ = _person(actor, ric=make_ric(born=datetime.date(1982, 6, 1), sequence=12), name="钱二")
    for person in (head, spouse):
        person_set_employment_status(
            actor=actor, person=person, status=EmploymentStatus.UNEMPLOYED, effective_on=datetime.date(2026, 1, 2)
        )
    household_add_member(
        actor=actor, household=household, person=head, relationship=HouseholdRelationship.HEAD, on=DAY
    )
    household_add_member(
        actor=actor, household=household, person=spouse, relationship=HouseholdRelationship.SPOUSE, on=DAY
    )
    return household, head, spouse


def test_zero_employment_household_is_found_and_cleared_by_a_service(caseworker, xiaodian):
    household, head, _spouse = _household_of_two(caseworker, xiaodian)
    episode = household.zero_employment_episodes.get()
    assert (episode.started_on, episode.cleared_on) == (DAY, None)

    office = OrgUnit.objects.get(region=xiaodian)
    placement = service_record(
        actor=caseworker, person=head, kind=ServiceKind.PUBLIC_WELFARE_JOB, provided_on=datetime.date(2026, 8, 3),
        provider=office, resulted_in_employment=True,
    )  # fmt: skip

    episode.refresh_from_db()
    assert episode.cleared_on == datetime.date(2026, 8, 3)
    assert episode.cleared_by_service == placement
    head.refresh_from_db()
    assert head.employment_status == EmploymentStatus.EMPLOYED


def test_members_unable_to_work_or_retired_do_not_make_a_zero_employment_household(caseworker, xiaodian):
    household = household_create(actor=caseworker, region=xiaodian, head_name="孙老")
    retired, _ = _person(caseworker, ric=make_ric(born=datetime.date(1950, 1, 1), sequence=13), name="孙老")
    household_add_member(
        actor=caseworker, household=household, person=retired, relationship=HouseholdRelationship.HEAD, on=DAY
    )
    assert not household.zero_employment_episodes.exists()


GRADUATE_DETAILS = RegisterDetails(
    school="山西大学", major="计算机科学与技术", graduation_date=datetime.date(2026, 6, 30)
)


def test_register_entries_one_open_per_group(caseworker):
    person, _ = _person(caseworker)
    entry, outcome = register_entry_upsert(
        actor=caseworker, person=person, group=KeyGroup.UNPLACED_GRADUATE, entered_on=DAY,
        details=GRADUATE_DETAILS,
    )  # fmt: skip
    assert outcome.created
    same, outcome = register_entry_upsert(
        actor=caseworker, person=person, group=KeyGroup.UNPLACED_GRADUATE, entered_on=DAY,
        details=GRADUATE_DETAILS,
    )  # fmt: skip
    assert same == entry
    assert outcome.unchanged
    register_entry_upsert(actor=caseworker, person=person, group=KeyGroup.VETERAN, entered_on=DAY)
    assert RegisterEntry.objects.filter(person=person).count() == 2


def test_a_graduate_needs_a_graduation_date(caseworker):
    person, _ = _person(caseworker)
    with pytest.raises(ValidationError, match="毕业时间"):
        register_entry_upsert(actor=caseworker, person=person, group=KeyGroup.UNPLACED_GRADUATE, entered_on=DAY)


def test_exit_and_reentry(caseworker):
    person, _ = _person(caseworker)
    entry, _ = register_entry_upsert(
        actor=caseworker, person=person, group=KeyGroup.UNEMPLOYMENT_REGISTRATION, entered_on=datetime.date(2026, 1, 5)
    )
    register_entry_exit(actor=caseworker, entry=entry, exited_on=datetime.date(2026, 3, 1), reason="employed")
    _again, outcome = register_entry_upsert(
        actor=caseworker, person=person, group=KeyGroup.UNEMPLOYMENT_REGISTRATION, entered_on=DAY
    )
    assert outcome.created
    with pytest.raises(ValidationError, match="早于"):
        register_entry_exit(actor=caseworker, entry=entry, exited_on=datetime.date(2025, 1, 1), reason="other")


def test_subsidy_needs_kind_and_amount_in_fen(caseworker, xiaodian):
    person, _ = _person(caseworker)
    office = OrgUnit.objects.get(region=xiaodian)
    with pytest.raises(ValidationError, match="金额"):
        service_record(actor=caseworker, person=person, kind=ServiceKind.SUBSIDY, provided_on=DAY, provider=office)
    subsidy = service_record(
        actor=caseworker, person=person, kind=ServiceKind.SUBSIDY, provided_on=DAY, provider=office,
        subsidy_kind=SubsidyKind.SOCIAL_INSURANCE, amount_fen=150_050, source=DataSource.MANUAL,
    )  # fmt: skip
    assert subsidy.amount_yuan == "1500.50"
    assert subsidy.caseworker == caseworker


def test_only_services_that_can_place_someone_may_result_in_employment(caseworker, xiaodian):
    person, _ = _person(caseworker)
    office = OrgUnit.objects.get(region=xiaodian)
    with pytest.raises(ValidationError) as error:
        service_record(
            actor=caseworker, person=person, kind=ServiceKind.POLICY_BRIEFING, provided_on=DAY, provider=office,
            resulted_in_employment=True,
        )  # fmt: skip
    assert error.value.message_dict == {"resulted_in_employment": ["“政策宣讲”本身不会带来就业，不能登记为实现就业。"]}
    service_record(
        actor=caseworker, person=person, kind=ServiceKind.INTERNSHIP, provided_on=DAY, provider=office,
        resulted_in_employment=True,
    )  # fmt: skip
    person.refresh_from_db()
    assert (person.employment_status, person.employment_status_since) == (EmploymentStatus.EMPLOYED, DAY)


def test_a_status_change_after_today_is_refused_on_its_date(caseworker):
    person, _ = _person(caseworker)
    with pytest.raises(ValidationError) as error:
        person_set_employment_status(
            actor=caseworker, person=person, status=EmploymentStatus.UNEMPLOYED,
            effective_on=timezone.localdate() + datetime.timedelta(days=1),
        )  # fmt: skip
    assert error.value.message_dict == {"effective_on": ["状态生效日期不能晚于今天。"]}


def test_services_are_audited_with_the_request_origin(caseworker, xiaodian):
    """The audit middleware puts the caller's address on events written during a request."""
    person, _ = _person(caseworker)
    office = OrgUnit.objects.get(region=xiaodian)

    def view(request):
        service_record(
            actor=caseworker, person=person, kind=ServiceKind.CAREER_GUIDANCE, provided_on=DAY, provider=office
        )

    AuditOriginMiddleware(view)(RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="测试浏览器"))
    event = AuditEvent.objects.filter(object_type="people.Service").get()
    assert (event.ip_address, event.user_agent) == ("10.1.2.3", "测试浏览器")


def test_a_caseworker_cannot_create_or_change_people_of_another_county(caseworker):
    with pytest.raises(ValidationError, match="管辖范围"):
        _person(caseworker, residence_region=Region.objects.get(code="140106"))
    _person(UserFactory(region="140106"), residence_region=Region.objects.get(code="140106"))
    with pytest.raises(ValidationError) as error:
        _person(caseworker, phone="13900000009")
    # On the number's field: it is what names the person on a form and in an import's row.
    assert error.value.message_dict == {"ric": ["该人员已由其他地区登记管理，请联系其现居住地的经办机构。"]}


def test_a_residence_out_of_scope_is_refused_alike_whether_or_not_the_number_is_held(caseworker):
    """No existence oracle (issue 15): the residence's scope is checked before the number is looked up."""
    jinyuan = Region.objects.get(code="140106")
    held = make_ric(area="140106", sequence=7)
    PersonFactory(ric=held, residence_region_id="140106")
    answers = []
    for number in (held, make_ric(area="140106", sequence=8)):
        with pytest.raises(ValidationError) as error:
            person_upsert(actor=caseworker, ric=number, name="甲", residence_region=jinyuan)
        answers.append(error.value.message_dict)
    assert answers == [{"residence_region": ["现居住地“迎泽区”不在您的管辖范围内。"]}] * 2


def _writes(person, household, entry, office):
    """Every write of the registers on `person`, as callables of an actor."""
    return {
        "status": lambda actor: person_set_employment_status(
            actor=actor, person=person, status=EmploymentStatus.EMPLOYED, effective_on=DAY
        ),
        "service": lambda actor: service_record(
            actor=actor, person=person, kind=ServiceKind.CAREER_GUIDANCE, provided_on=DAY, provider=office
        ),
        "entry": lambda actor: register_entry_upsert(
            actor=actor, person=person, group=KeyGroup.VETERAN, entered_on=DAY
        ),
        "exit": lambda actor: register_entry_exit(actor=actor, entry=entry, exited_on=DAY, reason="employed"),
        "member": lambda actor: household_add_member(
            actor=actor, household=household, person=person, relationship=HouseholdRelationship.HEAD
        ),
    }


@pytest.mark.parametrize("write", ["status", "service", "entry", "exit", "member"])
def test_each_write_checks_role_and_region_itself(caseworker, xiaodian, write):
    """The services refuse, whoever calls them (page, API or import): a neighbouring county's caseworker (region),
    an analyst and an enterprise's account (role)."""
    person, _ = _person(caseworker)
    household = household_create(actor=caseworker, region=xiaodian, head_name="王晋生")
    entry, _ = register_entry_upsert(
        actor=caseworker, person=person, group=KeyGroup.UNEMPLOYMENT_REGISTRATION, entered_on=datetime.date(2026, 1, 5)
    )
    act = _writes(person, household, entry, OrgUnit.objects.get(region=xiaodian))[write]
    with pytest.raises(PermissionDenied, match="不在您的管辖范围内"):
        act(UserFactory(region="140106"))
    for role in (Role.ANALYST, Role.ENTERPRISE_REPORTER):
        with pytest.raises(PermissionDenied, match="只有经办人员或管理员"):
            act(UserFactory(region="140105", roles=[role]))
    act(caseworker)  # and the officer of the person's county may


def test_person_create_and_household_create_check_the_role(xiaodian):
    analyst = UserFactory(region="140105", roles=[Role.ANALYST])
    with pytest.raises(PermissionDenied, match="只有经办人员或管理员"):
        _person(analyst)
    with pytest.raises(PermissionDenied, match="只有经办人员或管理员"):
        household_create(actor=analyst, region=xiaodian, head_name="王晋生")
    with pytest.raises(ValidationError) as error:
        household_create(actor=UserFactory(region="140106"), region=xiaodian, head_name="王晋生")
    assert error.value.message_dict == {"region": ["“小店区”不在您的管辖范围内。"]}
    assert not Person.objects.exists()


def test_the_platforms_own_writes_are_audited_under_the_job_and_any_user_it_acts_for(caseworker):
    person, _ = _person(caseworker)
    nightly = SystemActor(job="夜间作业：测试")
    person_set_employment_status(actor=nightly, person=person, status=EmploymentStatus.EMPLOYED, effective_on=DAY)
    event = AuditEvent.objects.filter(summary="变更就业状态").get()
    assert (event.user, event.job) == (None, "夜间作业：测试")
    assert EmploymentStatusChange.objects.get(person=person).recorded_by is None
    follow_up = SystemActor(job="录用后续", on_behalf_of=caseworker)
    person_set_employment_status(actor=follow_up, person=person, status=EmploymentStatus.UNEMPLOYED, effective_on=DAY)
    event = AuditEvent.objects.filter(summary="变更就业状态").order_by("-pk").first()
    assert (event.user, event.job) == (caseworker, "录用后续")


# --------------------------------------------------------------------------------------------- optimistic locking


def test_every_update_counts_in_the_version(caseworker):
    person, _outcome = _person(caseworker)
    assert person.version == 1
    read_before = Person.objects.get()  # as a page read them, before the next save
    _person(caseworker, phone="13900000001", expected_version=1)
    person_set_employment_status(
        actor=caseworker, person=read_before, status=EmploymentStatus.UNEMPLOYED, effective_on=DAY
    )
    assert read_before.version == Person.objects.get().version == 3


def test_a_save_over_someone_elses_is_refused_naming_them_and_nothing_is_written(caseworker):
    person, _outcome = _person(caseworker)
    other = UserFactory(region="140105", first_name="李四", last_name="")
    _person(other, phone="13900000001", expected_version=1)  # the other caseworker saved first

    with pytest.raises(ValidationError) as refused:
        _person(caseworker, name="王晋升", expected_version=1)  # the form opened at version 1

    when = timezone.localtime(Person.objects.get().updated_at).strftime("%Y-%m-%d %H:%M")
    assert refused.value.messages == [f"该记录已于{when}被李四修改（现为第2版），请刷新后重新编辑。"]
    stored = Person.objects.get()
    assert (stored.name, stored.phone, stored.version) == ("王晋生", "13900000001", 2)
    assert AuditEvent.objects.filter(person=person, action=AuditAction.UPDATE).count() == 1

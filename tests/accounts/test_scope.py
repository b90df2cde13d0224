"""The region scope: every model with personal or enterprise data is scoped, and the scope works for each."""

import datetime

import pytest
from django.apps import apps

from jiuye.accounts.enums import Role
from jiuye.accounts.models import ApiToken, OrgUnit, RoleAssignment, User
from jiuye.accounts.scope import RegionScopedQuerySet
from jiuye.accounts.services import api_token_create
from jiuye.audit.models import AuditEvent
from jiuye.employers.models import Employer, EmployerContact, Vacancy
from jiuye.imports.models import ImportRecord
from jiuye.jobs.models import Job
from jiuye.lfs.models import SurveyPeriod, SurveyRecord
from jiuye.matching.models import MatchRun, Recommendation
from jiuye.monitoring.models import MonitoredEnterprise, MonthlyReport, ReportRevision, Warning, WarningNote
from jiuye.people.enums import ServiceKind
from jiuye.people.models import (
    EmploymentStatusChange,
    Household,
    Person,
    RegisterEntry,
    Service,
    ZeroEmploymentEpisode,
)
from jiuye.reference.codes import code_prefix_lookup
from jiuye.reference.enums import KeyGroup
from jiuye.reference.models import Region
from jiuye.seekers.models import Referral, ReferralEvent, SeekerRegistration
from tests.accounts.factories import OrgUnitFactory, UserFactory
from tests.employers.factories import EmployerFactory, VacancyFactory
from tests.monitoring.factories import MonitoredEnterpriseFactory, MonthlyReportFactory, WarningFactory
from tests.people.factories import HouseholdFactory, PersonFactory
from tests.seekers.factories import SeekerRegistrationFactory

# Models that hold neither personal nor enterprise data, with the reason. Anything else must be scoped.
UNSCOPED = {
    "reference.Region": "public classification",
    "reference.Industry": "public classification",
    "reference.Occupation": "public classification",
    "reference.OccupationAlias": "public classification",
    "demo.DemoPartLoad": "bookkeeping of the demo generator",
    "lfs.SurveyPeriod": "a survey month: which file was loaded when; the microdata rows themselves are scoped",
    "lfs.MonthlyEstimate": "aggregate estimates (province, cities, sexes, age groups): published statistics",
    "plans.Indicator": "the plan's published table (专栏1)",
    "plans.Actual": "an indicator's value for a province, city or county: aggregate statistics, no person's or firm's",
    "plans.ActualRevision": "a version of such an aggregate value",
    "plans.Target": "a region's share of a plan target: no person's or firm's data",
    "schedule.ScheduledRun": "a run of a province-wide nightly job: times, outcome and counts; the province's only",
}


def _referral(region: str) -> Referral:
    person = PersonFactory(residence_region_id=region)
    service = Service.objects.create(
        person=person,
        kind=ServiceKind.JOB_REFERRAL,
        provided_on=datetime.date(2026, 1, 5),
        provider=OrgUnitFactory(region=Region.objects.get(code=region)),
    )
    return Referral.objects.create(
        person=person, vacancy=VacancyFactory(region_id=region), service=service, referred_on=datetime.date(2026, 1, 5)
    )


def _match_run(region: str) -> MatchRun:
    return MatchRun.objects.create(
        direction="vacancies_for_seeker",
        region_code=region,
        day=datetime.date(2026, 1, 5),
        started_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
    )


RECORD_MAKERS = {
    Person: lambda region: PersonFactory(residence_region_id=region),
    Employer: lambda region: EmployerFactory(region_id=region),
    EmployerContact: lambda region: EmployerContact.objects.create(
        employer=EmployerFactory(region_id=region), name="王经理", phone="13800000000"
    ),
    OrgUnit: lambda region: OrgUnitFactory(region=Region.objects.get(code=region)),
    User: lambda region: UserFactory(region=region),
    RoleAssignment: lambda region: UserFactory(region=region).role_assignments.get(),
    ApiToken: lambda region: api_token_create(user=UserFactory(region=region), name="测试")[0],
    Household: lambda region: HouseholdFactory(region_id=region),
    ZeroEmploymentEpisode: lambda region: ZeroEmploymentEpisode.objects.create(
        household=HouseholdFactory(region_id=region), started_on=datetime.date(2026, 1, 5)
    ),
    EmploymentStatusChange: lambda region: EmploymentStatusChange.objects.create(
        person=PersonFactory(residence_region_id=region), status="unemployed", effective_on=datetime.date(2026, 1, 5)
    ),
    RegisterEntry: lambda region: RegisterEntry.objects.create(
        person=PersonFactory(residence_region_id=region), group=KeyGroup.VETERAN, entered_on=datetime.date(2026, 1, 5)
    ),
    Service: lambda region: Service.objects.create(
        person=PersonFactory(residence_region_id=region),
        kind=ServiceKind.CAREER_GUIDANCE,
        provided_on=datetime.date(2026, 1, 5),
        provider=OrgUnitFactory(region=Region.objects.get(code=region)),
    ),
    Vacancy: lambda region: VacancyFactory(region_id=region),
    SeekerRegistration: lambda region: SeekerRegistrationFactory(person__residence_region_id=region),
    Referral: lambda region: _referral(region),
    ReferralEvent: lambda region: ReferralEvent.objects.create(
        referral=_referral(region), outcome="interviewed", on=datetime.date(2026, 2, 1)
    ),
    AuditEvent: lambda region: AuditEvent.objects.create(action="export", object_type="test", region_code=region),
    SurveyRecord: lambda region: SurveyRecord.objects.create(
        period=SurveyPeriod.objects.get_or_create(
            month="2026-10", defaults={"imported_at": datetime.datetime(2026, 11, 5, tzinfo=datetime.UTC)}
        )[0],
        person_id=f"{region}-{SurveyRecord.objects.count()}",
        household_id="1",
        stratum="1401U",
        psu="1",
        weight=1.0,
        region_id=region,
        urban=True,
        sex=1,
        age=30,
        in_school=False,
        worked_last_week=True,
        temporarily_absent=False,
        searched_last_3_months=False,
        available_within_2_weeks=False,
    ),
    MonitoredEnterprise: lambda region: MonitoredEnterpriseFactory(region=region),
    MonthlyReport: lambda region: MonthlyReportFactory(region=region),
    ReportRevision: lambda region: ReportRevision.objects.create(
        report=MonthlyReportFactory(region=region),
        number=1,
        action="submit",
        figures={},
        user=UserFactory(region=region),
        created_at=datetime.datetime(2026, 3, 5, tzinfo=datetime.UTC),
    ),
    Warning: lambda region: WarningFactory(region_code=region),
    WarningNote: lambda region: WarningNote.objects.create(
        warning=WarningFactory(region_code=region),
        user=UserFactory(region=region),
        at=datetime.datetime(2026, 4, 5, tzinfo=datetime.UTC),
        action="acknowledge",
    ),
    ImportRecord: lambda region: ImportRecord.objects.create(
        user=UserFactory(region=region),
        region_code=region,
        kind="veteran",
        file_name="a.xlsx",
        sha256="0" * 64,
        started_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
        finished_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
        status="succeeded",
    ),
    Job: lambda region: Job.objects.create(
        user=UserFactory(region=region), region_code=region, kind="import", title="导入a.xlsx"
    ),
    MatchRun: lambda region: _match_run(region),
    Recommendation: lambda region: Recommendation.objects.create(
        run=_match_run("14"),
        direction="vacancies_for_seeker",
        registration=SeekerRegistrationFactory(person__residence_region_id=region),
        vacancy=VacancyFactory(region_id=region),
        rank=1,
        score=0.8,
        region_code=region,
    ),
}


def _record_in(model, region: str):
    """One record of `model` whose region is `region`."""
    if model not in RECORD_MAKERS:
        raise AssertionError(f"no way to make a {model.__name__} in a region: add it to RECORD_MAKERS")
    return RECORD_MAKERS[model](region)


def _project_models():
    return [model for model in apps.get_models() if model.__module__.startswith("jiuye.")]


def _scoped_models():
    return [model for model in _project_models() if model._meta.label not in UNSCOPED]


def test_every_model_is_scoped_or_declared_free_of_personal_data():
    for model in _project_models():
        label = model._meta.label
        if label in UNSCOPED:
            continue
        assert hasattr(model, "region_scope_field"), f"{label} holds data but names no region_scope_field"
        assert isinstance(model._default_manager.all(), RegionScopedQuerySet), f"{label} has no visible_to()"


@pytest.mark.django_db
@pytest.mark.parametrize("model", _scoped_models(), ids=lambda model: model._meta.label)
def test_county_user_sees_own_county_only(model):
    mine, theirs = _record_in(model, "140105"), _record_in(model, "140106")
    viewer = UserFactory(region="140105")

    visible = set(model._default_manager.visible_to(viewer).values_list("pk", flat=True))

    assert mine.pk in visible
    assert theirs.pk not in visible
    assert mine.is_visible_to(viewer)
    assert not theirs.is_visible_to(viewer)


@pytest.mark.django_db
@pytest.mark.parametrize("model", _scoped_models(), ids=lambda model: model._meta.label)
def test_city_and_province_users_see_what_is_inside(model):
    in_taiyuan, in_datong = _record_in(model, "140105"), _record_in(model, "140212")
    city, province = UserFactory(region="1401"), UserFactory(region="14")

    city_visible = set(model._default_manager.visible_to(city).values_list("pk", flat=True))
    province_visible = set(model._default_manager.visible_to(province).values_list("pk", flat=True))

    assert in_taiyuan.pk in city_visible
    assert in_datong.pk not in city_visible
    assert {in_taiyuan.pk, in_datong.pk} <= province_visible


def _employer_of(record):
    """Follow the model's `employer_path` from a record to its employer (the record itself for an employer)."""
    path = type(record).employer_path
    for step in path.split("__") if path else []:
        record = getattr(record, step)
    return record


@pytest.mark.django_db
@pytest.mark.parametrize("model", _scoped_models(), ids=lambda model: model._meta.label)
def test_a_reporter_account_sees_only_what_its_employers_own(model):
    """An enterprise clerk in Xiaodian sees nothing of the district's people, and of enterprise data only what the
    employers listing it own, wherever that is."""
    mine, neighbours = _record_in(model, "140105"), _record_in(model, "140105")
    clerk = UserFactory(region="140105", roles=[Role.ENTERPRISE_REPORTER])
    if model.employer_path is not None:
        _employer_of(mine).reporters.add(clerk)

    visible = set(model._default_manager.visible_to(clerk).values_list("pk", flat=True))

    assert neighbours.pk not in visible
    assert (mine.pk in visible) is (model.employer_path is not None)


@pytest.mark.django_db
def test_user_without_org_unit_sees_nothing_and_superuser_everything():
    PersonFactory()
    nobody = UserFactory(org_unit=None)
    superuser = UserFactory(org_unit=None, is_superuser=True)

    assert not Person.objects.visible_to(nobody).exists()
    assert Person.objects.visible_to(superuser).count() == Person.objects.count()


@pytest.mark.django_db
def test_inactive_user_sees_nothing():
    PersonFactory()
    assert not Person.objects.visible_to(UserFactory(is_active=False)).exists()


@pytest.mark.django_db
def test_scope_is_by_code_prefix_not_by_name():
    """Region 140105 (Xiaodian) must not see 1401051... codes of another tree, and a street sees only itself."""
    street_person = PersonFactory(residence_region_id="140105")
    viewer = UserFactory(region="1401")
    assert Person.objects.visible_to(viewer).filter(pk=street_person.pk).exists()
    assert not Person.objects.visible_to(UserFactory(region="1410")).filter(pk=street_person.pk).exists()


@pytest.mark.parametrize(
    ("code", "inside"),
    [("1401", True), ("140105", True), ("140105001002", True), ("1402", False), ("14", False), ("1410", False)],
)
def test_prefix_range_matches_exactly_the_codes_below(code, inside):
    lookup = code_prefix_lookup("code", "1401")
    assert (lookup["code__gte"] <= code < lookup["code__lt"]) is inside


@pytest.mark.django_db
def test_scope_of_a_code_ending_in_nine():
    """Xinzhou is 1409: its range ends at 1410, and Linfen (1410) stays outside on every database collation."""
    in_xinzhou = PersonFactory(residence_region_id="140902")
    in_linfen = PersonFactory(residence_region_id="141002")
    visible = set(Person.objects.visible_to(UserFactory(region="1409")))
    assert in_xinzhou in visible
    assert in_linfen not in visible


def test_codes_that_cannot_be_ranged_fall_back_to_a_prefix_match():
    assert code_prefix_lookup("code", "99") == {"code__startswith": "99"}
    assert code_prefix_lookup("code", "") == {}

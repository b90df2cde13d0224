"""A small data set in each of three regions for the access walk: Xiaodian county (140105, Taiyuan), a community
inside it (140105001001, under a street 140105001 made for the test: the reference table stops at counties) and
Xinrong district (140212, Datong). Each holds people with register entries and services, a household, a job seeker
with a referral and a stored recommendation, an employer with a vacancy (its advert, docs/access-policy.md §2), a
monitored enterprise with a monthly report, a region warning, an import record and a job.

Every text that identifies a record is a marker: a person's name and masked ID number, a household head, an
employer's name and credit code, an import's file name, a warning's explanation. The walk looks for the markers of
records a user may not see in every answer that user gets."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from jiuye.accounts.models import User
from jiuye.accounts.scope import is_reporter_account
from jiuye.imports.models import ImportRecord
from jiuye.jobs.models import Job
from jiuye.matching.models import MatchRun, Recommendation
from jiuye.people.enums import HouseholdRelationship, ServiceKind
from jiuye.people.services import household_add_member, household_create
from jiuye.reference.enums import KeyGroup, RegionLevel
from jiuye.reference.models import Region
from jiuye.seekers.models import Referral, SeekerRegistration
from tests.accounts.factories import UserFactory
from tests.employers.factories import EmployerFactory, VacancyFactory
from tests.monitoring.factories import MonitoredEnterpriseFactory, MonthlyReportFactory, WarningFactory
from tests.people.factories import SETUP, PersonFactory, enter, make_ric, serve
from tests.seekers.factories import SeekerRegistrationFactory

XIAODIAN, COMMUNITY, XINRONG = "140105", "140105001001", "140212"


def community_regions() -> None:
    """A street and a community of Xiaodian: the reference table (GB/T 2260) stops at counties."""
    street, _ = Region.objects.get_or_create(
        code="140105001", defaults={"name": "坞城街道", "level": RegionLevel.STREET, "parent_id": XIAODIAN}
    )
    Region.objects.get_or_create(
        code=COMMUNITY, defaults={"name": "坞城社区", "level": RegionLevel.COMMUNITY, "parent": street}
    )


@dataclass(frozen=True)
class Marker:
    """A text that identifies `record`: it may appear only in answers to users who may see the record."""

    text: str
    record: models.Model
    what: str


@dataclass
class Dataset:
    tag: str
    code: str
    markers: list[Marker] = field(default_factory=list)
    advert_markers: list[Marker] = field(default_factory=list)  # the advertising employer's name and code (§2)
    full_rics: list[str] = field(default_factory=list)
    records: dict[str, models.Model] = field(default_factory=dict)


def seed(tag: str, code: str, sequence: int, today: datetime.date, accepts: list[str]) -> Dataset:
    """One region's records; `sequence` keeps the ID numbers (and so their masked forms) apart between regions."""
    data = Dataset(tag=tag, code=code)
    region = Region.objects.get(code=code)
    people = []
    for number, role in enumerate(("求职者", "家属")):
        ric = make_ric(area=code[:6], born=datetime.date(1990, 5, 1 + number), sequence=sequence + 2 * number)
        person = PersonFactory(ric=ric, name=f"走查{tag}{role}", residence_region_id=code, unemployed=True)
        data.full_rics.append(ric)
        data.markers += [Marker(person.name, person, "姓名"), Marker(person.ric_masked, person, "脱敏身份证号")]
        people.append(person)
    seeker, relative = people
    enter(seeker, KeyGroup.UNPLACED_GRADUATE, today - datetime.timedelta(days=30))
    serve(seeker, ServiceKind.CAREER_GUIDANCE, today - datetime.timedelta(days=20))
    household = household_create(actor=SETUP, region=region, head_name=f"走查{tag}户主")
    for member, relationship in ((relative, HouseholdRelationship.HEAD), (seeker, HouseholdRelationship.CHILD)):
        household_add_member(actor=SETUP, household=household, person=member, relationship=relationship, on=today)
    data.markers.append(Marker(household.head_name, household, "户主"))

    advertiser = EmployerFactory(region_id=code, name=f"走查{tag}招聘有限公司")
    vacancy = VacancyFactory(
        employer=advertiser, region_id=code, valid_from=today - datetime.timedelta(days=5),
        valid_until=today + datetime.timedelta(days=60),
    )  # fmt: skip
    data.advert_markers += [
        Marker(advertiser.name, advertiser, "招聘单位"),
        Marker(advertiser.uscc, advertiser, "代码"),
    ]
    registration = _registration(seeker, today, accepts)
    referral = _referral(seeker, vacancy, registration, today)
    _recommendation(registration, vacancy, code, today)

    enterprise = MonitoredEnterpriseFactory(employer=EmployerFactory(region_id=code, name=f"走查{tag}监测有限公司"))
    report = MonthlyReportFactory(enterprise=enterprise, region=code)
    monitored = enterprise.employer
    data.markers += [Marker(monitored.name, monitored, "监测企业"), Marker(monitored.uscc, monitored, "监测企业代码")]
    warning = WarningFactory(region_code=code, explanation=f"走查{tag}预警说明")
    data.markers.append(Marker(warning.explanation, warning, "预警"))
    upload = _import_record(code, f"走查{tag}名单.xlsx")
    data.markers.append(Marker(upload.file_name, upload, "导入文件"))
    job = Job.objects.create(user=upload.user, region_code=code, kind="import", title=f"导入{upload.file_name}")
    data.records = {
        "person": seeker, "relative": relative, "household": household, "employer": advertiser, "vacancy": vacancy,
        "registration": registration, "referral": referral, "enterprise": enterprise, "report": report,
        "warning": warning, "import": upload, "job": job,
    }  # fmt: skip
    return data


def _registration(person, today: datetime.date, accepts: list[str]) -> SeekerRegistration:
    registration = SeekerRegistrationFactory(
        person=person, registered_on=today - datetime.timedelta(days=20), expires_on=today + datetime.timedelta(160),
        accepted_regions=accepts,
    )  # fmt: skip
    registration.desired_occupations.set(["6-18-02-04"])
    return registration


def _referral(person, vacancy, registration, today: datetime.date) -> Referral:
    service = serve(person, ServiceKind.JOB_REFERRAL, today - datetime.timedelta(days=2))
    return Referral.objects.create(
        person=person, vacancy=vacancy, service=service, registration=registration,
        referred_on=today - datetime.timedelta(days=2),
    )  # fmt: skip


def _recommendation(registration, vacancy, code: str, today: datetime.date) -> Recommendation:
    run = MatchRun.objects.create(
        direction="vacancies_for_seeker", region_code=code, day=today, started_at=timezone.now()
    )
    return Recommendation.objects.create(
        run=run, direction="vacancies_for_seeker", registration=registration, vacancy=vacancy, rank=1, score=0.8,
        region_code=code,
    )  # fmt: skip


def _import_record(code: str, file_name: str) -> ImportRecord:
    moment = timezone.now()
    return ImportRecord.objects.create(
        user=UserFactory(region=code), region_code=code, kind="veteran", file_name=file_name, sha256="0" * 64,
        started_at=moment, finished_at=moment, status="succeeded",
    )  # fmt: skip


def may_see(user: User, marker: Marker) -> bool:
    """docs/access-policy.md §4: an enterprise account sees the names of the people referred to its vacancies."""
    if marker.record.is_visible_to(user):
        return True
    if is_reporter_account(user) and marker.what == "姓名":
        return Referral.objects.visible_to(user).filter(person=marker.record).exists()
    return False

"""People, their register entries and services, for other government systems and the web's own scripts.

Every endpoint is region-scoped by the calling user (session or bearer token) and follows the one masking policy
(`jiuye.people.masking`): the resident ID number masked, the full number from its own endpoint for users with the
unmask permission, each call audited; the phone masked in the list, whole in one person's record for the officers who
may edit people.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status

from jiuye.api.auth import user_auth
from jiuye.api.pagination import paginate
from jiuye.people import services
from jiuye.people.enums import EmploymentStatus, ServiceKind, SubsidyKind
from jiuye.people.masking import View, shown_phone
from jiuye.people.models import RegisterEntry, Service
from jiuye.people.ric import RIC_IN_TEXT
from jiuye.people.selectors import person_get, person_search
from jiuye.reference.enums import DataSource, EducationLevel, KeyGroup
from jiuye.reference.models import Region
from jiuye.second_factor.perms import check_second_factor

router = Router(tags=["人员与台账"], auth=user_auth)


def _caller(context: dict | None):
    request = (context or {}).get("request")
    return getattr(request, "user", None)


class PersonOut(Schema):
    """One person's record: the phone whole for the officers who may edit people, masked for everyone else."""

    id: int
    name: str
    ric: str = Field(..., alias="ric_masked", description="公民身份号码（脱敏）")
    sex: str
    birth_date: datetime.date
    phone: str = Field(..., description="联系电话（可编辑人员的经办人员看完整号码，其他人脱敏）")
    education_level: str
    household_region: str | None = Field(None, alias="household_region_id")
    residence_region: str = Field(..., alias="residence_region_id")
    employment_status: str
    employment_status_since: datetime.date | None
    version: int = Field(..., description="版本：修改时作为 version 传回，他人已修改时拒绝（防止覆盖）")

    @staticmethod
    def resolve_phone(obj, context) -> str:
        return shown_phone(obj.phone, user=_caller(context), view=View.PERSON)


class PersonRowOut(PersonOut):
    """A person in a list: the phone masked, as in every list."""

    phone: str = Field(..., description="联系电话（脱敏）")

    @staticmethod
    def resolve_phone(obj, context) -> str:
        return shown_phone(obj.phone, user=_caller(context), view=View.LIST)


class PersonIn(Schema):
    ric: str = Field(..., description="公民身份号码，18位或15位旧号码")
    name: str
    residence_region: str = Field(..., description="现居住地区划代码（县级或以下）")
    phone: str = ""
    education_level: EducationLevel | None = None
    household_region: str | None = None


class PersonPatch(Schema):
    name: str | None = None
    residence_region: str | None = None
    phone: str | None = None
    education_level: EducationLevel | None = None
    household_region: str | None = None
    version: int | None = Field(None, description="读取时的版本；记录已被他人修改时拒绝，不写入")


class StatusIn(Schema):
    status: EmploymentStatus
    effective_on: datetime.date
    note: str = ""


class StatusOut(Schema):
    status: str
    effective_on: datetime.date
    note: str


class EntryOut(Schema):
    id: int
    group: str
    entered_on: datetime.date
    exited_on: datetime.date | None
    exit_reason: str
    school: str
    major: str
    graduation_date: datetime.date | None
    hard_to_employ_category: str
    disability: str
    note: str


class EntryIn(Schema):
    group: KeyGroup
    entered_on: datetime.date
    school: str = ""
    major: str = ""
    graduation_date: datetime.date | None = None
    hard_to_employ_category: str = ""
    disability: str = ""
    note: str = ""


class ServiceOut(Schema):
    id: int
    kind: str
    provided_on: datetime.date
    provider: str = Field(..., alias="provider.name")
    subsidy_kind: str
    amount_fen: int | None
    description: str


class ServiceIn(Schema):
    kind: ServiceKind
    provided_on: datetime.date
    subsidy_kind: SubsidyKind | None = None
    amount_fen: int | None = Field(None, description="补贴金额，单位：分")
    description: str = ""
    resulted_in_employment: bool = False


class CardOut(PersonOut):
    register_entries: list[EntryOut]
    services: list[ServiceOut]
    status_changes: list[StatusOut]

    @staticmethod
    def resolve_register_entries(obj) -> list:
        return list(obj.register_entries.all())

    @staticmethod
    def resolve_services(obj) -> list:
        return list(obj.services.select_related("provider"))

    @staticmethod
    def resolve_status_changes(obj) -> list:
        return list(obj.status_changes.all())


class RicOut(Schema):
    ric: str


def _region(code: str | None) -> Region | None:
    return get_object_or_404(Region, code=code) if code else None


RIC_NOT_IN_URL = gettext_lazy(
    "公民身份号码不能放在网址中（会写入访问日志）；按号码查找请用 POST /api/people/search，号码放在请求体的 q 中。"
)


class PersonSearchIn(Schema):
    """The search of `GET /people`, in a request body: a resident ID number never goes into a URL (access logs)."""

    q: str = Field("", description="姓名、公民身份号码或手机号", max_length=64)
    region: str = Field("", description="区划代码（前缀）", max_length=12)


@router.get(
    "", response=list[PersonRowOut], summary="查找人员（姓名或手机号；按公民身份号码查找请用 POST /people/search）"
)
@paginate
def person_list(request: HttpRequest, q: str = "", region: str = ""):
    """A full ID number in `q` is refused (422): a URL is written to the access logs of the server and of every
    proxy on the way, so the number goes in the body of `POST /people/search` instead."""
    if RIC_IN_TEXT.search(re.sub(r"[\s-]", "", q)):
        raise ValidationError({"q": RIC_NOT_IN_URL})
    return _people_found(request, q, region)


@router.post("/search", response=list[PersonRowOut], summary="查找人员（条件在请求体中，可按公民身份号码）")
@paginate
def person_search_post(request: HttpRequest, payload: PersonSearchIn):
    """`GET /people` with the query in the JSON body, `{"q": "140105199003070012"}`: the same scope, masking and
    pages (the page in the URL, `?page=2`)."""
    return _people_found(request, payload.q, payload.region)


def _people_found(request: HttpRequest, q: str, region: str):
    people = person_search(user=request.user, query=q)
    return people.in_region(region) if region.isdigit() else people


@router.post("", response={201: PersonOut, 200: PersonOut}, summary="登记人员（按公民身份号码去重）")
def person_create(request: HttpRequest, payload: PersonIn):
    person, outcome = services.person_upsert(
        actor=request.user, ric=payload.ric, name=payload.name, residence_region=_region(payload.residence_region),
        phone=payload.phone, education_level=payload.education_level or "",
        household_region=_region(payload.household_region), source=DataSource.API,
    )  # fmt: skip
    return Status(201 if outcome.created else 200, person)


@router.get("/{person_id}", response=CardOut, summary="人员卡片")
def person_card(request: HttpRequest, person_id: int):
    return person_get(user=request.user, pk=person_id)


@router.patch("/{person_id}", response=PersonOut, summary="修改人员信息")
def person_update(request: HttpRequest, person_id: int, payload: PersonPatch):
    person = person_get(user=request.user, pk=person_id)
    person, _outcome = services.person_upsert(
        actor=request.user, ric=services.ric_of(person), name=payload.name or person.name,
        residence_region=_region(payload.residence_region) or person.residence_region,
        phone=payload.phone if payload.phone is not None else person.phone,
        education_level=payload.education_level or person.education_level,
        household_region=_region(payload.household_region) or person.household_region, source=DataSource.API,
        expected_version=payload.version,
    )  # fmt: skip
    return person


@router.get("/{person_id}/ric", response=RicOut, summary="查看完整公民身份号码（需授权，留痕）")
def person_ric(request: HttpRequest, person_id: int):
    """A browser session must have confirmed its second factor (403 otherwise); a bearer token need not."""
    check_second_factor(request)
    return {"ric": services.ric_reveal(user=request.user, person=person_get(user=request.user, pk=person_id))}


@router.post("/{person_id}/status", response=PersonOut, summary="变更就业状态")
def person_status(request: HttpRequest, person_id: int, payload: StatusIn):
    person = person_get(user=request.user, pk=person_id)
    services.person_set_employment_status(
        actor=request.user, person=person, status=payload.status, effective_on=payload.effective_on, note=payload.note
    )
    return person


@router.get("/{person_id}/registers", response=list[EntryOut], summary="台账登记")
def entry_list(request: HttpRequest, person_id: int):
    return RegisterEntry.objects.visible_to(request.user).filter(person=person_get(user=request.user, pk=person_id))


@router.post("/{person_id}/registers", response={201: EntryOut, 200: EntryOut}, summary="登记或更新台账")
def entry_upsert(request: HttpRequest, person_id: int, payload: EntryIn):
    person = person_get(user=request.user, pk=person_id)
    details = services.RegisterDetails(**payload.model_dump(exclude={"group", "entered_on"}))
    entry, outcome = services.register_entry_upsert(
        actor=request.user, person=person, group=payload.group, entered_on=payload.entered_on, details=details,
        organisation=request.user.org_unit, source=DataSource.API,
    )  # fmt: skip
    return Status(201 if outcome.created else 200, entry)


@router.get("/{person_id}/services", response=list[ServiceOut], summary="服务记录")
def service_list(request: HttpRequest, person_id: int):
    person = person_get(user=request.user, pk=person_id)
    return Service.objects.visible_to(request.user).filter(person=person).select_related("provider")


@router.post("/{person_id}/services", response={201: ServiceOut}, summary="记录服务")
def service_create(request: HttpRequest, person_id: int, payload: ServiceIn):
    service = services.service_record(
        actor=request.user, person=person_get(user=request.user, pk=person_id), kind=payload.kind,
        provided_on=payload.provided_on, subsidy_kind=payload.subsidy_kind or "",
        amount_fen=payload.amount_fen, description=payload.description,
        resulted_in_employment=payload.resulted_in_employment, source=DataSource.API,
    )  # fmt: skip
    return Status(201, service)

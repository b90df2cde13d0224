"""Job seekers and referral answers for other government systems and employers' own systems.

`GET /api/seekers` lists the registrations of people of the caller's region with the resident ID number and the
phone masked; `POST /api/seekers` registers a person (by id) as a job seeker; `POST /api/referrals/{id}/outcome`
records the employer's answer, by an officer who sees the person or by an account of the vacancy's employer. Numbers
are shown by the one masking policy (`jiuye.people.masking`).
"""

import datetime

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from jiuye.api.auth import user_auth
from jiuye.api.pagination import paginate
from jiuye.employers.perms import is_reporter_account
from jiuye.people.masking import View, shown_phone
from jiuye.people.selectors import person_get
from jiuye.reference.enums import DataSource
from jiuye.reference.models import Occupation, Region
from jiuye.reference.selectors import reference_rows
from jiuye.seekers.enums import ReferralOutcome, RefusalReason, SeekerStatus
from jiuye.seekers.models import Referral, SeekerRegistration
from jiuye.seekers.perms import can_see_referral
from jiuye.seekers.services import referral_outcome_record, seeker_register

router = Router(tags=["求职登记"], auth=user_auth)
referrals_router = Router(tags=["职业介绍"], auth=user_auth)


class SeekerOut(Schema):
    id: int
    person_id: int
    name: str = Field(..., alias="person.name")
    ric: str = Field(..., alias="person.ric_masked", description="公民身份号码（脱敏）")
    phone: str = Field(..., description="联系电话（脱敏）")
    residence_region: str = Field(..., alias="person.residence_region_id")
    desired_occupations: list[str]
    desired_titles: str
    skills: str
    experience_years: int
    accepted_regions: list[str]
    commute_km: int | None
    expected_wage: int | None
    available_on: datetime.date | None
    registered_on: datetime.date
    renewed_on: datetime.date | None
    expires_on: datetime.date
    status: str

    @staticmethod
    def resolve_phone(obj) -> str:
        return shown_phone(obj.person.phone, user=None, view=View.LIST)

    @staticmethod
    def resolve_desired_occupations(obj) -> list[str]:
        return [occupation.code for occupation in obj.desired_occupations.all()]

    @staticmethod
    def resolve_accepted_regions(obj) -> list[str]:
        return [region.code for region in obj.accepted_regions.all()]


class SeekerIn(Schema):
    person_id: int
    registered_on: datetime.date
    desired_occupations: list[str] = Field([], description="职业代码")
    desired_titles: str = ""
    skills: str = ""
    experience_years: int = 0
    accepted_regions: list[str] = Field([], description="意向工作地区划代码")
    commute_km: int | None = None
    expected_wage: int | None = None
    available_on: datetime.date | None = None


class OutcomeIn(Schema):
    outcome: ReferralOutcome
    on: datetime.date
    refusal_reason: RefusalReason | None = None
    note: str = ""


class ReferralOut(Schema):
    id: int
    vacancy_id: int
    name: str = Field(..., alias="person.name")
    phone: str = Field(..., description="联系电话（用人单位账号脱敏；可编辑人员的经办人员看完整号码）")
    referred_on: datetime.date
    outcome: str
    outcome_on: datetime.date | None
    refusal_reason: str

    @staticmethod
    def resolve_phone(obj, context) -> str:
        request = (context or {}).get("request")
        return shown_phone(obj.person.phone, user=getattr(request, "user", None), view=View.PERSON)


@router.get("", response=list[SeekerOut], summary="求职登记列表（限本辖区，脱敏）")
@paginate
def seeker_list(request: HttpRequest, status: SeekerStatus | None = None, region: str = ""):
    if is_reporter_account(request.user):
        return SeekerRegistration.objects.none()  # an employer's account reads no register
    registrations = (
        SeekerRegistration.objects.visible_to(request.user)
        .select_related("person")
        .prefetch_related("desired_occupations", "accepted_regions")
        .order_by("-registered_on", "-pk")
    )
    if status:
        registrations = registrations.filter(status=status)
    return registrations.in_region(region) if region.isdigit() else registrations


@router.post("", response={201: SeekerOut}, summary="办理求职登记")
def seeker_post(request: HttpRequest, payload: SeekerIn):
    person = person_get(user=request.user, pk=payload.person_id)
    values = payload.model_dump(exclude={"person_id", "desired_occupations", "accepted_regions"})
    occupations = reference_rows(Occupation, payload.desired_occupations, field="desired_occupations")
    regions = reference_rows(Region, payload.accepted_regions, field="accepted_regions")
    registration = seeker_register(
        actor=request.user, person=person, desired_occupations=occupations, accepted_regions=regions,
        source=DataSource.API, **values,
    )  # fmt: skip
    return Status(201, registration)


@referrals_router.post("/{referral_id}/outcome", response=ReferralOut, summary="登记用人单位反馈")
def referral_outcome(request: HttpRequest, referral_id: int, payload: OutcomeIn):
    referral = get_object_or_404(Referral.objects.select_related("person", "vacancy__employer"), pk=referral_id)
    if not can_see_referral(request.user, referral):
        raise Http404(_("该职业介绍不存在或不在您的管辖范围内。"))
    referral_outcome_record(
        actor=request.user, referral=referral, outcome=payload.outcome, on=payload.on,
        refusal_reason=payload.refusal_reason or "", note=payload.note,
    )  # fmt: skip
    referral.refresh_from_db()
    return referral

"""Vacancies (岗位) for other government systems and employers' own systems: list, register, read, change, close.

Scoped like the pages: by where the work is for officers and analysts, and to its own employers' vacancies for an
employer's account; a vacancy the caller may not see is a 404. Writes go through `jiuye.employers.services`.
"""

import datetime
from dataclasses import replace

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from jiuye.api.auth import user_auth
from jiuye.api.pagination import paginate
from jiuye.employers import selectors
from jiuye.employers.enums import ContractKind, VacancyChannel, VacancyStatus
from jiuye.employers.perms import is_reporter_account
from jiuye.employers.services import VacancyTerms, vacancy_close, vacancy_create, vacancy_update
from jiuye.reference.enums import DataSource, EducationLevel
from jiuye.reference.models import Occupation, Region
from jiuye.reference.selectors import reference_rows

router = Router(tags=["岗位"], auth=user_auth)


class VacancyOut(Schema):
    id: int
    employer_uscc: str = Field(..., alias="employer.uscc")
    employer_name: str = Field(..., alias="employer.name")
    occupation: str = Field(..., alias="occupation_id", description="职业代码（2022年版大典）")
    title: str
    skills: str
    duties: str
    region: str = Field(..., alias="region_id", description="工作地区划代码")
    address: str
    headcount: int
    wage_min: int = Field(..., description="月工资下限（元）")
    wage_max: int = Field(..., description="月工资上限（元）")
    education: str
    experience_years: int
    hours_per_week: int | None
    contract_kind: str
    valid_from: datetime.date
    valid_until: datetime.date
    status: str
    channel: str
    job_fair: str


class VacancyIn(Schema):
    employer: str = Field(..., description="用人单位统一社会信用代码")
    occupation: str = Field(..., description="职业代码（2022年版大典），小类或细类")
    title: str
    region: str = Field(..., description="工作地区划代码（县级或以下）")
    wage_min: int
    wage_max: int
    valid_from: datetime.date
    valid_until: datetime.date
    headcount: int = 1
    skills: str = ""
    duties: str = ""
    address: str = ""
    education: EducationLevel | None = None
    experience_years: int = 0
    hours_per_week: int | None = None
    contract_kind: ContractKind = ContractKind.FULL_TIME
    job_fair: str = ""


class VacancyPatch(Schema):
    occupation: str | None = None
    title: str | None = None
    region: str | None = None
    wage_min: int | None = None
    wage_max: int | None = None
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    headcount: int | None = None
    skills: str | None = None
    duties: str | None = None
    address: str | None = None
    education: EducationLevel | None = None
    experience_years: int | None = None
    hours_per_week: int | None = None
    contract_kind: ContractKind | None = None
    job_fair: str | None = None


class CloseIn(Schema):
    reason: str = ""


@router.get("", response=list[VacancyOut], summary="岗位列表（限本辖区或本单位）")
@paginate
def vacancy_list(request: HttpRequest, q: str = "", status: VacancyStatus | None = None, region: str = ""):
    return selectors.vacancy_search(
        user=request.user, query=q, status=status or "", region_code=region if region.isdigit() else ""
    )


@router.post("", response={201: VacancyOut}, summary="登记岗位")
def vacancy_post(request: HttpRequest, payload: VacancyIn):
    employer = get_object_or_404(selectors.employers_visible(request.user), uscc=payload.employer.upper())
    values = payload.model_dump(exclude={"employer"})
    terms = VacancyTerms(**_references(values))
    channel = VacancyChannel.EMPLOYER if is_reporter_account(request.user) else VacancyChannel.CASEWORKER
    vacancy = vacancy_create(
        actor=request.user, employer=employer, terms=terms, source=DataSource.API,
        channel=VacancyChannel.JOB_FAIR if payload.job_fair else channel,
    )  # fmt: skip
    return Status(201, vacancy)


def _references(values: dict) -> dict:
    """The payload's codes as the records they name (occupation, region); no education is an empty one."""
    if "occupation" in values:
        values["occupation"] = reference_rows(Occupation, [values["occupation"]], field="occupation")[0]
    if "region" in values:
        values["region"] = reference_rows(Region, [values["region"]], field="region")[0]
    if "education" in values:
        values["education"] = values["education"] or ""
    return values


@router.get("/{vacancy_id}", response=VacancyOut, summary="岗位详情")
def vacancy_detail(request: HttpRequest, vacancy_id: int):
    """A job advert: any vacancy for a user of the administration, an enterprise account's own (docs/access-policy.md,
    2); changing it stays within the region."""
    return selectors.vacancy_advert_get(user=request.user, pk=vacancy_id)


@router.patch("/{vacancy_id}", response=VacancyOut, summary="修改岗位（仅招聘中的岗位）")
def vacancy_patch(request: HttpRequest, vacancy_id: int, payload: VacancyPatch):
    vacancy = selectors.vacancy_get(user=request.user, pk=vacancy_id)
    values = _references(payload.model_dump(exclude_unset=True))
    vacancy_update(actor=request.user, vacancy=vacancy, terms=replace(VacancyTerms.of(vacancy), **values))
    return selectors.vacancy_get(user=request.user, pk=vacancy_id)


@router.post("/{vacancy_id}/close", response=VacancyOut, summary="关闭岗位")
def vacancy_close_endpoint(request: HttpRequest, vacancy_id: int, payload: CloseIn):
    vacancy = selectors.vacancy_get(user=request.user, pk=vacancy_id)
    vacancy_close(actor=request.user, vacancy=vacancy, reason=payload.reason)
    return vacancy

"""Matching for other systems: vacancies recommended to a job seeker, seekers recommended for a vacancy.

`GET /api/matching/registrations/{id}/vacancies?k=10` and `GET /api/matching/vacancies/{id}/seekers?k=20`, computed
live as on the pages, each row with its score and parts ("为什么推荐": each part's contribution and reason). A
registration or vacancy outside the caller's region is a 404; seekers are only those the caller may see, with the
resident ID number and phone masked.
"""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from jiuye.api.auth import user_auth
from jiuye.matching.selectors import (
    MAX_K,
    Reason,
    candidates_for_vacancy,
    recommendations_for_registration,
    registration_get,
    vacancy_for_candidates,
)

router = Router(tags=["供需匹配"], auth=user_auth)


class PartOut(Schema):
    part: str = Field(..., description="得分项代码")
    label: str
    value: float = Field(..., description="该项取值（0–1）")
    contribution: float = Field(..., description="对得分的贡献（权重×取值）")
    reason: str


class VacancyMatchOut(Schema):
    rank: int
    score: float
    vacancy_id: int
    title: str
    employer: str
    region: str = Field(..., description="工作地区划代码")
    wage_min: int
    wage_max: int
    parts: list[PartOut]


class SeekerMatchOut(Schema):
    rank: int
    score: float
    registration_id: int
    person_id: int
    name: str
    ric: str = Field(..., description="公民身份号码（脱敏）")
    phone: str = Field(..., description="联系电话（脱敏）")
    residence_region: str
    key_groups: list[str]
    parts: list[PartOut]


class KIn(Schema):
    k: int = Field(10, ge=1, le=MAX_K, description="推荐条数")


class CandidatesKIn(Schema):
    k: int = Field(20, ge=1, le=MAX_K, description="推荐条数")


def _parts(reasons: list[Reason]) -> list[dict]:
    return [r.as_dict() for r in reasons]


@router.get("/registrations/{registration_id}/vacancies", response=list[VacancyMatchOut], summary="为求职者推荐岗位")
def registration_vacancies(request: HttpRequest, registration_id: int, query: Query[KIn]):
    registration = registration_get(user=request.user, pk=registration_id)
    matches = recommendations_for_registration(request.user, registration, query.k, today=timezone.localdate())
    return [
        {"rank": m.rank, "score": round(m.score, 4), "vacancy_id": m.vacancy.pk, "title": m.vacancy.title,
         "employer": m.vacancy.employer.name, "region": m.vacancy.region_id, "wage_min": m.vacancy.wage_min,
         "wage_max": m.vacancy.wage_max, "parts": _parts(m.reasons)}
        for m in matches
    ]  # fmt: skip


@router.get(
    "/vacancies/{vacancy_id}/seekers", response=list[SeekerMatchOut], summary="为岗位推荐人选（限本辖区，脱敏）"
)
def vacancy_seekers(request: HttpRequest, vacancy_id: int, query: Query[CandidatesKIn]):
    vacancy = vacancy_for_candidates(user=request.user, pk=vacancy_id)
    matches = candidates_for_vacancy(request.user, vacancy, query.k, today=timezone.localdate())
    return [
        {"rank": m.rank, "score": round(m.score, 4), "registration_id": m.registration.pk,
         "person_id": m.registration.person_id, "name": m.registration.person.name,
         "ric": m.registration.person.ric_masked, "phone": m.phone,
         "residence_region": m.registration.person.residence_region_id, "key_groups": m.key_groups,
         "parts": _parts(m.reasons)}
        for m in matches
    ]  # fmt: skip

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from jiuye.api.auth import user_auth
from jiuye.api.pagination import paginate
from jiuye.employers.selectors import employer_search

router = Router(tags=["用人单位"], auth=user_auth)


class EmployerOut(Schema):
    uscc: str
    name: str
    industry: str
    region: str
    ownership: str
    size_class: str
    headcount: int

    @staticmethod
    def resolve_industry(obj) -> str:
        return obj.industry_id

    @staticmethod
    def resolve_region(obj) -> str:
        return obj.region_id


@router.get("", response=list[EmployerOut], summary="用人单位列表（限本辖区）")
@paginate
def employer_list(request: HttpRequest, q: str = "", region: str = ""):
    employers = employer_search(user=request.user, query=q)
    return employers.in_region(region) if region.isdigit() else employers


@router.get("/{uscc}", response=EmployerOut, summary="用人单位详情（限本辖区）")
def employer_detail(request: HttpRequest, uscc: str):
    return get_object_or_404(employer_search(user=request.user), uscc=uscc.upper())

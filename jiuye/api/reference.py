"""Public, read-only reference classifications: no personal data, so no login."""

from ninja import Router, Schema

from jiuye.reference.models import Industry, Occupation, Region
from jiuye.reference.selectors import occupation_text

router = Router(tags=["参考数据"])


class CodeOut(Schema):
    code: str
    name: str
    level: str | int
    parent: str | None


class RegionOut(CodeOut):
    longitude: float | None
    latitude: float | None


def _code_row(row) -> dict:
    return {"code": row.code, "name": row.name, "level": row.level, "parent": row.parent_id}


@router.get("/regions", response=list[RegionOut], summary="行政区划")
def regions(request, parent: str | None = None):
    """Children of `parent` (Shanxi itself when no parent is given: `?parent=14` lists the 11 cities)."""
    return [
        {
            **_code_row(region),
            "longitude": float(region.longitude) if region.longitude is not None else None,
            "latitude": float(region.latitude) if region.latitude is not None else None,
        }
        for region in Region.objects.children_of(parent)
    ]


@router.get("/industries", response=list[CodeOut], summary="国民经济行业分类（GB/T 4754-2017）")
def industries(request, level: str | None = None):
    rows = Industry.objects.all()
    if level:
        rows = rows.filter(level=level)
    return [_code_row(row) for row in rows]


@router.get("/occupations", response=list[CodeOut], summary="职业分类（2022年版大典）")
def occupations(request, level: int | None = None, q: str | None = None, parent: str | None = None):
    """Filter by level (1 major .. 4 detailed), parent code, and text `q`, which also searches common job titles."""
    rows = Occupation.objects.all()
    if level:
        rows = rows.filter(level=level)
    if parent:
        rows = rows.filter(parent_id=parent)
    if q:
        rows = rows.filter(occupation_text(q)).distinct()
    return [_code_row(row) for row in rows]

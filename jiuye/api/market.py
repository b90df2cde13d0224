"""Market statistics for other systems: the vacancy-seeker ratio (求人倍率) of a quarter, by occupation group or by
region, inside the caller's region (404 for a region outside it), as the page shows them."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from jiuye.api.auth import user_auth
from jiuye.market import statistics as market
from jiuye.market.selectors import default_quarter, market_quarters, market_region, market_report

router = Router(tags=["市场供求"], auth=user_auth)

# `by=`: the grouping of the rows.
GROUPINGS = {"occupation_major": "by_occupation", "occupation_medium": "by_occupation", "region": "by_region"}


class RatioOut(Schema):
    code: str
    name: str
    demand: int
    supply: int
    ratio: Decimal | None


class RatiosOut(Schema):
    quarter: str
    region: str
    by: str
    demand: int
    supply: int
    ratio: Decimal | None
    rows: list[RatioOut]


@router.get("/ratios", response=RatiosOut, summary="求人倍率（限本辖区）")
def market_ratios(request: HttpRequest, quarter: str = "", by: str = "occupation_major", region: str = ""):
    """`quarter` like 2026Q3 (default: the last finished quarter); `by` occupation_major, occupation_medium or
    region (the cities of the province, the counties of a city); `region` a code inside the caller's region.
    Ratios are decimals written as strings ("1.46"), null when nobody sought work."""
    if by not in GROUPINGS:
        raise ValidationError({"by": _("分组应为 occupation_major、occupation_medium 或 region。")})
    place = market_region(user=request.user, code=region)
    if place is None:
        raise Http404(_("该区划不存在或不在您的管辖范围内。"))
    try:
        market.quarter_bounds(quarter)
    except ValueError:
        if quarter:
            raise ValidationError({"quarter": _("季度的格式应为“2026Q3”。")}) from None
        quarter = default_quarter(market_quarters(user=request.user, region_code=place.code))
    level = "medium" if by == "occupation_medium" else "major"
    report = market_report(user=request.user, region=place, quarter=quarter.upper(), level=level)
    rows = [
        RatioOut(code=row.key, name=report.name(row.key), demand=row.demand, supply=row.supply, ratio=row.ratio)
        for row in getattr(report, GROUPINGS[by])
    ]
    total = report.total
    return RatiosOut(
        quarter=report.quarter, region=place.code, by=by, demand=total.demand, supply=total.supply,
        ratio=total.ratio, rows=rows,
    )  # fmt: skip

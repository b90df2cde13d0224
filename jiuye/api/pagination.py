"""Paging of every API list: `limit` 1..API_PAGE_MAX_LIMIT (default 1000), `offset` 0..API_PAGE_MAX_OFFSET (default
2^31 − 1), anything else a 422 in the one error shape.

django-ninja's LimitOffsetPagination accepts any integer above its minimum, and the database driver fails on an
offset or limit past 2^63 − 1 (a 500): `?offset=99999999999999999999`. List handlers use `@paginate` from here, never
ninja's, so every list has the same bounds (tests/api/test_pagination.py walks the schema for them).
"""

from typing import Any

from django.conf import settings
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination
from ninja.pagination import paginate as ninja_paginate

MAX_LIMIT = getattr(settings, "API_PAGE_MAX_LIMIT", 1000)
MAX_OFFSET = getattr(settings, "API_PAGE_MAX_OFFSET", 2**31 - 1)


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            min(ninja_settings.PAGINATION_PER_PAGE, MAX_LIMIT),
            ge=1,
            le=MAX_LIMIT,
            description=f"每页条数（1–{MAX_LIMIT}）",
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="跳过的条数")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


def paginate(func):
    return ninja_paginate(BoundedLimitOffsetPagination)(func)

"""`/healthz`: whether the application answers and reaches its database, for the load balancer and monitoring.

Public (no login) and small: `{"status": "ok", "database": true}`, or 503 with `"database": false` when the
database cannot be reached. It says nothing about the data or the failure's details.
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    reachable = database_reachable()
    status = "ok" if reachable else "unavailable"
    return JsonResponse({"status": status, "database": reachable}, status=200 if reachable else 503)


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database cannot be reached")
        return False
    return True

"""`/healthz`: whether the application answers, reaches its database and runs on a migrated schema, for the load
balancer and monitoring.

Public (no login) and small: `{"status": "ok", "database": true, "migrations": true}`, or 503 with `"database":
false` when the database cannot be reached, or `"migrations": false` when the code has migrations the database has
not applied (an upgrade started before `manage.py migrate`: its pages would fail on missing columns). It says nothing
about the data or the failure's details.
"""

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Once found applied, the migrations stay applied for this process's code: the check (reading every migration file)
# is not repeated at each probe.
_migrated = False


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    reachable = database_reachable()
    migrated = reachable and migrations_applied()
    healthy = reachable and migrated
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "database": reachable, "migrations": migrated},
        status=200 if healthy else 503,
    )


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database cannot be reached")
        return False
    return True


def migrations_applied() -> bool:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if unapplied:
            logger.error("Health check: %d migration(s) not applied, first %s", len(unapplied), unapplied[0][0])
        _migrated = not unapplied
    return _migrated

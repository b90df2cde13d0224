"""Test settings: the base settings with fast password hashing; DATABASE_URL still picks the database."""

import tempfile

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; real hashing in base
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
WHITENOISE_AUTOREFRESH = True
AXES_FAILURE_LIMIT = 3
PII_ENCRYPTION_KEYS = ["Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC1rZXktMTI="]  # 32 bytes, base64: tests only
PII_HASH_KEY = "test-hash-key-not-for-production"
# Tasks run in place, within the request that enqueues them, so that a view test sees an upload's import done when
# the page answers, as it always did. Tests of the task path itself use the database queue (tests/jobs), as does a
# `db_worker` a test starts (it is given JIUYE_TEST_TASKS=database).
if os.environ.get("JIUYE_TEST_TASKS") != "database":  # noqa: F405
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Jobs' progress files in a directory of the test run's own (a worker started by a test is told it by the same
# variable), never var/.
JOBS_PROGRESS_DIR = Path(os.environ.get("JIUYE_JOBS_DIR") or tempfile.mkdtemp(prefix="jiuye-jobs-"))  # noqa: F405

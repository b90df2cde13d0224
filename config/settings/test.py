"""Test settings: the base settings with fast password hashing; DATABASE_URL still picks the database."""

from config.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; real hashing in base
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
WHITENOISE_AUTOREFRESH = True
AXES_FAILURE_LIMIT = 3
PII_ENCRYPTION_KEYS = ["Zm9yLXRlc3RzLW9ubHktbm90LWEtcmVhbC1rZXktMTI="]  # 32 bytes, base64: tests only
PII_HASH_KEY = "test-hash-key-not-for-production"

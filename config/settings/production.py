"""Production settings: the base settings, refusing to start without the keys, behind HTTPS.

`DJANGO_SETTINGS_MODULE=config.settings.production`. The base settings generate a missing SECRET_KEY and the keys of
the resident ID numbers (PII_ENCRYPTION_KEYS, PII_HASH_KEY) into var/, which suits the demo and a developer's
machine; in production a deployment with an empty var/ would then start with new keys, and every look-up of a person
by number would miss (the keyed hash changed) and no stored number could be decrypted. So the three are required
here, checked before the base settings are read, so that base never generates one.

Static files from `collectstatic`, hashed and compressed (WhiteNoise's manifest storage).

HTTPS: SECURE_SSL_REDIRECT, secure cookies, HSTS (SECURE_HSTS_SECONDS, one year by default; subdomains and preload
switched off by SECURE_HSTS_INCLUDE_SUBDOMAINS=0 / SECURE_HSTS_PRELOAD=0). Behind a proxy that ends TLS, set
SECURE_PROXY_SSL_HEADER to the header and value it sets (`HTTP_X_FORWARDED_PROTO,https`), or the redirect loops.
"""

import os

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

REQUIRED_VARIABLES = {
    "SECRET_KEY": "Django's signing key (50 random characters or more)",
    "PII_ENCRYPTION_KEYS": "comma-separated Fernet keys encrypting resident ID numbers, the first encrypting",
    "PII_HASH_KEY": "the key of the ID numbers' look-up hash, never to change once data is stored",
}


def require_environment(environ: dict[str, str] = os.environ) -> None:
    """Refuse to start without each key, or with an encryption key that is no Fernet key."""
    missing = [name for name in REQUIRED_VARIABLES if not environ.get(name, "").strip()]
    if missing:
        raise ImproperlyConfigured(
            "Production settings need the environment variable(s) "
            + "; ".join(f"{name} ({REQUIRED_VARIABLES[name]})" for name in missing)
            + ". They are never generated in production: a new key would make every stored ID number unreadable "
            "and every look-up by number miss."
        )
    for key in environ["PII_ENCRYPTION_KEYS"].split(","):
        try:
            Fernet(key.strip())
        except ValueError as error:
            raise ImproperlyConfigured(
                "PII_ENCRYPTION_KEYS holds a key that is no Fernet key (32 url-safe base64-encoded bytes)."
            ) from error


require_environment()

from config.settings.base import *  # noqa: E402, F403
from config.settings.base import STORAGES, VAR_DIR, env_bool  # noqa: E402

DEBUG = False

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
_proxy_header = [part.strip() for part in os.environ.get("SECURE_PROXY_SSL_HEADER", "").split(",") if part.strip()]
if _proxy_header:
    if len(_proxy_header) != 2:
        raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER is a header and its value: HTTP_X_FORWARDED_PROTO,https")
    SECURE_PROXY_SSL_HEADER = tuple(_proxy_header)

# Static files: `manage.py collectstatic` copies them to STATIC_ROOT (var/static by default) with content-hashed,
# compressed copies; WhiteNoise (in MIDDLEWARE) serves them with far-future caching, or nginx serves the folder itself
# (deploy/nginx.conf.example). The demo serves them from the finders, uncollected.
STATIC_ROOT = os.environ.get("STATIC_ROOT") or str(VAR_DIR / "static")
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", default=False)

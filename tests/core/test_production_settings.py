"""The production settings refuse to start without their keys and pass Django's deployment checks with them.

Each case runs in a fresh interpreter with a scrubbed environment (only what the case gives), since settings are
read once per process and the test run's own are the test settings.
"""

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEYS = {
    "SECRET_KEY": "p" * 20 + base64.urlsafe_b64encode(os.urandom(40)).decode(),
    "PII_ENCRYPTION_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
    "PII_HASH_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
}


def run(tmp_path: Path, args: list[str], **environment: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "JIUYE_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **environment,
    }
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("missing", list(KEYS))
def test_production_settings_refuse_to_start_without_each_key(tmp_path, missing):
    given = {name: value for name, value in KEYS.items() if name != missing}

    process = run(tmp_path, ["-c", "import config.settings.production"], **given)

    assert process.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in process.stderr
    assert f"environment variable(s) {missing} (" in process.stderr
    assert not (tmp_path / "var").exists()  # nothing generated in its place


def test_production_settings_refuse_an_encryption_key_that_is_no_fernet_key(tmp_path):
    process = run(tmp_path, ["-c", "import config.settings.production"], **{**KEYS, "PII_ENCRYPTION_KEYS": "short"})

    assert "PII_ENCRYPTION_KEYS holds a key that is no Fernet key" in process.stderr


def test_check_deploy_is_clean_with_the_keys(tmp_path):
    process = run(tmp_path, ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **KEYS)

    assert (process.returncode, process.stderr) == (0, "")
    assert process.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_settings_read_https_and_the_proxy_header_from_the_environment(tmp_path):
    code = (
        "from config.settings import production as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
    )
    environment = {**KEYS, "SECURE_HSTS_SECONDS": "600", "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https"}

    process = run(tmp_path, ["-c", code], **environment)

    assert process.stdout.strip() == "False True True True 600 ('HTTP_X_FORWARDED_PROTO', 'https')"

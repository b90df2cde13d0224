"""One JSON line per request (LOG_FORMAT=json): its id, the user's id, method, path without the query string,
status and milliseconds; the id goes back in the response; no resident ID number reaches the line."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.log_filters import RicMaskedFilter
from config.log_formatters import JsonLinesFormatter
from tests.accounts.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
RIC = "140105199003070012"

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_lines():
    """The lines `jiuye.request` writes through a handler as the settings build it with LOG_FORMAT=json."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLinesFormatter())
    handler.addFilter(RicMaskedFilter())
    request_logger = logging.getLogger("jiuye.request")
    level = request_logger.level
    request_logger.addHandler(handler)
    request_logger.setLevel(logging.INFO)
    yield lambda: stream.getvalue()
    request_logger.removeHandler(handler)
    request_logger.setLevel(level)


def test_a_request_is_one_json_line_with_its_id_user_and_timing(client, request_lines):
    user = UserFactory(region="140105", username="county_clerk")
    client.force_login(user)

    response = client.get(f"/healthz?q={RIC}&phone=13912345678")

    text = request_lines()
    assert len(text.splitlines()) == 1
    line = json.loads(text)
    assert set(line) == {
        "time", "level", "logger", "message", "request_id", "user_id", "method", "path", "status", "duration_ms"
    }  # fmt: skip
    assert (line["logger"], line["level"], line["method"], line["path"], line["status"]) == (
        "jiuye.request", "INFO", "GET", "/healthz", 200
    )  # fmt: skip
    assert line["user_id"] == user.pk
    assert isinstance(line["duration_ms"], float)
    assert response["X-Request-ID"] == line["request_id"]
    assert len(line["request_id"]) == 32
    for personal in (RIC, "140105", "13912345678", "county_clerk", "q="):
        assert personal not in text


def test_a_visitor_has_no_user_id_and_the_proxys_request_id_is_kept(client, request_lines):
    response = client.get("/healthz", headers={"X-Request-ID": "0f3a9c2e7b1d4e5f"})

    line = json.loads(request_lines())
    assert line["user_id"] is None
    assert response["X-Request-ID"] == line["request_id"] == "0f3a9c2e7b1d4e5f"


def test_a_request_id_that_is_not_plain_is_replaced(client, request_lines):
    response = client.get("/healthz", headers={"X-Request-ID": f"x {RIC}"})

    assert response["X-Request-ID"] != f"x {RIC}"
    assert len(response["X-Request-ID"]) == 32
    assert RIC not in request_lines()


def test_an_id_number_in_the_path_and_in_a_traceback_is_masked(request_lines):
    request_logger = logging.getLogger("jiuye.request")
    request_logger.info("GET", extra={"path": f"/people/{RIC}/", "request": object()})
    try:
        raise ValueError(f"no person {RIC}")
    except ValueError:
        request_logger.exception("failed")

    first, second = (json.loads(line) for line in request_lines().splitlines())
    assert first["path"] == "/people/140105********0012/"
    assert "request" not in first  # Django's request object (its text holds the query string) is never written
    assert "no person 140105********0012" in second["exception"]
    assert RIC not in request_lines()


def test_log_format_json_puts_the_formatter_on_the_settings_handlers(tmp_path):
    """The settings as a deployment reads them, in a fresh interpreter."""
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('jiuye.request').info('GET /healthz 200', extra={'path': '/healthz', 'status': 200}); "
        "logging.getLogger('jiuye.imports').warning('rejected %s', '140105199003070012')"
    )
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "JIUYE_VAR_DIR": str(tmp_path / "var"),
        "LOG_FORMAT": "json",
    }

    process = subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )

    request_line, warning = (json.loads(line) for line in process.stderr.splitlines())
    assert (request_line["path"], request_line["status"]) == ("/healthz", 200)
    assert (warning["logger"], warning["message"]) == ("jiuye.imports", "rejected 140105********0012")

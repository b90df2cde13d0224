"""The Content-Security-Policy: on every page, allowing no inline script, and no template needs one."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "jiuye"
# A <script> without src that is no data block (type="application/json", json_script's), and an inline handler.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src|type=\"application/json\"))[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def policy(response) -> dict[str, list[str]]:
    directives = [part.strip().split() for part in response["Content-Security-Policy"].split(";") if part.strip()]
    return {name: values for name, *values in directives}


def test_pages_carry_a_policy_without_inline_scripts(client):
    login = client.get(reverse("www:login"))
    client.force_login(UserFactory())
    home = client.get(reverse("www:home"))

    for response in (login, home):
        directives = policy(response)
        assert directives["script-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
    assert "<script>" not in home.text


def test_the_api_answers_with_the_policy_too(client):
    assert policy(client.get("/api/people"))["default-src"] == ["'self'"]


def test_no_template_has_an_inline_script_or_handler():
    offending = [
        f"{path.relative_to(TEMPLATES)}: {found.group()}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER)
        for found in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offending == []

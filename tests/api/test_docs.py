"""/api/docs works without the internet: Swagger UI from build/static/vendor/swagger-ui (npm), no CDN, no online
validator. The browser test (tests/browser/test_shell.py) checks that it renders the operations."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db


def test_api_docs_reference_only_this_sites_files(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.text
    assert re.search(r"https?://|(?:src|href)=\"//", html) is None
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in assets
    assert "/static/vendor/swagger-ui/swagger-ui.css" in assets
    for url in assets:
        assert url.startswith("/"), url
        if url.startswith("/static/"):
            assert client.get(url).status_code == 200, url


def test_api_docs_turn_off_the_online_validator_and_name_the_schema(client):
    html = client.get("/api/docs").text
    settings = json.loads(re.search(r'<script id="swagger-settings" type="application/json">(.*?)</script>', html)[1])
    assert settings["validatorUrl"] is None
    assert settings["url"] == "/api/openapi.json"

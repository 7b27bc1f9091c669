"""The OpenAPI contract: committed, in step with the code, and readable in Swagger UI and ReDoc under the CSP."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

# API tests run on a fixed Hanoi clock: 20/06/2026 10:00 (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("hanoi_clock")

SCHEMA_FILE = Path(settings.BASE_DIR) / "config" / "openapi.yaml"


def test_the_committed_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    with translation.override(settings.LANGUAGE_CODE):
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(generated))
    assert generated.read_text() == SCHEMA_FILE.read_text(), (
        "config/openapi.yaml is out of date: run "
        "`DEBUG=true .venv/bin/python manage.py spectacular --validate --fail-on-warn --file config/openapi.yaml`"
    )


def test_the_schema_is_served_to_members(viewer_api):
    response = viewer_api.get("/api/v1/schema/")
    assert response.status_code == 200
    assert b"/api/v1/tasks/{id}/deadline-history/" in response.content


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_documentation_pages_need_a_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "next=" in response["Location"]


def _scripts(html):
    import re

    return re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_documentation_pages_run_no_inline_script_and_load_nothing_from_elsewhere(client_for, viewer, url):
    response = client_for(viewer).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    scripts = _scripts(html)
    assert scripts, "the page loads its UI"
    assert all('src="' in attributes and not body.strip() for attributes, body in scripts), "no inline script"
    assert "https://" not in html and "http://" not in html, "served offline: no CDN"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_swagger_uis_start_script_is_served_as_javascript(client_for, viewer):
    client = client_for(viewer)
    response = client.get("/api/v1/docs/", {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert b"/api/v1/schema/" in response.content

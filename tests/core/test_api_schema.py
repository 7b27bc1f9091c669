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


def _contract():
    import yaml

    return yaml.safe_load(SCHEMA_FILE.read_text())


WITH_FILES = {"/api/v1/tasks/{id}/progress-reports/", "/api/v1/tasks/{id}/extension-requests/"}
WITH_FILES.add("/api/v1/tasks/{id}/report-completion/")
WITH_FILES.add("/api/v1/imports/{kind}/")  # the workbook of an import (imports.api)
WITH_FILES.add("/api/v1/plan-reports/{id}/signed-pdf/")  # the signed PDF of a plan report


def test_writes_take_json_and_only_those_with_files_take_multipart():
    bodies = {
        (path, method): sorted(operation["requestBody"]["content"])
        for path, operations in _contract()["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation
    }
    assert bodies
    for (path, method), content_types in bodies.items():
        expected = ["multipart/form-data"] if path in WITH_FILES else ["application/json"]
        assert content_types == expected, (path, method)


def test_files_are_documented_as_an_array_of_binary_strings():
    schemas = _contract()["components"]["schemas"]
    for name in ["ProgressReportCreateRequest", "ExtensionRequestCreateRequest", "CompletionReportRequest"]:
        assert schemas[name]["properties"]["files"]["items"] == {"type": "string", "format": "binary"}


def test_every_field_of_a_response_is_required_and_read_only_fields_say_so():
    schemas = _contract()["components"]["schemas"]
    for name, schema in schemas.items():
        if name.endswith("Request") or name == "ValidationError" or "properties" not in schema:
            continue
        assert sorted(schema["required"]) == sorted(schema["properties"]), name
    assert schemas["Task"]["properties"]["version"]["readOnly"] is True
    assert schemas["PaginatedTaskList"]["required"] == ["count", "next", "previous", "results"]


def test_a_form_body_is_refused_on_a_write_without_files(coordinator_api, task):
    response = coordinator_api.post(f"/api/v1/tasks/{task.pk}/cancel/", {"reason": "Trùng"}, format="multipart")
    assert response.status_code == 415
    task.refresh_from_db()
    assert task.status != "cancelled"


def test_a_nullable_field_is_cleared_with_null(coordinator_api, task):
    version = coordinator_api.get(f"/api/v1/tasks/{task.pk}/").json()["version"]
    body = {"start_date": None, "reason": "Chưa rõ ngày bắt đầu", "version": version}
    response = coordinator_api.patch(f"/api/v1/tasks/{task.pk}/", body, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["start_date"] is None

"""The system-wide audit log: coordinators only, filtered by user, agency, kind and dates, newest first."""

import pytest

from tasks import services

# API tests run on a fixed Hanoi clock: 20/06/2026 10:00 (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("hanoi_clock")

AUDIT = "/api/v1/audit-log/"


@pytest.fixture
def changes(coordinator, officer, task):
    services.progress_report_create(actor=officer, task=task, text="Đang làm", progress_percent=20)
    services.task_update(actor=coordinator, task=task, reason="Sửa tên", title="Tên mới")


def test_a_coordinator_reads_every_change_with_who_what_and_why(coordinator_api, changes):
    body = coordinator_api.get(AUDIT, {"kind": "tasks.task"}).json()
    newest = body["results"][0]
    assert (newest["kind"], newest["action"], newest["user"]["username"]) == ("tasks.task", "updated", "alice")
    assert newest["reason"] == "Sửa tên"
    assert {"field": "title", "label": "Nhiệm vụ", "old": "", "new": "Tên mới"}.keys() <= newest["changes"][0].keys()
    assert newest["object_repr"].startswith("NV-")


@pytest.mark.parametrize("role_api", ["officer_api", "viewer_api"])
def test_only_coordinators_read_the_audit_log(request, role_api, changes):
    assert request.getfixturevalue(role_api).get(AUDIT).status_code == 403


def test_the_audit_log_filters_by_user_agency_kind_and_dates(coordinator_api, changes, officer, agency):
    by_officer = coordinator_api.get(AUDIT, {"user": officer.pk}).json()["results"]
    assert by_officer and {e["user"]["username"] for e in by_officer} == {"bob"}
    by_agency = coordinator_api.get(AUDIT, {"agency": agency.pk}).json()["results"]
    assert {e["user"]["username"] for e in by_agency} == {"bob"}
    reports = coordinator_api.get(AUDIT, {"kind": "tasks.progressreport"}).json()["results"]
    assert [e["kind"] for e in reports] == ["tasks.progressreport"]
    assert coordinator_api.get(AUDIT, {"date_from": "2026-06-21"}).json()["results"] == []
    assert coordinator_api.get(AUDIT, {"date_from": "2026-06-20", "date_to": "2026-06-20"}).json()["results"]


def test_logins_through_the_api_appear_in_the_audit_log(coordinator_api, anonymous, officer, password):
    anonymous.post("/api/v1/auth/token/", {"username": "bob", "password": password}, format="json")
    entry = coordinator_api.get(AUDIT, {"kind": "auth"}).json()["results"][0]
    assert (entry["action"], entry["object_repr"], entry["ip_address"]) == ("login", "bob", "127.0.0.1")


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"user": 10**20}, "user"),
        ({"agency": "SXD"}, "agency"),
        ({"kind": "auth.user"}, "kind"),
        ({"date_from": "hôm qua"}, "date_from"),
        ({"date_from": "2026-06-21", "date_to": "2026-06-01"}, "date_to"),
    ],
)
def test_bad_audit_log_filters_get_400(coordinator_api, params, field):
    response = coordinator_api.get(AUDIT, params)
    assert response.status_code == 400
    assert field in response.json()


def test_the_audit_log_pages_by_next_and_previous_links_without_a_count(coordinator_api, changes):
    first = coordinator_api.get(AUDIT, {"page_size": 2}).json()
    assert "count" not in first and first["previous"] is None and len(first["results"]) == 2
    second = coordinator_api.get(first["next"]).json()
    assert not {e["id"] for e in second["results"]} & {e["id"] for e in first["results"]}
    assert coordinator_api.get(second["previous"]).json()["results"] == first["results"]
    assert coordinator_api.get(AUDIT, {"before": "hôm qua"}).json() == {"before": ["Con trỏ trang không hợp lệ."]}

"""Tasks over the API: their representation, assigning and editing them, and every kind of bad input."""

import datetime

import pytest

from tasks.models import Task
from tests.factories import AgencyFactory, ClusterFactory, TaskFactory

# API tests run on a fixed Hanoi clock: 20/06/2026 10:00 (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("hanoi_clock")

TASKS = "/api/v1/tasks/"

TASK_FIELDS = {
    # The fields the issue lists…
    "id",
    "code",
    "title",
    "group",
    "lead_agency",
    "supporting_agencies",
    "clusters",
    "start_date",
    "due_date",
    "original_due_date",
    "status",
    "deadline_status",
    "progress_percent",
    "completed_on",
    "expected_output",
    "version",
    # …their labels, and the other writable fields, so what is written can be read back.
    "plan",
    "status_label",
    "deadline_status_label",
    "priority",
    "priority_label",
    "description",
    "responsible_user",
    "source_document",
    "created_at",
    "updated_at",
    # …and the task of an earlier plan it carries on (tasks.planning), null for most.
    "continues",
    # …and the date of its latest progress report (null before the first), what "chưa cập nhật" is judged by.
    "last_reported_on",
}


@pytest.fixture
def new_task(group, agency, other_agency):
    cluster = ClusterFactory()
    return {
        "group": group.pk,
        "code": "KH305-1.01",
        "title": "Xây dựng quy chế quản lý cụm công nghiệp",
        "lead_agency": agency.pk,
        "supporting_agencies": [other_agency.pk],
        "clusters": [cluster.pk],
        "start_date": "2026-01-15",
        "due_date": "2026-06-30",
        "expected_output": "Quyết định của UBND Thành phố",
    }


def test_a_task_shows_the_fields_of_the_plan_annex_with_its_deadline_status(viewer_api, task, agency, other_agency):
    body = viewer_api.get(f"{TASKS}{task.pk}/").json()
    assert set(body) == TASK_FIELDS
    assert body["lead_agency"] == agency.pk
    assert body["supporting_agencies"] == [other_agency.pk]
    assert (body["due_date"], body["original_due_date"]) == ("2026-06-30", "2026-06-30")
    assert (body["status"], body["status_label"]) == ("not_started", "Chưa thực hiện")
    # Today is 20/06/2026: ten days before the deadline, outside the seven-day due-soon window.
    assert (body["deadline_status"], body["deadline_status_label"]) == ("on_track", "Đang thực hiện trong hạn")
    assert body["version"] == 1
    assert body["continues"] is None


def test_a_task_in_the_list_reads_as_on_its_own_with_its_agencies_and_clusters_in_name_order(viewer_api, task):
    agencies = [AgencyFactory(name=name) for name in ("Sở Y tế", "Sở Công an", "Sở Ánh sáng")]
    clusters = [ClusterFactory(name=name) for name in ("Cụm Ứng Hòa", "Cụm Đông Anh", "Cụm An Khánh")]
    task.supporting_agencies.add(*agencies)
    task.clusters.add(*clusters)
    listed = next(row for row in viewer_api.get(TASKS).json()["results"] if row["id"] == task.pk)
    alone = viewer_api.get(f"{TASKS}{task.pk}/").json()
    assert listed == alone
    assert alone["clusters"] == [clusters[2].pk, clusters[1].pk, clusters[0].pk]  # An, Đông, Ứng


def test_status_labels_follow_accept_language(viewer_api, task):
    body = viewer_api.get(f"{TASKS}{task.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (body["status_label"], body["deadline_status_label"], body["priority_label"]) == (
        "Not started",
        "In progress, on time",
        "Normal",
    )
    assert viewer_api.get(f"{TASKS}{task.pk}/", HTTP_ACCEPT_LANGUAGE="vi").json()["status_label"] == "Chưa thực hiện"


def test_a_cancelled_task_has_no_deadline_status(coordinator_api, task):
    coordinator_api.post(f"{TASKS}{task.pk}/cancel/", {"reason": "Trùng nhiệm vụ khác"}, format="json")
    body = coordinator_api.get(f"{TASKS}{task.pk}/").json()
    assert (body["status"], body["deadline_status"]) == ("cancelled", None)


def test_a_coordinator_assigns_a_task_and_its_deadline_becomes_the_original(coordinator_api, coordinator, new_task):
    response = coordinator_api.post(TASKS, {**new_task, "reason": "Theo Kế hoạch 305/KH-UBND"}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["code"], body["original_due_date"], body["version"]) == ("KH305-1.01", "2026-06-30", 1)
    record = Task.objects.get(pk=body["id"]).history.get()
    assert (record.history_user, record.history_change_reason) == (coordinator, "Theo Kế hoạch 305/KH-UBND")


@pytest.mark.parametrize("role_api", ["officer_api", "viewer_api"])
def test_only_a_coordinator_assigns_tasks(request, role_api, new_task):
    response = request.getfixturevalue(role_api).post(TASKS, new_task, format="json")
    assert response.status_code == 403
    assert not Task.objects.exists()


def test_a_coordinator_edits_a_task_with_the_version_read_and_a_reason(coordinator_api, coordinator, task):
    response = coordinator_api.patch(
        f"{TASKS}{task.pk}/",
        {"title": "Tiêu đề mới", "priority": "high", "version": 1, "reason": "Sửa theo góp ý"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["title"], response.json()["version"]) == ("Tiêu đề mới", 2)
    latest = task.history.latest("history_date")
    assert (latest.history_user, latest.history_change_reason) == (coordinator, "Sửa theo góp ý")


def test_an_edit_based_on_a_stale_version_gets_409_naming_who_changed_it(coordinator_api, second_coordinator, task):
    from tasks import services

    services.task_update(actor=second_coordinator, task=task, reason="Sửa trước", title="Người khác sửa")
    response = coordinator_api.patch(
        f"{TASKS}{task.pk}/", {"title": "Bản của tôi", "version": 1, "reason": "Sửa sau"}, format="json"
    )
    assert response.status_code == 409
    assert "Trần Anna" in response.json()["detail"]
    task.refresh_from_db()
    assert task.title == "Người khác sửa"


def test_an_edit_without_version_or_reason_gets_400_for_both(coordinator_api, task):
    response = coordinator_api.patch(f"{TASKS}{task.pk}/", {"title": "X"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"version", "reason"}


def test_a_deadline_moves_only_through_an_extension(coordinator_api, task):
    response = coordinator_api.patch(
        f"{TASKS}{task.pk}/", {"due_date": "2026-12-31", "version": 1, "reason": "Lùi hạn"}, format="json"
    )
    assert response.status_code == 400
    assert "due_date" in response.json()


@pytest.mark.parametrize("role_api", ["officer_api", "viewer_api"])
def test_officers_and_viewers_cannot_edit_a_task(request, role_api, task):
    response = request.getfixturevalue(role_api).patch(
        f"{TASKS}{task.pk}/", {"title": "X", "version": 1, "reason": "Thử"}, format="json"
    )
    assert response.status_code == 403


def test_put_is_not_offered(coordinator_api, task):
    assert coordinator_api.put(f"{TASKS}{task.pk}/", {}, format="json").status_code == 405


# --- bad input: always a 4xx with a message, never a server error ---------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"due_date": "30/06/2026"}, "due_date"),  # not ISO 8601
        ({"due_date": "2026-02-30"}, "due_date"),  # no such day
        ({"start_date": "2026-07-01", "due_date": "2026-06-30"}, "due_date"),  # wrong order
        ({"lead_agency": 99999999999999999999}, "lead_agency"),  # huge id
        ({"lead_agency": "SXD"}, "lead_agency"),  # wrong type
        ({"supporting_agencies": "1,2"}, "supporting_agencies"),
        ({"group": None}, "group"),
        ({"code": ""}, "code"),  # empty string
        ({"title": "x" * 501}, "title"),
        ({"title": "a\x00b"}, "title"),  # NUL
        ({"priority": "urgent"}, "priority"),
        ({"colour": "red"}, "colour"),  # unknown field
    ],
)
def test_bad_task_input_gets_400_with_a_field_message(coordinator_api, new_task, changes, field):
    response = coordinator_api.post(TASKS, {**new_task, **changes}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Task.objects.exists()


def test_a_task_code_already_used_gets_400(coordinator_api, new_task, group, agency):
    TaskFactory(code="KH305-1.01", group=group, lead_agency=agency)
    response = coordinator_api.post(TASKS, new_task, format="json")
    assert response.status_code == 400
    assert "code" in response.json()


def test_unicode_anywhere_is_kept(coordinator_api, new_task):
    title = "Quy chế 📄 — «Cụm công nghiệp» Đông Anh ₫ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"
    response = coordinator_api.post(TASKS, {**new_task, "title": title, "code": "NV-Ưu-tiên"}, format="json")
    assert response.status_code == 201
    assert response.json()["title"] == title


@pytest.mark.parametrize(
    "body",
    [
        b'{"title": "unterminated',
        b"[1, 2, 3]",
        b'"just a string"',
        b"null",
        b'{"progress_percent": NaN}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_a_body_that_is_not_a_json_object_gets_400(coordinator_api, task, body):
    response = coordinator_api.generic(
        "POST", f"{TASKS}{task.pk}/progress-reports/", body, content_type="application/json"
    )
    assert response.status_code == 400


def test_an_unsupported_content_type_gets_415(coordinator_api, task):
    response = coordinator_api.generic("POST", f"{TASKS}{task.pk}/cancel/", "reason=x", content_type="text/plain")
    assert response.status_code == 415


@pytest.mark.parametrize(
    "path",
    ["99999999999999999999/", "-1/", "0/", "abc/", "1.5/", "١٢/", "%00/", "9223372036854775808/history/"],
)
def test_ids_that_cannot_exist_get_404_not_a_server_error(coordinator_api, task, path):
    response = coordinator_api.get(f"{TASKS}{path}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_an_unknown_api_address_gets_a_json_404(coordinator_api):
    response = coordinator_api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_huge_page_size_is_capped_at_200(coordinator_api, group, agency):
    for _ in range(3):
        TaskFactory(group=group, lead_agency=agency)
    body = coordinator_api.get(TASKS, {"page_size": 10**30}).json()
    assert body["count"] == 3
    assert coordinator_api.get(TASKS, {"page": 10**30}).status_code == 404


def test_dates_in_the_api_are_iso_8601(viewer_api, task):
    body = viewer_api.get(f"{TASKS}{task.pk}/").json()
    assert datetime.date.fromisoformat(body["start_date"]) == datetime.date(2026, 1, 1)
    assert datetime.datetime.fromisoformat(body["created_at"])

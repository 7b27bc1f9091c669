"""The workflow end to end through HTTP with tokens, and the history it leaves, attributed to the token's user."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.models import Attachment, ExtensionRequest, ProgressReport, Task

# API tests run on a fixed Hanoi clock: 20/06/2026 10:00 (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("hanoi_clock")

TASKS = "/api/v1/tasks/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_full_life_of_a_task_through_the_api(coordinator_api, second_coordinator, api_for, officer_api, task):
    url = f"{TASKS}{task.pk}/"

    report = officer_api.post(
        f"{url}progress-reports/", {"text": "Đã có dự thảo", "progress_percent": 40}, format="json"
    )
    assert report.status_code == 201, report.json()
    assert report.json()["author"]["username"] == "bob"
    body = officer_api.get(url).json()
    assert (body["status"], body["progress_percent"]) == ("in_progress", 40)

    extension = officer_api.post(
        f"{url}extension-requests/",
        {
            "proposed_due_date": "2026-07-31",
            "reason": "Chờ ý kiến thẩm định của Sở Tư pháp",
            "letter_number": "125/SXD-QLXD",
            "letter_date": "2026-06-18",
        },
        format="json",
    )
    assert extension.status_code == 201, extension.json()
    extension_id = extension.json()["id"]
    assert officer_api.get(url).json()["due_date"] == "2026-06-30", "a request alone does not move the deadline"

    approved = coordinator_api.post(
        f"/api/v1/extension-requests/{extension_id}/approve/",
        {"decision_note": "Đồng ý", "decision_document": "300/SCT-QLCN"},
        format="json",
    )
    assert approved.status_code == 200, approved.json()
    assert (approved.json()["status"], approved.json()["decided_by"]["username"]) == ("approved", "alice")
    body = officer_api.get(url).json()
    assert (body["due_date"], body["original_due_date"]) == ("2026-07-31", "2026-06-30")

    done = officer_api.post(
        f"{url}report-completion/", {"completed_on": "2026-06-19", "evidence": "Dự thảo đã trình"}, format="json"
    )
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "awaiting_acceptance"

    second = api_for(second_coordinator)
    returned = second.post(f"{url}return/", {"reason": "Thiếu ý kiến của Sở Tài chính"}, format="json")
    assert (returned.status_code, returned.json()["status"]) == (200, "in_progress")

    officer_api.post(
        f"{url}report-completion/", {"completed_on": "2026-06-20", "evidence": "Đã bổ sung"}, format="json"
    )
    accepted = coordinator_api.post(f"{url}accept/", {"note": "Đạt yêu cầu"}, format="json")
    assert accepted.status_code == 200, accepted.json()
    body = accepted.json()
    assert (body["status"], body["deadline_status"], body["progress_percent"]) == ("done", "done_on_time", 100)

    deadline_history = officer_api.get(f"{url}deadline-history/").json()
    assert [(d["old"], d["new"]) for d in deadline_history] == [(None, "2026-06-30"), ("2026-06-30", "2026-07-31")]
    move = deadline_history[1]
    assert (move["requested_by"]["username"], move["approved_by"]["username"]) == ("bob", "alice")
    assert (move["document"], move["letter"]) == ("300/SCT-QLCN", "125/SXD-QLXD ngày 18/06/2026")

    history = coordinator_api.get(f"{url}history/").json()["results"]
    reasons = [entry["reason"] for entry in history]
    assert "Trả lại, yêu cầu thực hiện tiếp: Thiếu ý kiến của Sở Tài chính" in reasons
    # The factory-made task has a first record without a user; every API change carries the token's.
    assert {entry["user"]["username"] for entry in history if entry["user"]} == {"bob", "alice", "anna"}


def test_history_shows_an_api_edit_with_the_tokens_user_old_and_new_values_and_reason(coordinator_api, task):
    coordinator_api.patch(
        f"{TASKS}{task.pk}/", {"title": "Tiêu đề mới", "version": 1, "reason": "Theo góp ý"}, format="json"
    )
    entry = coordinator_api.get(f"{TASKS}{task.pk}/history/").json()["results"][0]
    assert entry["user"] == {
        "id": coordinator_api.user.pk,
        "username": "alice",
        "display_name": "Nguyễn Alice",
        "full_name": "Nguyễn Alice",
    }
    assert (entry["action"], entry["action_label"], entry["reason"]) == ("updated", "Cập nhật", "Theo góp ý")
    assert entry["changes"] == [
        {"field": "title", "label": "Nhiệm vụ", "old": task.title, "new": "Tiêu đề mới"},
    ]
    assert datetime.datetime.fromisoformat(entry["time"])


def test_history_labels_follow_accept_language(coordinator_api, task):
    coordinator_api.patch(f"{TASKS}{task.pk}/", {"priority": "high", "version": 1, "reason": "Gấp"}, format="json")
    entry = coordinator_api.get(f"{TASKS}{task.pk}/history/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert entry["action_label"] == "Updated"
    assert entry["changes"] == [{"field": "priority", "label": "Priority", "old": "Normal", "new": "High"}]


def test_an_officer_of_another_agency_may_see_a_task_but_not_its_history(api_for, task, group, db):
    from agencies.models import Membership
    from tests.factories import AgencyFactory, MembershipFactory, UserFactory

    outsider = UserFactory(username="dave")
    MembershipFactory(user=outsider, agency=AgencyFactory(code="SNN"), role=Membership.Role.OFFICER)
    api = api_for(outsider)
    assert api.get(f"{TASKS}{task.pk}/").status_code == 200
    assert api.get(f"{TASKS}{task.pk}/history/").status_code == 403
    assert api.get(f"{TASKS}{task.pk}/deadline-history/").status_code == 403


def test_an_officer_of_a_supporting_agency_reads_the_history(other_officer_api, task):
    assert other_officer_api.get(f"{TASKS}{task.pk}/history/").status_code == 200


def test_a_progress_report_with_files_is_sent_as_multipart(officer_api, task):
    response = officer_api.post(
        f"{TASKS}{task.pk}/progress-reports/",
        {
            "text": "Kèm biên bản",
            "progress_percent": "30",
            "reported_on": "2026-06-19",
            "files": [SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    attachment = response.json()["attachments"][0]
    assert (attachment["original_name"], attachment["content_type"]) == ("bien-ban.pdf", "application/pdf")
    assert Attachment.objects.get().uploaded_by == officer_api.user


def test_a_file_whose_content_does_not_match_its_name_gets_400(officer_api, task):
    response = officer_api.post(
        f"{TASKS}{task.pk}/progress-reports/",
        {"text": "x", "progress_percent": "30", "files": [SimpleUploadedFile("a.pdf", b"MZ\x90\x00")]},
        format="multipart",
    )
    assert response.status_code == 400
    assert "files" in response.json()
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "x", "progress_percent": 150}, "progress_percent"),
        ({"text": "x", "progress_percent": -1}, "progress_percent"),
        ({"text": "x", "progress_percent": 10**40}, "progress_percent"),
        ({"text": "x", "progress_percent": "bốn mươi"}, "progress_percent"),
        ({"text": "x", "progress_percent": 40.5}, "progress_percent"),
        ({"text": "", "progress_percent": 40}, "text"),
        ({"text": "   ", "progress_percent": 40}, "text"),
        ({"text": "x", "progress_percent": 40, "reported_on": "2026-06-21"}, "reported_on"),  # tomorrow
        ({"text": "x", "progress_percent": 40, "reported_on": "19/06/2026"}, "reported_on"),
        ({"text": "x", "progress_percent": 40, "author": 1}, "author"),
    ],
)
def test_bad_progress_reports_get_400_with_a_field_message(officer_api, task, body, field):
    response = officer_api.post(f"{TASKS}{task.pk}/progress-reports/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_an_extension_proposing_an_earlier_deadline_gets_400(officer_api, task):
    response = officer_api.post(
        f"{TASKS}{task.pk}/extension-requests/", {"proposed_due_date": "2026-06-01", "reason": "x"}, format="json"
    )
    assert response.status_code == 400
    assert "proposed_due_date" in response.json()


def test_a_coordinator_cannot_approve_their_own_request(coordinator_api, task, coordinator):
    from tests.factories import ExtensionRequestFactory

    extension = ExtensionRequestFactory(task=task, requested_by=coordinator)
    response = coordinator_api.post(f"/api/v1/extension-requests/{extension.pk}/approve/", {}, format="json")
    assert response.status_code == 403
    assert ExtensionRequest.objects.get().status == "pending"


def test_rejecting_needs_a_note_and_keeps_the_deadline(coordinator_api, task, officer):
    from tests.factories import ExtensionRequestFactory

    extension = ExtensionRequestFactory(task=task, requested_by=officer)
    url = f"/api/v1/extension-requests/{extension.pk}/reject/"
    assert coordinator_api.post(url, {}, format="json").status_code == 400
    response = coordinator_api.post(url, {"decision_note": "Không đủ căn cứ"}, format="json")
    assert (response.status_code, response.json()["status"]) == (200, "rejected")
    assert Task.objects.get().due_date == datetime.date(2026, 6, 30)
    assert coordinator_api.post(url, {"decision_note": "Lần hai"}, format="json").status_code == 409


@pytest.mark.parametrize("action", ["accept", "return", "cancel"])
@pytest.mark.parametrize("role_api", ["officer_api", "viewer_api"])
def test_only_coordinators_decide(request, task, action, role_api):
    response = request.getfixturevalue(role_api).post(f"{TASKS}{task.pk}/{action}/", {"reason": "x"}, format="json")
    assert response.status_code == 403


def test_an_officer_reports_progress_only_on_tasks_of_their_agency(officer_api, other_task):
    response = officer_api.post(f"{TASKS}{other_task.pk}/progress-reports/", {"text": "x", "progress_percent": 10})
    assert response.status_code == 403


def test_a_supporting_agency_reports_progress_but_cannot_request_an_extension(other_officer_api, task):
    url = f"{TASKS}{task.pk}/"
    assert other_officer_api.post(f"{url}progress-reports/", {"text": "x", "progress_percent": 10}).status_code == 201
    response = other_officer_api.post(f"{url}extension-requests/", {"proposed_due_date": "2026-07-31", "reason": "x"})
    assert response.status_code == 403
    response = other_officer_api.post(f"{url}report-completion/", {"completed_on": "2026-06-19", "evidence": "x"})
    assert response.status_code == 403


def test_a_viewer_changes_nothing(viewer_api, task):
    url = f"{TASKS}{task.pk}/"
    assert viewer_api.post(f"{url}progress-reports/", {"text": "x", "progress_percent": 10}).status_code == 403
    assert (
        viewer_api.post(f"{url}extension-requests/", {"proposed_due_date": "2026-07-31", "reason": "x"}).status_code
        == 403
    )
    assert (
        viewer_api.post(f"{url}report-completion/", {"completed_on": "2026-06-19", "evidence": "x"}).status_code == 403
    )
    assert not ProgressReport.objects.exists()


def test_accepting_a_task_that_was_not_reported_done_gets_409_saying_why(coordinator_api, task):
    response = coordinator_api.post(f"{TASKS}{task.pk}/accept/", {}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "Chỉ xác nhận được nhiệm vụ đang chờ xác nhận hoàn thành."}


def test_a_decision_with_a_stale_version_gets_409(coordinator_api, task):
    response = coordinator_api.post(f"{TASKS}{task.pk}/cancel/", {"reason": "x", "version": 7}, format="json")
    assert response.status_code == 409

"""The workflow actions on a task's page: each form calls its service, answers in Vietnamese, keeps what
was typed when something is wrong, and refuses users the matrix does not allow."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tasks import services
from tasks.models import ExtensionRequest, Task
from tests.helpers import days, vn

pytestmark = pytest.mark.django_db


def post(client, name, pk, data):
    return client.post(reverse(f"tasks:{name}", args=[pk]), data)


# --- progress ------------------------------------------------------------------------------------------


def test_officer_reports_progress_with_an_attachment(client_for, officer, open_task, pdf):
    response = post(
        client_for(officer),
        "progress_report_create",
        open_task.pk,
        {"progress-text": "Đã trình dự thảo", "progress-progress_percent": "40", "progress-files": [pdf()]},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("tasks:task_detail", args=[open_task.pk]) + "#bao-cao-tien-do")
    open_task.refresh_from_db()
    assert (open_task.status, open_task.progress_percent) == (Task.Status.IN_PROGRESS, 40)
    report = open_task.progress_reports.get()
    assert report.attachments.get().original_name == "bao-cao.pdf"


def test_progress_over_100_percent_is_refused_in_vietnamese_and_the_text_is_kept(client_for, officer, open_task):
    response = post(
        client_for(officer),
        "progress_report_create",
        open_task.pk,
        {"progress-text": "Nội dung đã gõ", "progress-progress_percent": "150"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Giá trị không được lớn hơn 100." in page and "Đảm bảo" not in page
    assert "Nội dung đã gõ" in page
    assert 'value="150"' in page
    assert not open_task.progress_reports.exists()


def test_an_attachment_that_is_not_what_its_name_says_is_refused_on_the_files_field(client_for, officer, open_task):
    fake = SimpleUploadedFile("bao-cao.pdf", b"MZ this is not a pdf", content_type="application/pdf")
    response = post(
        client_for(officer),
        "progress_report_create",
        open_task.pk,
        {"progress-text": "Kèm tệp", "progress-progress_percent": "10", "progress-files": [fake]},
    )
    assert response.status_code == 200
    assert "không đúng định dạng .pdf" in response.content.decode()
    assert not open_task.progress_reports.exists()


def test_officer_of_another_agency_may_not_report_progress(client_for, open_task):
    from agencies.models import Membership
    from tests.factories import AgencyFactory, MembershipFactory, UserFactory

    outsider = UserFactory(username="dan")
    MembershipFactory(user=outsider, agency=AgencyFactory(code="CATP"), role=Membership.Role.OFFICER)
    response = post(
        client_for(outsider),
        "progress_report_create",
        open_task.pk,
        {"progress-text": "x", "progress-progress_percent": "10"},
    )
    assert response.status_code == 403
    assert not open_task.progress_reports.exists()


def test_viewer_may_not_post_any_action(client_for, viewer, open_task):
    client = client_for(viewer)
    for name in ("progress_report_create", "extension_request_create", "task_report_completion", "task_cancel"):
        assert post(client, name, open_task.pk, {}).status_code == 403, name


def test_actions_answer_only_post(client_for, officer, open_task):
    response = client_for(officer).get(reverse("tasks:progress_report_create", args=[open_task.pk]))
    assert response.status_code == 405


# --- extensions ----------------------------------------------------------------------------------------


def test_a_date_typed_as_dd_mm_yyyy_is_stored_as_that_day(client_for, officer, open_task):
    wanted = open_task.due_date + datetime.timedelta(days=40)
    response = post(
        client_for(officer),
        "extension_request_create",
        open_task.pk,
        {"extension-proposed_due_date": vn(wanted), "extension-reason": "Chờ thẩm định"},
    )
    assert response.status_code == 302
    assert open_task.extension_requests.get().proposed_due_date == wanted


def test_an_extension_to_a_date_before_the_deadline_shows_the_services_message_and_keeps_the_values(
    client_for, officer, open_task
):
    earlier = open_task.due_date - datetime.timedelta(days=1)
    response = post(
        client_for(officer),
        "extension_request_create",
        open_task.pk,
        {
            "extension-proposed_due_date": vn(earlier),
            "extension-reason": "Lý do đã gõ",
            "extension-letter_number": "7/SXD",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Thời hạn đề nghị phải sau thời hạn hiện tại" in page
    assert f'value="{vn(earlier)}"' in page and "Lý do đã gõ" in page and 'value="7/SXD"' in page
    assert '<details class="action" id="form-gia-han" open>' in page
    assert not ExtensionRequest.objects.exists()


def test_a_date_in_the_wrong_format_is_refused_in_vietnamese(client_for, officer, open_task):
    response = post(
        client_for(officer),
        "extension_request_create",
        open_task.pk,
        {"extension-proposed_due_date": "2026-13-45", "extension-reason": "x"},
    )
    assert response.status_code == 200
    assert "hãy nhập theo dạng dd/mm/yyyy" in response.content.decode()


def test_officer_of_a_supporting_agency_may_not_request_an_extension(client_for, other_officer, open_task):
    response = post(
        client_for(other_officer),
        "extension_request_create",
        open_task.pk,
        {"extension-proposed_due_date": vn(days(90)), "extension-reason": "x"},
    )
    assert response.status_code == 403


def test_coordinator_approves_an_extension_and_the_new_deadline_applies(client_for, coordinator, officer, open_task):
    new_due = open_task.due_date + datetime.timedelta(days=30)
    extension = services.extension_request_create(
        actor=officer, task=open_task, proposed_due_date=new_due, reason="Chờ ý kiến"
    )
    response = client_for(coordinator).post(
        reverse("tasks:extension_request_approve", args=[extension.pk]),
        {"decision-decision_note": "Đồng ý", "decision-decision_document": "300/SCT-QLCN"},
        follow=True,
    )
    assert response.status_code == 200
    open_task.refresh_from_db()
    assert open_task.due_date == new_due
    page = response.content.decode()
    assert "Đã chấp thuận gia hạn" in page
    assert f'<strong class="deadline-current">{vn(new_due)}</strong>' in page


def test_rejecting_without_a_note_is_refused_on_the_note_field(client_for, coordinator, officer, open_task):
    extension = services.extension_request_create(
        actor=officer, task=open_task, proposed_due_date=days(90), reason="Chờ ý kiến"
    )
    response = client_for(coordinator).post(
        reverse("tasks:extension_request_reject", args=[extension.pk]),
        {"decision-decision_document": "Văn bản đã gõ"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cần nêu lý do không chấp thuận." in page
    assert 'value="Văn bản đã gõ"' in page
    extension.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.PENDING


def test_coordinator_rejects_an_extension_and_the_deadline_stays(client_for, coordinator, officer, open_task):
    due = open_task.due_date
    extension = services.extension_request_create(
        actor=officer, task=open_task, proposed_due_date=days(90), reason="Chờ ý kiến"
    )
    response = client_for(coordinator).post(
        reverse("tasks:extension_request_reject", args=[extension.pk]), {"decision-decision_note": "Không đủ căn cứ"}
    )
    assert response.status_code == 302
    open_task.refresh_from_db()
    extension.refresh_from_db()
    assert (open_task.due_date, extension.status) == (due, ExtensionRequest.Status.REJECTED)


def test_officer_may_not_approve_an_extension(client_for, officer, other_officer, open_task):
    extension = services.extension_request_create(actor=officer, task=open_task, proposed_due_date=days(90), reason="x")
    for user in (officer, other_officer):
        response = client_for(user).post(reverse("tasks:extension_request_approve", args=[extension.pk]), {})
        assert response.status_code == 403
    extension.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.PENDING


# --- completion, acceptance, return, cancel -------------------------------------------------------------


def test_officer_reports_completion_and_coordinator_accepts_it(client_for, officer, coordinator, open_task):
    response = post(
        client_for(officer),
        "task_report_completion",
        open_task.pk,
        {
            "completion-completed_on": vn(days(-1)),
            "completion-evidence": "Quyết định 12/QĐ-UBND",
            "completion-version": open_task.version,
        },
    )
    assert response.status_code == 302
    open_task.refresh_from_db()
    assert open_task.status == Task.Status.AWAITING_ACCEPTANCE
    assert open_task.completed_on == days(-1)

    response = post(
        client_for(coordinator), "task_accept_completion", open_task.pk, {"accept-version": open_task.version}
    )
    assert response.status_code == 302
    open_task.refresh_from_db()
    assert open_task.status == Task.Status.DONE


def test_a_completion_date_in_the_future_is_refused(client_for, officer, open_task):
    response = post(
        client_for(officer),
        "task_report_completion",
        open_task.pk,
        {"completion-completed_on": vn(days(3)), "completion-evidence": "Minh chứng đã gõ"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ngày hoàn thành không được sau ngày hôm nay." in page
    assert "Minh chứng đã gõ" in page


def test_returning_a_completion_needs_a_reason(client_for, officer, coordinator, open_task):
    services.task_report_completion(actor=officer, task=open_task, completed_on=days(-1), evidence="Xong")
    response = post(client_for(coordinator), "task_return", open_task.pk, {"return-reason": ""})
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in response.content.decode()
    response = post(client_for(coordinator), "task_return", open_task.pk, {"return-reason": "Thiếu ý kiến STC"})
    assert response.status_code == 302
    open_task.refresh_from_db()
    assert open_task.status == Task.Status.IN_PROGRESS


def test_cancelling_on_a_stale_page_shows_who_changed_the_task(client_for, coordinator, officer, open_task):
    seen_version = open_task.version
    services.task_report_completion(actor=officer, task=open_task, completed_on=days(-1), evidence="Xong")
    response = post(
        client_for(coordinator),
        "task_cancel",
        open_task.pk,
        {"cancel-reason": "Không còn phù hợp", "cancel-version": seen_version},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Bản ghi này đã được Lê Bob thay đổi lúc" in page
    assert "Không còn phù hợp" in page
    open_task.refresh_from_db()
    assert open_task.status == Task.Status.AWAITING_ACCEPTANCE


def test_coordinator_cancels_a_task_with_a_reason(client_for, coordinator, open_task):
    response = post(
        client_for(coordinator),
        "task_cancel",
        open_task.pk,
        {"cancel-reason": "Không còn phù hợp", "cancel-version": open_task.version},
    )
    assert response.status_code == 302
    open_task.refresh_from_db()
    assert open_task.status == Task.Status.CANCELLED
    assert open_task.history.first().history_change_reason == "Hủy nhiệm vụ: Không còn phù hợp"

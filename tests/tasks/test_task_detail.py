"""A task's page shows everything about the task, and each user only the actions the matrix gives them."""

import datetime

import pytest
from django.urls import reverse

from tasks import services
from tests.factories import ExtensionRequestFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db

# The form of each action, as it appears on the page (its action URL's last part).
ACTIONS = {
    "progress": "/progress/",
    "extension": "/extension/",
    "completion": "/completion/",
    "accept": "/accept/",
    "return": "/return/",
    "cancel": "/cancel/",
    "edit": "/edit/",
}


def actions_on(page, task):
    base = reverse("tasks:task_detail", args=[task.pk])
    return {name for name, suffix in ACTIONS.items() if f'"{base.rstrip("/")}{suffix}"' in page}


def page_of(client, task):
    response = client.get(reverse("tasks:task_detail", args=[task.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_task_page_shows_the_annex_fields(client_for, viewer, open_task):
    page = page_of(client_for(viewer), open_task)
    assert "Xây dựng quy chế quản lý cụm công nghiệp" in page
    assert "KH305-1.01" in page
    assert "Sở Xây dựng" in page and "Sở Tài chính" in page
    assert open_task.due_date.strftime("%d/%m/%Y") in page
    assert "Đang thực hiện trong hạn" in page


def test_officer_of_the_lead_agency_may_report_progress_request_an_extension_and_report_completion(
    client_for, officer, open_task
):
    page = page_of(client_for(officer), open_task)
    assert actions_on(page, open_task) == {"progress", "extension", "completion"}


def test_officer_of_a_supporting_agency_may_only_report_progress(client_for, other_officer, open_task):
    page = page_of(client_for(other_officer), open_task)
    assert actions_on(page, open_task) == {"progress"}


def test_officer_of_another_agency_sees_no_action_and_no_timeline(client_for, open_task, db):
    from agencies.models import Membership
    from tests.factories import AgencyFactory, MembershipFactory, UserFactory

    outsider = UserFactory(username="dan")
    MembershipFactory(user=outsider, agency=AgencyFactory(code="CATP"), role=Membership.Role.OFFICER)
    page = page_of(client_for(outsider), open_task)
    assert actions_on(page, open_task) == set()
    assert "chỉ hiển thị cho cơ quan chủ trì" in page
    assert 'class="timeline"' not in page


def test_viewer_sees_the_timeline_but_no_action(client_for, viewer, open_task, coordinator):
    services.progress_report_create(actor=coordinator, task=open_task, text="Đã có dự thảo", progress_percent=20)
    page = page_of(client_for(viewer), open_task)
    assert actions_on(page, open_task) == set()
    assert 'class="timeline"' in page
    assert "Đã có dự thảo" in page


def test_coordinator_may_edit_cancel_and_report_but_not_decide_without_a_request(client_for, coordinator, open_task):
    page = page_of(client_for(coordinator), open_task)
    assert actions_on(page, open_task) == {"progress", "extension", "completion", "cancel", "edit"}


def test_coordinator_sees_the_decision_form_of_an_officers_pending_extension(
    client_for, coordinator, officer, open_task
):
    extension = ExtensionRequestFactory(task=open_task, requested_by=officer)
    page = page_of(client_for(coordinator), open_task)
    assert reverse("tasks:extension_request_approve", args=[extension.pk]) in page
    assert reverse("tasks:extension_request_reject", args=[extension.pk]) in page
    assert "extension" not in actions_on(page, open_task), "one pending request per task"


def test_coordinator_is_not_offered_to_decide_their_own_extension_request(client_for, coordinator, open_task):
    extension = ExtensionRequestFactory(task=open_task, requested_by=coordinator)
    page = page_of(client_for(coordinator), open_task)
    assert reverse("tasks:extension_request_approve", args=[extension.pk]) not in page
    assert "không tự xử lý đề nghị do chính mình gửi" in page


def test_coordinator_may_accept_or_return_a_reported_completion(client_for, coordinator, officer, open_task):
    services.task_report_completion(
        actor=officer, task=open_task, completed_on=open_task.start_date, evidence="Quyết định số 12/QĐ-UBND"
    )
    page = page_of(client_for(coordinator), open_task)
    assert {"accept", "return", "cancel"} <= actions_on(page, open_task)
    assert "completion" not in actions_on(page, open_task)
    assert "Quyết định số 12/QĐ-UBND" in page


def test_deadline_history_lists_the_original_deadline_and_each_approved_change(
    client_for, coordinator, second_coordinator, officer, open_task
):
    old_due = open_task.due_date
    new_due = old_due + datetime.timedelta(days=31)
    extension = services.extension_request_create(
        actor=officer, task=open_task, proposed_due_date=new_due, reason="Chờ ý kiến Sở Tư pháp", letter_number="12/SXD"
    )
    services.extension_request_approve(
        actor=coordinator, extension_request=extension, decision_note="Đồng ý", decision_document="300/SCT-QLCN"
    )
    page = page_of(client_for(second_coordinator), open_task)
    assert f"{old_due:%d/%m/%Y}</strong> <small>(ban đầu)" in page
    assert f"{old_due:%d/%m/%Y} → <strong>{new_due:%d/%m/%Y}</strong>" in page
    assert "300/SCT-QLCN" in page and "12/SXD" in page and "Lê Bob" in page


def test_progress_reports_and_their_attachments_are_listed_with_download_links(
    client_for, viewer, officer, open_task, pdf
):
    services.progress_report_create(
        actor=officer, task=open_task, text="Đã họp lấy ý kiến", progress_percent=35, files=[pdf("Biên bản họp.pdf")]
    )
    ProgressReportFactory(task=open_task, text="Báo cáo cũ", progress_percent=10)
    page = page_of(client_for(viewer), open_task)
    attachment = open_task.attachments.get()
    assert "Đã họp lấy ý kiến" in page and "Báo cáo cũ" in page
    assert reverse("tasks:attachment_download", args=[attachment.pk]) in page
    assert "Biên bản họp.pdf" in page


def test_a_finished_task_offers_no_action(client_for, coordinator, officer, open_task):
    services.task_report_completion(actor=officer, task=open_task, completed_on=open_task.start_date, evidence="Xong")
    open_task.refresh_from_db()
    services.task_accept_completion(actor=coordinator, task=open_task)
    page = page_of(client_for(coordinator), open_task)
    assert actions_on(page, open_task) == set()
    assert "Đã hoàn thành đúng hạn" in page


def test_unknown_task_is_a_friendly_404(client_for, viewer):
    response = client_for(viewer).get(reverse("tasks:task_detail", args=[999999]))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()

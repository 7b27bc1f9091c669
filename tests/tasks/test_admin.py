"""The admin's workflow actions go through the services: the same rules, the same history, clear refusals."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import Notification
from tasks import services
from tasks.models import ExtensionRequest, Task
from tests.foundation.test_admin import form_data


def changelist(model):
    return reverse(f"admin:tasks_{model}_changelist")


def request_extension(officer, task):
    return services.extension_request_create(
        actor=officer, task=task, proposed_due_date=datetime.date(2026, 9, 30), reason="Chờ giải phóng mặt bằng"
    )


def test_a_coordinator_approves_an_extension_from_the_admin(client_for, coordinator, officer, task):
    extension = request_extension(officer, task)
    response = client_for(coordinator).post(
        changelist("extensionrequest"),
        {"action": "approve_selected", "_selected_action": [extension.pk]},
        follow=True,
    )
    assert "Đã chấp thuận 1 đề nghị gia hạn." in response.content.decode()
    task.refresh_from_db()
    assert (task.due_date, task.original_due_date) == (datetime.date(2026, 9, 30), datetime.date(2026, 6, 30))
    record = task.history.order_by("-history_id").first()
    assert record.history_user == coordinator and "Gia hạn từ 30/06/2026 đến 30/09/2026" in record.history_change_reason


def test_the_admin_refuses_to_approve_ones_own_request_with_the_services_message(client_for, coordinator, task):
    extension = request_extension(coordinator, task)
    response = client_for(coordinator).post(
        changelist("extensionrequest"),
        {"action": "approve_selected", "_selected_action": [extension.pk]},
        follow=True,
    )
    assert "Không được tự xử lý đề nghị gia hạn do chính mình gửi." in response.content.decode()
    extension.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.PENDING


def test_a_coordinator_accepts_a_reported_completion_from_the_admin(client_for, coordinator, officer, task):
    services.task_report_completion(actor=officer, task=task, completed_on=task.start_date, evidence="Đã ban hành")
    not_reported = Task.objects.create(
        group=task.group, code="NV-CHUA", title="Chưa xong", lead_agency=task.lead_agency
    )
    response = client_for(coordinator).post(
        changelist("task"),
        {"action": "accept_completion_selected", "_selected_action": [task.pk, not_reported.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã xác nhận hoàn thành 1 nhiệm vụ." in page
    assert "Chỉ xác nhận được nhiệm vụ đang chờ xác nhận hoàn thành." in page
    task.refresh_from_db()
    assert (task.status, task.accepted_by) == (Task.Status.DONE, coordinator)


@pytest.mark.parametrize("model", ["progressreport", "extensionrequest"])
def test_workflow_records_are_not_added_in_the_admin(client_for, coordinator, model):
    assert client_for(coordinator).get(reverse(f"admin:tasks_{model}_add")).status_code == 403


def test_a_task_added_in_the_admin_is_announced_to_its_agencies(client_for, coordinator, officer, group, agency):
    client = client_for(coordinator)
    data = form_data(client.get(reverse("admin:tasks_task_add")))
    data.update(
        {
            "group": group.pk,
            "code": "NV-ADMIN",
            "title": "Giao qua trang quản trị",
            "lead_agency": agency.pk,
            "change_reason": "Giao nhiệm vụ",
        }
    )
    response = client.post(reverse("admin:tasks_task_add"), data)
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=officer, kind=Notification.Kind.TASK_ASSIGNED).exists()

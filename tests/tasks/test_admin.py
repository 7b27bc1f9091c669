"""The admin's workflow actions go through the services: the same rules, the same history, clear refusals."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import Notification
from tasks import services
from tasks.models import ExtensionRequest, Task
from tests.core.test_admin import form_data


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


# --- records edited in the admin go through the same services as the pages and the API ---------------


def change_url(model, pk):
    return reverse(f"admin:tasks_{model}_change", args=[pk])


def test_the_admin_refuses_a_lead_agency_that_also_supports_with_the_services_message(
    client_for, coordinator, task, agency
):
    client = client_for(coordinator)
    data = form_data(client.get(change_url("task", task.pk)))
    data.update(supporting_agencies=[str(agency.pk)], change_reason="Bổ sung cơ quan phối hợp")
    response = client.post(change_url("task", task.pk), data)
    assert response.status_code == 200
    assert "Cơ quan chủ trì không đồng thời là cơ quan phối hợp." in response.content.decode()
    task.refresh_from_db()
    assert list(task.supporting_agencies.all()) != [agency] and task.version == 1


def test_an_edit_in_the_admin_is_the_services_edit_with_its_history_and_notifications(
    client_for, coordinator, task, other_officer
):
    client = client_for(coordinator)
    data = form_data(client.get(change_url("task", task.pk)))
    data.update(title="Ban hành quy chế", change_reason="Theo Công văn 12/SCT")
    response = client.post(change_url("task", task.pk), data)
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.title, task.version) == ("Ban hành quy chế", 2)
    record = task.history.order_by("-history_id").first()
    assert (record.history_user, record.history_change_reason) == (coordinator, "Theo Công văn 12/SCT")


def test_a_stale_edit_in_the_admin_names_who_changed_the_task(client_for, coordinator, second_coordinator, task):
    client = client_for(coordinator)
    data = form_data(client.get(change_url("task", task.pk)))
    services.task_update(actor=second_coordinator, task=task, reason="Sửa trước", title="Đã sửa")
    data.update(title="Sửa sau", change_reason="Sửa muộn")
    response = client.post(change_url("task", task.pk), data)
    assert "Bản ghi này đã được Trần Anna thay đổi lúc" in response.content.decode()
    task.refresh_from_db()
    assert task.title == "Đã sửa"


def test_a_finished_task_is_read_only_in_the_admin(client_for, coordinator, officer, task):
    services.task_report_completion(actor=officer, task=task, completed_on=datetime.date(2026, 6, 19), evidence="QĐ")
    services.task_accept_completion(actor=coordinator, task=Task.objects.get(pk=task.pk))
    form = client_for(coordinator).get(change_url("task", task.pk)).context["adminform"].form
    assert not {"title", "lead_agency", "supporting_agencies", "due_date"} & set(form.fields)


def test_correcting_a_progress_report_in_the_admin_moves_the_tasks_percent(client_for, coordinator, officer, task):
    report = services.progress_report_create(actor=officer, task=task, text="Khảo sát", progress_percent=40)
    client = client_for(coordinator)
    data = form_data(client.get(change_url("progressreport", report.pk)))
    data.update(progress_percent="25", change_reason="Sai số liệu, theo công văn đính chính")
    assert client.post(change_url("progressreport", report.pk), data).status_code == 302
    task.refresh_from_db()
    assert task.progress_percent == 25
    assert "đính chính" in task.history.order_by("-history_id").first().history_change_reason


def test_only_a_superuser_deletes_a_progress_report_and_the_task_follows(
    client_for, coordinator, superuser, officer, task
):
    first = services.progress_report_create(actor=officer, task=task, text="Khảo sát", progress_percent=40)
    second = services.progress_report_create(actor=officer, task=task, text="Dự thảo", progress_percent=70)
    delete = reverse("admin:tasks_progressreport_delete", args=[second.pk])
    assert client_for(coordinator).post(delete, {"post": "yes"}).status_code == 403
    assert client_for(superuser).post(delete, {"post": "yes"}).status_code == 302
    task.refresh_from_db()
    assert (task.progress_percent, list(task.progress_reports.all())) == (40, [first])
    assert second.history.model.objects.filter(id=second.pk, history_type="-", history_user=superuser).exists()


def test_an_approved_extension_request_is_never_deleted_it_is_the_ground_of_the_deadline(
    client_for, coordinator, second_coordinator, superuser, officer, task
):
    extension = request_extension(officer, task)
    services.extension_request_approve(actor=coordinator, extension_request=extension)
    response = client_for(superuser).post(
        reverse("admin:tasks_extensionrequest_delete", args=[extension.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert ExtensionRequest.objects.filter(pk=extension.pk).exists()

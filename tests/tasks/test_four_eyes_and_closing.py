"""Four eyes on completion: the coordinator who reported a task done may not accept it, on any door. And
accepting a completion closes a pending extension request in the same transaction, with history."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tasks import services
from tasks.models import ExtensionRequest, Task
from tests.helpers import days

pytestmark = pytest.mark.django_db

SELF_ACCEPT = "Không được tự xác nhận hoàn thành nhiệm vụ do chính mình báo cáo"


@pytest.fixture
def self_reported(coordinator, open_task):
    return services.task_report_completion(actor=coordinator, task=open_task, completed_on=days(-1), evidence="Xong")


def test_the_service_refuses_a_coordinator_accepting_their_own_completion_report(coordinator, self_reported):
    with pytest.raises(PermissionDenied, match=SELF_ACCEPT):
        services.task_accept_completion(actor=coordinator, task=self_reported)
    assert Task.objects.get(pk=self_reported.pk).status == Task.Status.AWAITING_ACCEPTANCE


def test_another_coordinator_accepts_it(second_coordinator, self_reported):
    task = services.task_accept_completion(actor=second_coordinator, task=self_reported)
    assert task.status == Task.Status.DONE


def test_the_api_refuses_self_acceptance_with_403(coordinator_api, self_reported):
    response = coordinator_api.post(f"/api/v1/tasks/{self_reported.pk}/accept/", {}, format="json")
    assert response.status_code == 403
    assert SELF_ACCEPT in response.json()["detail"]


def test_the_page_offers_no_acceptance_to_the_reporter_and_refuses_the_post(client_for, coordinator, self_reported):
    client = client_for(coordinator)
    page = client.get(reverse("tasks:task_detail", args=[self_reported.pk])).content.decode()
    assert reverse("tasks:task_accept_completion", args=[self_reported.pk]) not in page
    assert reverse("tasks:task_return", args=[self_reported.pk]) in page
    response = client.post(reverse("tasks:task_accept_completion", args=[self_reported.pk]), {})
    assert response.status_code == 403
    assert Task.objects.get(pk=self_reported.pk).status == Task.Status.AWAITING_ACCEPTANCE


def test_accepting_a_completion_closes_the_pending_extension_request_with_history(coordinator, officer, open_task):
    extension = services.extension_request_create(actor=officer, task=open_task, proposed_due_date=days(90), reason="x")
    services.task_report_completion(actor=officer, task=open_task, completed_on=days(-1), evidence="Xong")
    services.task_accept_completion(actor=coordinator, task=open_task)
    extension.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.REJECTED
    assert extension.decided_by == coordinator
    assert extension.history.first().history_change_reason == "Đóng đề nghị gia hạn do nhiệm vụ đã hoàn thành"
    assert Task.objects.get(pk=open_task.pk).due_date == days(30)

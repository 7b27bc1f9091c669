"""Workflow actions repeated (a double click) or raced (another coordinator acted first): on pages the task's
page comes back with a message saying what happened, in the API a 409 with a JSON body; never a 500."""

import pytest
from django.urls import reverse

from tasks import services
from tasks.models import ExtensionRequest, Task
from tests.helpers import days, vn

pytestmark = pytest.mark.django_db

ALREADY_DECIDED = "Đề nghị này đã được xử lý"


@pytest.fixture
def extension(officer, open_task):
    return services.extension_request_create(actor=officer, task=open_task, proposed_due_date=days(90), reason="x")


@pytest.fixture
def reported(officer, open_task):
    return services.task_report_completion(actor=officer, task=open_task, completed_on=days(-1), evidence="Xong")


def approve_on_page(client, extension):
    return client.post(
        reverse("tasks:extension_request_approve", args=[extension.pk]), {"decision-decision_note": "Đồng ý"}
    )


# --- pages ---------------------------------------------------------------------------------------------


def test_approving_an_extension_twice_on_the_page_says_it_was_already_decided(client_for, coordinator, extension):
    client = client_for(coordinator)
    assert approve_on_page(client, extension).status_code == 302
    records = extension.task.history.count()
    response = approve_on_page(client, extension)
    assert response.status_code == 409
    assert ALREADY_DECIDED in response.content.decode()
    assert extension.task.history.count() == records  # extended once


def test_rejecting_after_approval_on_the_page_says_it_was_already_decided(client_for, coordinator, extension):
    client = client_for(coordinator)
    approve_on_page(client, extension)
    response = client.post(
        reverse("tasks:extension_request_reject", args=[extension.pk]), {"decision-decision_note": "Không"}
    )
    assert response.status_code == 409
    assert ALREADY_DECIDED in response.content.decode()


def test_approving_after_another_coordinator_cancelled_the_task_says_so_on_the_page(
    client_for, coordinator, second_coordinator, extension, open_task
):
    services.task_cancel(actor=second_coordinator, task=open_task, reason="Không còn phù hợp")
    response = approve_on_page(client_for(coordinator), extension)
    assert response.status_code == 409
    assert ALREADY_DECIDED in response.content.decode()
    extension.refresh_from_db()
    assert extension.status == ExtensionRequest.Status.REJECTED


def test_accepting_a_completion_twice_on_the_page_says_the_task_is_no_longer_awaiting(
    client_for, coordinator, reported
):
    client = client_for(coordinator)
    url = reverse("tasks:task_accept_completion", args=[reported.pk])
    assert client.post(url, {"accept-version": reported.version}).status_code == 302
    response = client.post(url, {})
    assert response.status_code == 409
    assert "Chỉ xác nhận được nhiệm vụ đang chờ xác nhận hoàn thành." in response.content.decode()


def test_accepting_after_the_task_was_cancelled_says_so_on_the_page(
    client_for, coordinator, second_coordinator, reported
):
    services.task_cancel(actor=second_coordinator, task=reported, reason="Không còn phù hợp")
    response = client_for(coordinator).post(reverse("tasks:task_accept_completion", args=[reported.pk]), {})
    assert response.status_code == 409
    assert "Chỉ xác nhận được nhiệm vụ đang chờ xác nhận hoàn thành." in response.content.decode()


def test_reporting_completion_twice_on_the_page_says_the_task_is_no_longer_in_progress(client_for, officer, open_task):
    client = client_for(officer)
    url = reverse("tasks:task_report_completion", args=[open_task.pk])
    data = {"completion-completed_on": vn(days(-1)), "completion-evidence": "Xong"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Chỉ báo cáo hoàn thành được nhiệm vụ đang thực hiện." in page


def test_every_action_on_a_cancelled_task_answers_409_with_a_message(
    client_for, coordinator, officer, open_task, extension
):
    services.task_cancel(actor=coordinator, task=open_task, reason="Không còn phù hợp")
    posts = {
        (officer, "progress_report_create"): {"progress-text": "x", "progress-progress_percent": "10"},
        (officer, "task_report_completion"): {"completion-completed_on": vn(days(-1)), "completion-evidence": "x"},
        (coordinator, "task_accept_completion"): {},
        (coordinator, "task_return"): {"return-reason": "x"},
        (coordinator, "task_cancel"): {"cancel-reason": "x"},
    }
    for (user, name), data in posts.items():
        response = client_for(user).post(reverse(f"tasks:{name}", args=[open_task.pk]), data)
        assert response.status_code == 409, name
        assert "Nhiệm vụ đã" in response.content.decode() or "Chỉ " in response.content.decode(), name
        assert "msg-error" in response.content.decode(), name


# --- the API -------------------------------------------------------------------------------------------


def test_approving_twice_in_the_api_answers_409_with_json(coordinator_api, extension):
    url = f"/api/v1/extension-requests/{extension.pk}/approve/"
    assert coordinator_api.post(url, {}, format="json").status_code == 200
    response = coordinator_api.post(url, {}, format="json")
    assert response.status_code == 409
    assert ALREADY_DECIDED in response.json()["detail"]


def test_approving_after_cancel_in_the_api_answers_409(coordinator_api, second_coordinator, extension, open_task):
    services.task_cancel(actor=second_coordinator, task=open_task, reason="x")
    response = coordinator_api.post(f"/api/v1/extension-requests/{extension.pk}/approve/", {}, format="json")
    assert response.status_code == 409
    assert ALREADY_DECIDED in response.json()["detail"]


def test_accepting_twice_in_the_api_answers_409(coordinator_api, reported):
    url = f"/api/v1/tasks/{reported.pk}/accept/"
    assert coordinator_api.post(url, {}, format="json").status_code == 200
    response = coordinator_api.post(url, {}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "Chỉ xác nhận được nhiệm vụ đang chờ xác nhận hoàn thành."}


def test_reporting_completion_twice_in_the_api_answers_409(officer_api, open_task):
    url = f"/api/v1/tasks/{open_task.pk}/report-completion/"
    data = {"completed_on": days(-1).isoformat(), "evidence": "Xong"}
    assert officer_api.post(url, data, format="json").status_code == 200
    response = officer_api.post(url, data, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "Chỉ báo cáo hoàn thành được nhiệm vụ đang thực hiện."}
    assert Task.objects.get(pk=open_task.pk).status == Task.Status.AWAITING_ACCEPTANCE

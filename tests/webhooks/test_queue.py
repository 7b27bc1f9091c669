"""Deliveries are queued by the workflow's services, in their transaction: one per active endpoint subscribed to
the event, none for the others, none when the action rolls back."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from reporting import services as reporting_services
from tasks import services as task_services
from tests.factories import TaskFactory
from tests.reporting.conftest import BIEU02 as BIEU02_VALUES
from webhooks.models import Delivery

pytestmark = pytest.mark.django_db

HOOK = "https://example.org/hooks/"


def _events(endpoint):
    return list(Delivery.objects.filter(endpoint=endpoint).order_by("pk").values_list("event", flat=True))


def test_an_action_queues_one_delivery_per_subscribed_active_endpoint(endpoint_for, officer, open_task):
    subscribed = endpoint_for(HOOK + "a", ["task.completion_reported", "task.created"])
    switched_off = endpoint_for(HOOK + "b", ["task.completion_reported"], is_active=False)
    elsewhere = endpoint_for(HOOK + "c", ["task.created", "submission.submitted"])

    task_services.task_report_completion(
        actor=officer, task=open_task, completed_on=datetime.date.today(), evidence="Quyết định số 45/QĐ-UBND"
    )

    assert _events(subscribed) == ["task.completion_reported"]
    assert _events(switched_off) == [] and _events(elsewhere) == []
    delivery = Delivery.objects.get(endpoint=subscribed)
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 0
    body = delivery.payload
    assert body["id"] == str(delivery.uuid) and body["event"] == "task.completion_reported"
    task = body["data"]["task"]
    assert (task["id"], task["code"], task["status"], task["lead_agency"]) == (
        open_task.pk,
        "KH305-1.01",
        "awaiting_acceptance",
        "SXD",
    )
    assert task["links"]["api"].endswith(f"/api/v1/tasks/{open_task.pk}/")
    assert body["data"]["completed_on"] == datetime.date.today().isoformat()


def test_a_rolled_back_action_queues_nothing(endpoint_for, officer, open_task):
    endpoint = endpoint_for(HOOK, ["task.completion_reported"])
    with pytest.raises(RuntimeError), transaction.atomic():
        task_services.task_report_completion(
            actor=officer, task=open_task, completed_on=datetime.date.today(), evidence="Biên bản"
        )
        raise RuntimeError("the request failed after the service")
    # A service that refuses writes nothing either.
    with pytest.raises(ValidationError):
        task_services.task_report_completion(actor=officer, task=open_task, completed_on=None, evidence="Biên bản")
    assert _events(endpoint) == []


def test_a_new_task_is_created_then_assigned(endpoint_for, coordinator, group, agency, other_agency):
    endpoint = endpoint_for(HOOK, ["task.created", "task.assigned"])
    task = task_services.task_create(
        actor=coordinator,
        group=group,
        code="KH305-2.01",
        title="Rà soát quỹ đất",
        lead_agency=agency,
        supporting_agencies=[other_agency],
        due_date=datetime.date(2026, 12, 31),
    )
    assert _events(endpoint) == ["task.created", "task.assigned"]
    assigned = Delivery.objects.get(endpoint=endpoint, event="task.assigned").payload["data"]
    assert assigned["agencies"] == ["STC", "SXD"] and assigned["task"]["id"] == task.pk


def test_an_approved_extension_changes_the_deadline(endpoint_for, coordinator, officer, open_task):
    endpoint = endpoint_for(HOOK, ["task.extension_requested", "task.extension_decided", "task.deadline_changed"])
    old_due = open_task.due_date
    extension = task_services.extension_request_create(
        actor=officer, task=open_task, proposed_due_date=old_due + datetime.timedelta(days=30), reason="Chờ vốn"
    )
    task_services.extension_request_approve(actor=coordinator, extension_request=extension)

    assert _events(endpoint) == ["task.extension_requested", "task.extension_decided", "task.deadline_changed"]
    decided = Delivery.objects.get(endpoint=endpoint, event="task.extension_decided").payload["data"]
    assert decided["extension"]["status"] == "approved"
    changed = Delivery.objects.get(endpoint=endpoint, event="task.deadline_changed").payload["data"]
    new_due = old_due + datetime.timedelta(days=30)
    assert (changed["old_due_date"], changed["new_due_date"]) == (old_due.isoformat(), new_due.isoformat())
    assert changed["task"]["due_date"] == new_due.isoformat()


def test_a_first_deadline_set_by_an_edit_is_a_deadline_change(endpoint_for, coordinator, group, agency):
    endpoint = endpoint_for(HOOK, ["task.deadline_changed"])
    task = TaskFactory(group=group, lead_agency=agency, due_date=None)
    task_services.task_update(actor=coordinator, task=task, reason="Có thời hạn", due_date=datetime.date(2026, 9, 30))
    task_services.task_update(actor=coordinator, task=task, reason="Sửa tên", title="Tên mới")
    changed = Delivery.objects.get(endpoint=endpoint).payload["data"]
    assert (changed["old_due_date"], changed["new_due_date"]) == (None, "2026-09-30")


def test_a_returned_completion_carries_the_reason(endpoint_for, coordinator, officer, open_task):
    endpoint = endpoint_for(HOOK, ["task.completion_returned"])
    task_services.task_report_completion(
        actor=officer, task=open_task, completed_on=datetime.date.today(), evidence="Biên bản"
    )
    task_services.task_return(actor=coordinator, task=open_task, reason="Thiếu biên bản nghiệm thu")
    data = Delivery.objects.get(endpoint=endpoint).payload["data"]
    assert data["reason"] == "Thiếu biên bản nghiệm thu" and data["task"]["status"] == "in_progress"


def test_submission_events_fire_on_submit_return_and_accept(
    endpoint_for, half_year, report_forms, cluster, investor, coordinator
):
    endpoint = endpoint_for(HOOK, ["submission.submitted", "submission.accepted", "submission.returned"])
    subject = {"period": half_year, "form": report_forms["02"], "cluster": cluster}
    reporting_services.submission_save(actor=investor, values={"leased_land": "9"}, **subject)  # a draft: no event
    signer = {"signer_name": "Trần Văn A", "signer_title": "Giám đốc"}
    sent = reporting_services.submission_save(actor=investor, values=BIEU02_VALUES, submit=True, **subject, **signer)
    reporting_services.submission_return(actor=coordinator, submission=sent, reason="Tỷ lệ lấp đầy chưa khớp")
    again = reporting_services.submission_save(actor=investor, values={}, submit=True, **subject, **signer)
    reporting_services.submission_accept(actor=coordinator, submission=again)

    assert _events(endpoint) == [
        "submission.submitted",
        "submission.returned",
        "submission.submitted",
        "submission.accepted",
    ]
    returned, accepted = (
        Delivery.objects.get(endpoint=endpoint, event=event).payload["data"]
        for event in ("submission.returned", "submission.accepted")
    )
    assert returned["reason"] == "Tỷ lệ lấp đầy chưa khớp" and returned["submission"]["state"] == "returned"
    submission = accepted["submission"]
    assert (submission["id"], submission["form"], submission["cluster"], submission["state"]) == (
        sent.pk,
        "02",
        "CCN-A",
        "accepted",
    )
    assert submission["period"] == {"year": 2026, "kind": half_year.kind}

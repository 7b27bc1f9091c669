"""The full life of a task through the services, with its deadline history and timeline at each step."""

import datetime

import pytest

from tasks import selectors, services
from tasks.models import DeadlineStatus, ExtensionRequest, Task

TODAY = datetime.date(2026, 6, 20)


@pytest.fixture(autouse=True)
def hanoi_today(monkeypatch):
    """Pin 'today' in Hanoi to 20/06/2026, 10:00 local time, through Django's clock."""
    import django.utils.timezone as tz

    fixed = datetime.datetime(2026, 6, 20, 3, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(tz, "now", lambda: fixed)


def test_full_life_of_a_task(coordinator, second_coordinator, officer, group, agency, other_agency):
    task = services.task_create(
        actor=coordinator,
        group=group,
        code="KH305-1.01",
        title="Xây dựng quy chế quản lý cụm công nghiệp",
        lead_agency=agency,
        supporting_agencies=[other_agency],
        start_date=datetime.date(2026, 1, 15),
        due_date=datetime.date(2026, 6, 30),
        expected_output="Quyết định của UBND Thành phố",
    )
    assert task.original_due_date == datetime.date(2026, 6, 30)
    assert task.history.count() == 1
    created = task.history.get()
    assert created.history_type == "+"
    assert created.history_user == coordinator
    assert created.history_change_reason == "Giao nhiệm vụ"
    assert [d.new for d in selectors.deadline_history(task)] == [datetime.date(2026, 6, 30)]

    services.progress_report_create(actor=officer, task=task, text="Đã xây dựng dự thảo", progress_percent=40)
    task.refresh_from_db()
    assert (task.status, task.progress_percent) == (Task.Status.IN_PROGRESS, 40)
    assert task.deadline_status == DeadlineStatus.ON_TRACK

    extension = services.extension_request_create(
        actor=officer,
        task=task,
        proposed_due_date=datetime.date(2026, 7, 31),
        reason="Chờ ý kiến thẩm định của Sở Tư pháp",
        letter_number="125/SXD-QLXD",
        letter_date=datetime.date(2026, 6, 18),
    )
    task.refresh_from_db()
    assert task.due_date == datetime.date(2026, 6, 30), "a request alone does not move the deadline"

    services.extension_request_approve(
        actor=coordinator, extension_request=extension, decision_note="Đồng ý", decision_document="300/SCT-QLCN"
    )
    task.refresh_from_db()
    assert task.due_date == datetime.date(2026, 7, 31)
    assert task.original_due_date == datetime.date(2026, 6, 30)
    history = selectors.deadline_history(task)
    assert [(d.old, d.new) for d in history] == [
        (None, datetime.date(2026, 6, 30)),
        (datetime.date(2026, 6, 30), datetime.date(2026, 7, 31)),
    ]
    change = history[1]
    assert (change.requested_by, change.approved_by) == (officer, coordinator)
    assert change.document == "300/SCT-QLCN"
    assert change.letter == "125/SXD-QLXD ngày 18/06/2026"

    services.task_report_completion(
        actor=officer, task=task, completed_on=datetime.date(2026, 6, 19), evidence="Dự thảo quyết định đã trình"
    )
    task.refresh_from_db()
    assert task.status == Task.Status.AWAITING_ACCEPTANCE

    services.task_return(actor=second_coordinator, task=task, reason="Thiếu ý kiến của Sở Tài chính")
    task.refresh_from_db()
    assert (task.status, task.completed_on) == (Task.Status.IN_PROGRESS, None)

    services.task_report_completion(
        actor=officer, task=task, completed_on=datetime.date(2026, 6, 20), evidence="Đã bổ sung ý kiến"
    )
    services.task_accept_completion(actor=coordinator, task=task)
    task.refresh_from_db()
    assert task.status == Task.Status.DONE
    # The extension approved on 20/06 was in force on the completion date, 20/06.
    assert task.completion_deadline == datetime.date(2026, 7, 31)
    assert task.deadline_status == DeadlineStatus.DONE_ON_TIME
    assert Task.objects.with_deadline_status().get(pk=task.pk).deadline_status == DeadlineStatus.DONE_ON_TIME

    timeline = selectors.task_timeline(task)
    kinds = [event.kind for event in timeline]
    assert kinds.count("progress") == 1
    assert kinds.count("extension_request") == 1
    assert kinds.count("extension_decision") == 1
    reasons = [event.reason for event in timeline if event.kind == "change"]
    assert "Trả lại, yêu cầu thực hiện tiếp: Thiếu ý kiến của Sở Tài chính" in reasons
    due_change = next(c for event in timeline if event.kind == "change" for c in event.changes if c.field == "due_date")
    assert (due_change.label, due_change.old, due_change.new) == ("Thời hạn", "30/06/2026", "31/07/2026")
    assert all(record.history_user is not None for record in task.history.all())
    assert ExtensionRequest.objects.get().status == ExtensionRequest.Status.APPROVED

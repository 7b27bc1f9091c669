"""A task's life in each installation: created and assigned, progress reported, an extension asked and granted,
completion reported and accepted; its history says who and why, and its page prints the province's heading."""

import datetime

import pytest
from django.core.cache import cache

from tasks import selectors, services
from tasks.models import DeadlineStatus, Task

pytestmark = pytest.mark.django_db


def test_a_tasks_life_is_recorded_with_who_and_why_and_its_page_prints_the_provinces_heading(installation, client_for):
    world = installation
    task = services.task_create(
        actor=world.coordinator,
        group=world.groups[1],
        code="KH120-2.01",
        title="Đầu tư hạ tầng CCN Khuôn Hà",
        lead_agency=world.agency,
        supporting_agencies=[world.other_agency],
        start_date=datetime.date(2026, 1, 15),
        due_date=datetime.date(2026, 6, 30),
        expected_output="Hạ tầng được nghiệm thu",
        clusters=[world.clusters[0]],
    )
    services.progress_report_create(
        actor=world.officer, task=task, text="Đã san nền 60% diện tích", progress_percent=60
    )
    extension = services.extension_request_create(
        actor=world.officer,
        task=task,
        proposed_due_date=datetime.date(2026, 8, 31),
        reason="Mưa lũ kéo dài ở vùng núi",
        letter_number="88/SXD-QLXD",
        letter_date=datetime.date(2026, 6, 18),
    )
    services.extension_request_approve(
        actor=world.coordinator, extension_request=extension, decision_note="Đồng ý", decision_document="301/SCT-QLCN"
    )
    services.task_report_completion(
        actor=world.officer, task=task, completed_on=datetime.date(2026, 6, 19), evidence="Biên bản nghiệm thu"
    )
    services.task_accept_completion(actor=world.coordinator, task=task)

    task.refresh_from_db()
    assert (task.status, task.due_date, task.original_due_date) == (
        Task.Status.DONE,
        datetime.date(2026, 8, 31),
        datetime.date(2026, 6, 30),
    )
    assert Task.objects.with_deadline_status().get(pk=task.pk).deadline_status == DeadlineStatus.DONE_ON_TIME
    created = task.history.earliest("history_date")
    assert (created.history_user, created.history_change_reason) == (world.coordinator, "Giao nhiệm vụ")
    assert all(record.history_user is not None and record.history_change_reason for record in task.history.all())
    change = selectors.deadline_history(task)[1]
    assert (change.requested_by, change.approved_by, change.document) == (
        world.officer,
        world.coordinator,
        "301/SCT-QLCN",
    )
    kinds = [event.kind for event in selectors.task_timeline(task)]
    assert {"progress", "extension_request", "extension_decision"} <= set(kinds)

    cache.clear()
    page = client_for(world.officer).get(f"/tasks/{task.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    heading = html[html.index('class="print-header"') :]
    assert f'<div class="print-org">{world.info.governing_body}</div>' in heading
    assert world.info.department_name in html
    assert "Mưa lũ kéo dài ở vùng núi" in html and "CCN Khuôn Hà" in html
    if world.foreign_place:
        assert world.foreign_place not in html

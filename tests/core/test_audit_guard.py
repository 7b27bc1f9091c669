"""No code path changes an audited record without history: bulk writes are refused unless audited."""

import pytest

from core.audit import AuditBypassError, audited_bulk_create, audited_bulk_update
from tasks.models import Task
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_queryset_update_is_refused(task):
    with pytest.raises(AuditBypassError):
        Task.objects.filter(pk=task.pk).update(title="Đổi tên không để lại lịch sử")


def test_bulk_update_is_refused(task):
    task.title = "Đổi tên hàng loạt"

    with pytest.raises(AuditBypassError):
        Task.objects.bulk_update([task], ["title"])


def test_bulk_create_is_refused(group, agency):
    with pytest.raises(AuditBypassError):
        Task.objects.bulk_create([TaskFactory.build(group=group, lead_agency=agency)])


def test_audited_bulk_update_writes_one_history_record_per_task_with_user_and_reason(group, agency, coordinator):
    tasks = [TaskFactory(group=group, lead_agency=agency) for _ in range(3)]
    for task in tasks:
        task.priority = Task.Priority.HIGH

    audited_bulk_update(tasks, ["priority"], actor=coordinator, reason="Ưu tiên theo chỉ đạo của UBND Thành phố")

    for task in tasks:
        latest = task.history.latest()
        assert latest.priority == Task.Priority.HIGH
        assert latest.history_user == coordinator
        assert latest.history_change_reason == "Ưu tiên theo chỉ đạo của UBND Thành phố"
        assert task.history.count() == 2


def test_audited_bulk_create_writes_a_history_record_per_task(group, agency, coordinator):
    created = audited_bulk_create(
        [TaskFactory.build(group=group, lead_agency=agency) for _ in range(2)],
        actor=coordinator,
        reason="Nhập kế hoạch",
    )

    assert [
        task.history.get().history_change_reason for task in Task.objects.filter(code__in=[t.code for t in created])
    ] == [
        "Nhập kế hoạch",
        "Nhập kế hoạch",
    ]

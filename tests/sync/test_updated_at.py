"""``updated_at`` moves on with every write, bulk ones included (auto_now is skipped by update() and
bulk_update()), and the migration's backfill starts it at the record's latest history row."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from core.audit import audited_bulk_set, audited_bulk_update
from core.backfill import updated_at_from_history
from tasks.models import Plan, Task
from tests.factories import PlanFactory, TaskFactory

pytestmark = pytest.mark.usefixtures("hanoi_clock")


def _stamps(tasks):
    return dict(Task.objects.filter(pk__in=[t.pk for t in tasks]).values_list("pk", "updated_at"))


def test_a_bulk_update_moves_updated_at_on(coordinator, group):
    tasks = TaskFactory.create_batch(3, group=group)
    before = _stamps(tasks)
    for task in tasks:
        task.progress_percent = 40
    audited_bulk_update(tasks, ["progress_percent"], actor=coordinator, reason="Cập nhật tiến độ")
    after = _stamps(tasks)
    assert all(after[pk] > before[pk] for pk in before)


def test_a_bulk_set_moves_updated_at_on(coordinator, group):
    tasks = TaskFactory.create_batch(3, group=group)
    before = _stamps(tasks)
    audited_bulk_set(tasks, actor=coordinator, reason="Ưu tiên", priority=Task.Priority.HIGH)
    after = _stamps(tasks)
    assert all(after[pk] > before[pk] for pk in before)
    assert [t.updated_at for t in tasks] == [after[t.pk] for t in tasks]  # the objects in hand agree


def test_renumbering_a_group_moves_its_tasks_updated_at_on(coordinator, group):
    # The tasks' copy of the group number is in the API's answers: a client syncing must see it change.
    tasks = TaskFactory.create_batch(2, group=group)
    before = _stamps(tasks)
    group._history_user, group._change_reason = coordinator, "Đánh số lại"
    group.number = 4
    group.save()
    after = _stamps(tasks)
    assert all(after[pk] > before[pk] for pk in before)
    assert set(Task.objects.filter(pk__in=before).values_list("group_number", flat=True)) == {4}


def test_the_backfill_sets_updated_at_from_the_latest_history_row_in_batches(coordinator, hanoi_clock):
    plans = [PlanFactory(number=f"{i}/KH") for i in range(5)]
    hanoi_clock.move_to(datetime.datetime(2026, 7, 1, 3, 0, tzinfo=datetime.UTC))
    edited = plans[1]
    edited._history_user, edited._change_reason = coordinator, "Sửa tên"
    edited.title = "Tên mới"
    edited.save()
    without_history = plans[3]
    without_history.history.all()._raw_delete(without_history.history.db)  # as if made before history existed
    migration_time = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    Plan._base_manager.update(updated_at=migration_time)  # what AddField gives every existing row

    # The models as migrations see them (plain managers), as when ``migrate`` runs the function.
    migration_apps = MigrationLoader(connection).project_state().apps
    updated_at_from_history("tasks", "Plan", batch_size=2)(migration_apps, connection.schema_editor())

    stamps = dict(Plan._base_manager.values_list("pk", "updated_at"))
    for plan in plans:
        if plan is without_history:
            assert stamps[plan.pk] == migration_time
        else:
            latest = plan.history.order_by("-history_date").first().history_date
            assert stamps[plan.pk] == latest
    assert stamps[edited.pk] > stamps[plans[0].pk]

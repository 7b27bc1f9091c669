"""generate_scale_data: a national-scale data set for the benchmark, written with history, reproducible
from a seed, and never mixed into a database holding data it did not generate."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from clusters.models import Cluster
from tasks.models import ProgressReport, TallyChange, Task, TaskTally
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

TINY = {"tasks": 50, "clusters": 10, "agencies": 8}


def generate(**options):
    call_command("generate_scale_data", **{**TINY, **options}, verbosity=0)


def snapshot():
    tasks = Task.objects.order_by("code").values_list(
        "code", "title", "lead_agency__code", "group__number", "due_date", "status", "progress_percent", "completed_on"
    )
    reports = ProgressReport.objects.order_by("task__code", "reported_on", "progress_percent").values_list(
        "task__code", "reported_on", "progress_percent"
    )
    support = Task.supporting_agencies.through.objects.order_by("task__code", "agency__code").values_list(
        "task__code", "agency__code"
    )
    return list(tasks), list(reports), list(support)


def test_it_creates_tasks_clusters_and_reports_each_with_its_history():
    generate()
    tasks = Task.objects.filter(code__startswith="SCALE-")
    assert tasks.count() == 50
    assert Cluster.objects.filter(code__startswith="SCALE-").count() == 10
    assert ProgressReport.objects.filter(task__in=tasks).count() > 50
    # Every task has its creation record; those reported on have a record per change, with user and reason.
    for task in tasks:
        records = list(task.history.order_by("history_date", "history_id"))
        assert records[0].history_type == "+"
        assert records[0].history_user.username == "scale.dieuphoi"
        assert records[0].history_change_reason
        if task.progress_reports.exists():
            assert len(records) >= 1 + task.progress_reports.count()
            assert records[-1].progress_percent == task.progress_percent
    assert ProgressReport.history.count() == ProgressReport.objects.count()
    # Its figures are counted: no change is left noted for the first page to count (tasks.tally).
    assert not TallyChange.objects.exists()
    assert TaskTally.objects.filter(lead_agency__code__startswith="SCALE-").exists()


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    with transaction.atomic():
        generate(seed=7)
        first = snapshot()
        transaction.set_rollback(True)
    with transaction.atomic():
        generate(seed=7)
        again = snapshot()
        transaction.set_rollback(True)
    generate(seed=8)
    other = snapshot()
    assert first == again
    assert first[0] and first[1]
    assert other != first


def test_it_refuses_a_database_with_data_it_did_not_generate_unless_forced(group):
    TaskFactory(group=group, code="KH-1")
    with pytest.raises(CommandError, match="không do lệnh này sinh ra"):
        generate()
    assert not Task.objects.filter(code__startswith="SCALE-").exists()
    generate(force=True)
    assert Task.objects.filter(code__startswith="SCALE-").count() == 50
    assert Task.objects.filter(code="KH-1").exists()


def test_it_refuses_to_run_twice_on_the_same_database():
    generate()
    with pytest.raises(CommandError):
        generate()


def test_tasks_keep_their_group_number_for_the_list_order(group):
    """The lists' order (group number, code) reads Task.group_number: a copy kept by every write path."""
    from core.audit import audited_bulk_create, audited_bulk_update
    from tests.factories import TaskGroupFactory, UserFactory

    second = TaskGroupFactory(plan=group.plan, number=4)
    saved = TaskFactory(group=second, code="A-1")
    actor = UserFactory()
    [bulk] = audited_bulk_create(
        [Task(group=group, code="A-2", title="x", lead_agency=saved.lead_agency)], actor=actor, reason="r"
    )
    assert Task.objects.get(pk=saved.pk).group_number == 4
    assert Task.objects.get(pk=bulk.pk).group_number == group.number
    assert list(Task.objects.values_list("code", flat=True)) == ["A-2", "A-1"]
    bulk.group = second
    audited_bulk_update([bulk], ["group"], actor=actor, reason="r")
    assert Task.objects.get(pk=bulk.pk).group_number == 4
    second.number = 5
    second.save()  # a renumbered group renumbers its tasks, without history (the copy is not audited)
    assert set(Task.objects.filter(group=second).values_list("group_number", flat=True)) == {5}
    assert Task.objects.get(pk=saved.pk).history.count() == 1

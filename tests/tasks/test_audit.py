"""The audit trail: append-only history, the bulk-write guard, concurrent edits, timeline and audit log."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import AuthEvent
from audit.selectors import AuditFilter, AuditLog
from clusters import services as cluster_services
from clusters.selectors import cluster_timeline
from core.audit import AuditBypassError, StaleVersionError, audited_bulk_update
from tasks import selectors, services
from tasks.models import Task
from tests.factories import ClusterDecisionFactory, ClusterFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_history_records_cannot_be_changed_or_deleted(coordinator, task):
    services.task_update(actor=coordinator, task=task, reason="Sửa tên", title="Tên mới")
    record = task.history.first()
    record.history_change_reason = "sửa lại lịch sử"
    with pytest.raises(AuditBypassError), transaction.atomic():
        record.save()
    with pytest.raises(AuditBypassError), transaction.atomic():
        record.delete()
    with pytest.raises(AuditBypassError), transaction.atomic():
        Task.history.all().update(history_change_reason="x")
    with pytest.raises(AuditBypassError), transaction.atomic():
        Task.history.all().delete()
    assert not Task.history.filter(history_change_reason="x").exists()


def test_queryset_update_and_bulk_writes_on_audited_models_are_refused(task):
    with pytest.raises(AuditBypassError):
        Task.objects.filter(pk=task.pk).update(due_date=datetime.date(2030, 1, 1))
    task.due_date = datetime.date(2030, 1, 1)
    with pytest.raises(AuditBypassError):
        Task.objects.bulk_update([task], ["due_date"])
    with pytest.raises(AuditBypassError):
        Task.objects.bulk_create([Task(group=task.group, code="BULK", title="x", lead_agency=task.lead_agency)])
    task.refresh_from_db()
    assert task.due_date == datetime.date(2026, 6, 30)


def test_audited_bulk_update_leaves_one_history_row_per_object_with_user_and_reason(coordinator, group, agency):
    tasks = [TaskFactory(group=group, lead_agency=agency) for _ in range(3)]
    for t in tasks:
        t.priority = Task.Priority.HIGH
    audited_bulk_update(tasks, ["priority"], actor=coordinator, reason="Nâng mức ưu tiên theo chỉ đạo")
    rows = Task.history.filter(history_change_reason="Nâng mức ưu tiên theo chỉ đạo")
    assert rows.count() == 3
    assert set(rows.values_list("history_user", flat=True)) == {coordinator.pk}
    assert set(Task.objects.values_list("priority", flat=True)) == {Task.Priority.HIGH}


def test_interleaved_task_edits_refuse_the_stale_one(coordinator, second_coordinator, task):
    """Alice and Anna both open version 1; Anna saves first; Alice's save is refused, naming Anna."""
    loaded_by_alice = loaded_by_anna = task.version
    services.task_update(actor=second_coordinator, task=task, version=loaded_by_anna, reason="Sửa", title="Của Anna")
    with pytest.raises(StaleVersionError) as excinfo:
        services.task_update(actor=coordinator, task=task, version=loaded_by_alice, reason="Sửa", title="Của Alice")
    assert "Trần Anna" in excinfo.value.message and "hãy tải lại" in excinfo.value.message
    task.refresh_from_db()
    assert task.title == "Của Anna"


def test_interleaved_cluster_edits_refuse_the_stale_one(coordinator, second_coordinator):
    cluster = ClusterFactory()
    version = cluster.version
    cluster_services.cluster_update(actor=second_coordinator, cluster=cluster, version=version, reason="x", notes="A")
    with pytest.raises(StaleVersionError):
        cluster_services.cluster_update(actor=coordinator, cluster=cluster, version=version, reason="x", notes="B")
    cluster.refresh_from_db()
    assert (cluster.notes, cluster.version) == ("A", 2)


def test_cluster_update_validates_areas_in_vietnamese(coordinator):
    cluster = ClusterFactory(total_area_ha=20, industrial_land_ha=15, leased_land_ha=6)
    with pytest.raises(ValidationError) as excinfo:
        cluster_services.cluster_update(actor=coordinator, cluster=cluster, reason="x", leased_land_ha=16)
    assert "Diện tích đã cho thuê không được lớn hơn diện tích đất công nghiệp." in str(excinfo.value)
    cluster.refresh_from_db()
    assert cluster.leased_land_ha == 6


def test_cluster_timeline_shows_old_and_new_in_vietnamese(coordinator):
    cluster = ClusterFactory(status="established")
    ClusterDecisionFactory(cluster=cluster, date=datetime.date(2020, 3, 1))
    # The stage follows the dated facts: the first tenant project's start makes the cluster operate.
    cluster_services.cluster_update(
        actor=coordinator, cluster=cluster, reason="Dự án thứ cấp đầu tiên", operating_since=datetime.date(2021, 5, 1)
    )
    change = cluster_timeline(cluster)[0]
    assert change.reason == "Dự án thứ cấp đầu tiên" and change.user == coordinator
    assert [(c.label, c.old, c.new) for c in change.changes] == [
        ("Tình trạng", "Đã có quyết định thành lập", "Đang hoạt động"),
        ("Bắt đầu hoạt động (dự án thứ cấp đầu tiên)", "—", "01/05/2021"),
    ]


def _busy_task(coordinator, officer, group, agency, other_agency, n):
    task = services.task_create(
        actor=coordinator,
        group=group,
        code=f"KH-{n}",
        title="Nhiệm vụ",
        lead_agency=agency,
        supporting_agencies=[other_agency],
        due_date=datetime.date(2027, 6, 30),
    )
    for i in range(n):
        services.progress_report_create(actor=officer, task=task, text=f"Lần {i}", progress_percent=min(100, i * 10))
        services.task_update(actor=coordinator, task=task, reason=f"Sửa lần {i}", title=f"Nhiệm vụ {i}")
    extension = services.extension_request_create(
        actor=officer, task=task, proposed_due_date=datetime.date(2027, 9, 30), reason="Chờ vốn"
    )
    services.extension_request_approve(actor=coordinator, extension_request=extension)
    return task


@pytest.mark.parametrize("n", [1, 6])
def test_task_timeline_reads_a_fixed_number_of_queries(
    n, coordinator, officer, group, agency, other_agency, django_assert_num_queries
):
    task = _busy_task(coordinator, officer, group, agency, other_agency, n)
    # 1 task history (with users), 2 predecessors, 3-4 m2m history (supporting agencies, clusters),
    # 5-6 names of the groups and agencies referenced, 7-8 progress reports (with agency and author) and
    # their attachments, 9-10 extension requests (with users) and their attachments, 11 follow-up letters.
    with django_assert_num_queries(11):
        events = selectors.task_timeline(task)
    assert sum(e.kind == "progress" for e in events) == n


@pytest.mark.parametrize("n", [1, 6])
def test_audit_log_page_reads_a_fixed_number_of_queries(
    n, coordinator, officer, group, agency, other_agency, django_assert_num_queries
):
    _busy_task(coordinator, officer, group, agency, other_agency, n)
    AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, user=coordinator, username="alice")
    log = AuditLog()
    # 1 UNION over every source; the login records (1); then for each of the 7 kinds of object on the
    # page its records with their predecessors and users (7), the task's 2 many-to-many histories, and the names
    # the records reference (agencies, groups, tasks, …), each model read once for the whole page. The same 16
    # however many rows there are.
    with django_assert_num_queries(16):
        page = log[0:50]
    assert any(isinstance(row, AuthEvent) for row in page)
    assert [row.at for row in page] == sorted((row.at for row in page), reverse=True)


def test_audit_log_filters_by_user_and_kind(coordinator, officer, group, agency, other_agency):
    _busy_task(coordinator, officer, group, agency, other_agency, 2)
    by_officer = AuditLog(AuditFilter(user=officer))[0:100]
    assert by_officer and all(entry.user == officer for entry in by_officer)
    extensions = AuditLog(AuditFilter(kind="tasks.extensionrequest"))[0:100]
    assert [e.action for e in extensions] == ["~", "+"]
    assert AuditLog(AuditFilter(date_to=datetime.date(2000, 1, 1))).count() == 0

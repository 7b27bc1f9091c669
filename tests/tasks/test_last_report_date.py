"""A task's date of its latest progress report (``Task.last_reported_on``): a copy every write of the reports keeps,
which "chưa cập nhật" (not updated within STALE_PROGRESS_DAYS) and the update rates read."""

import pytest
from django.conf import settings
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from core.audit import audited_bulk_create, audited_bulk_update
from tasks import services
from tasks.figures import status_tables
from tasks.models import ProgressReport, Task
from tests.factories import ProgressReportFactory, TaskFactory
from tests.helpers import days
from tests.migration_paths import scratch_databases


def reported_on(task):
    return Task.objects.get(pk=task.pk).last_reported_on


def not_updated_codes():
    return set(Task.objects.not_updated().values_list("code", flat=True))


@pytest.mark.django_db
def test_a_report_sets_its_tasks_date_and_a_later_correction_or_deletion_moves_it(
    task, officer, coordinator, superuser
):
    assert reported_on(task) is None
    first = services.progress_report_create(
        actor=officer, task=task, text="Đã khảo sát", progress_percent=10, reported_on=days(-50)
    )
    assert reported_on(task) == days(-50)
    latest = services.progress_report_create(actor=officer, task=task, text="Đang làm", progress_percent=30)
    assert reported_on(task) == days(0)

    services.progress_report_update(actor=coordinator, report=latest, reason="Nhầm ngày", reported_on=days(-3))
    assert reported_on(task) == days(-3)
    services.progress_report_delete(actor=superuser, report=latest, reason="Báo cáo trùng")
    assert reported_on(task) == days(-50)
    services.progress_report_delete(actor=superuser, report=first, reason="Báo cáo trùng")
    assert reported_on(task) is None


@pytest.mark.django_db
def test_a_task_read_before_a_report_came_does_not_put_the_older_date_back(task, officer, coordinator):
    stale = Task.objects.get(pk=task.pk)
    services.progress_report_create(actor=officer, task=task, text="Đang làm", progress_percent=30)
    stale.title = "Tiêu đề sửa"
    stale.save()
    assert reported_on(task) == days(0)
    assert Task.objects.get(pk=task.pk).title == "Tiêu đề sửa"


@pytest.mark.django_db
def test_bulk_writes_of_reports_keep_the_dates(group, agency, officer):
    one = TaskFactory(group=group, code="B-1", lead_agency=agency)
    two = TaskFactory(group=group, code="B-2", lead_agency=agency)
    reports = audited_bulk_create(
        [
            ProgressReport(
                task=task, agency=agency, author=officer, reported_on=days(-40), text="x", progress_percent=5
            )
            for task in (one, two)
        ],
        actor=officer,
        reason="Nhập báo cáo",
    )
    assert (reported_on(one), reported_on(two)) == (days(-40), days(-40))
    reports[1].reported_on = days(-2)
    audited_bulk_update([reports[1]], ["reported_on"], actor=officer, reason="Sửa ngày")
    assert (reported_on(one), reported_on(two)) == (days(-40), days(-2))


@pytest.mark.django_db
def test_not_updated_counts_the_never_reported_and_the_silent_and_the_rates_agree(group, agency):
    never = TaskFactory(group=group, code="N-1", lead_agency=agency)
    silent = TaskFactory(group=group, code="N-2", lead_agency=agency)
    recent = TaskFactory(group=group, code="N-3", lead_agency=agency)
    ProgressReportFactory(task=silent, reported_on=days(-31))
    ProgressReportFactory(task=recent, reported_on=days(-31))
    ProgressReportFactory(task=recent, reported_on=days(-30))

    assert not_updated_codes() == {never.code, silent.code}
    rate = status_tables(Task.objects.all(), ["lead_agency"], updates_by="lead_agency")[2][agency.pk]
    assert (rate.updated, rate.open, rate.not_updated) == (1, 3, 2)


@pytest.mark.django_db
def test_the_date_is_not_history_and_a_deleted_task_takes_its_reports(task, officer, superuser):
    services.progress_report_create(actor=officer, task=task, text="Đang làm", progress_percent=30)
    assert "last_reported_on" not in {f.name for f in Task.history.model._meta.fields}
    services.task_delete(actor=superuser, task=task, reason="Tạo nhầm")
    assert not Task.objects.filter(pk=task.pk).exists()
    assert not ProgressReport.objects.filter(task_id=task.pk).exists()


def test_the_migration_fills_the_date_from_the_reports_already_written(django_db_blocker, tmp_path):
    with scratch_databases(django_db_blocker, tmp_path) as make:
        connection = make("last_report")
        db = connection.alias
        # A database at the latest migrations taken back to the one before, where the rows are written.
        before, after = [("tasks", "0015_lead_figures_index")], [("tasks", "0016_last_reported_on")]
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        MigrationExecutor(connection).migrate(before)
        old = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps

        def make_one(app_model, **values):
            return old.get_model(*app_model.split(".")).objects.using(db).create(**values)

        user = make_one(settings.AUTH_USER_MODEL, username="bob")
        agency = make_one("agencies.Agency", code="SXD", name="Sở Xây dựng", short_name="SXD")
        plan = make_one(
            "tasks.Plan",
            number="305/KH-UBND",
            title="Kế hoạch",
            issued_on=days(-300),
            issuing_body="UBND",
            year=2026,
            period_start=days(-300),
            period_end=days(60),
        )
        group = make_one("tasks.TaskGroup", plan=plan, number=1, name="Nhóm 1")
        reported, silent = (
            make_one("tasks.Task", group=group, code=code, title=code, lead_agency=agency) for code in ("R", "S")
        )
        for on in (days(-40), days(-5)):
            make_one(
                "tasks.ProgressReport",
                task=reported,
                agency=agency,
                author=user,
                reported_on=on,
                text="x",
                progress_percent=10,
            )

        MigrationExecutor(connection).migrate(after)
        new = MigrationExecutor(connection)._create_project_state(with_applied_migrations=True).apps
        dates = dict(new.get_model("tasks", "Task").objects.using(db).values_list("code", "last_reported_on"))
        assert dates == {"R": days(-5), "S": None}


@pytest.mark.django_db
def test_the_api_gives_the_date_and_lists_the_tasks_not_updated(task, officer, coordinator_api):
    services.progress_report_create(
        actor=officer, task=task, text="Đang làm", progress_percent=30, reported_on=days(-31)
    )
    assert coordinator_api.get(f"/api/v1/tasks/{task.pk}/").json()["last_reported_on"] == days(-31).isoformat()
    listed = coordinator_api.get("/api/v1/tasks/", {"not_updated": "true"}).json()["results"]
    assert [(row["code"], row["last_reported_on"]) for row in listed] == [(task.code, days(-31).isoformat())]


@pytest.mark.django_db
def test_the_admin_shows_the_date_read_only(client_for, superuser, task, officer):
    services.progress_report_create(
        actor=officer, task=task, text="Đang làm", progress_percent=30, reported_on=days(-3)
    )
    page = client_for(superuser).get(reverse("admin:tasks_task_change", args=[task.pk])).content.decode()
    assert "Ngày báo cáo gần nhất" in page
    assert 'name="last_reported_on"' not in page  # kept by the reports, never typed
    assert days(-3).strftime("%d/%m/%Y") in page

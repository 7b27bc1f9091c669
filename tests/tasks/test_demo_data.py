"""load_demo_data: clearly demo, about sixty tasks in every deadline status, four demo users, repeatable."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from agencies import scoping
from clusters.models import Cluster, ClusterDecision
from tasks.models import DeadlineStatus, ExtensionRequest, ProgressReport, Target, Task
from tests.tasks.conftest import run_command
from tests.tasks.test_dashboard import page_target, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "mật-khẩu-demo-2026")
    return run_command("load_demo_data")


def test_demo_data_says_it_is_demo_and_loads_the_reference_data_first(demo):
    assert "DỮ LIỆU MẪU" in demo
    assert "Đã nạp dữ liệu tham chiếu" in demo


def test_demo_data_creates_about_sixty_tasks_across_the_five_groups(demo):
    tasks = Task.objects.filter(code__startswith="KH305-")

    assert tasks.count() == 60
    assert set(tasks.values_list("group__number", flat=True)) == {1, 2, 3, 4, 5}
    assert tasks.values("lead_agency").distinct().count() >= 6
    assert tasks.filter(supporting_agencies__isnull=False).exists()
    assert tasks.filter(clusters__isnull=False).exists()
    assert all(task.original_due_date == task.due_date for task in tasks.filter(extension_requests__isnull=True))


def test_demo_data_covers_every_deadline_status(demo):
    statuses = set(Task.objects.with_deadline_status().values_list("deadline_status", flat=True))

    assert statuses == {*DeadlineStatus.values, None}  # None: the cancelled ones
    assert Task.objects.filter(status=Task.Status.AWAITING_ACCEPTANCE).exists()
    assert ProgressReport.objects.exists()
    assert ExtensionRequest.objects.filter(status=ExtensionRequest.Status.PENDING).count() in (1, 2)


def test_the_four_demo_users_have_their_roles_and_the_given_password(demo):
    users = get_user_model().objects.in_bulk(
        ["sct.dieuphoi", "sxd.canbo", "stc.canbo", "lanhdao.xem"], field_name="username"
    )

    assert {name: scoping.role_of(user) for name, user in users.items()} == {
        "sct.dieuphoi": "coordinator",
        "sxd.canbo": "officer",
        "stc.canbo": "officer",
        "lanhdao.xem": "viewer",
    }
    assert scoping.agency_of(users["sxd.canbo"]).code == "SXD"
    assert scoping.agency_of(users["lanhdao.xem"]).code == "SCT"
    assert scoping.can(users["sct.dieuphoi"], "admin.use")
    assert all(user.check_password("mật-khẩu-demo-2026") for user in users.values())


def test_the_demo_history_is_written_by_the_workflow_with_users_and_reasons(demo):
    task = Task.objects.filter(status=Task.Status.DONE).first()
    records = list(task.history.order_by("history_date"))

    assert records[0].history_user.username == "sct.dieuphoi"
    assert "DỮ LIỆU MẪU" in records[0].history_change_reason
    assert records[-1].status == Task.Status.DONE


def test_running_demo_data_again_changes_nothing(demo):
    counts = {model.__name__: model.objects.count() for model in apps.get_models()}

    output = run_command("load_demo_data")

    assert "bỏ qua" in output
    assert {model.__name__: model.objects.count() for model in apps.get_models()} == counts


@pytest.fixture
def demo_in_june(db, monkeypatch, hanoi_clock):
    """The demo loaded on 20/06/2026 (the plan year): its facts dated up to that day."""
    monkeypatch.setenv("DEMO_PASSWORD", "mật-khẩu-demo-2026")
    return run_command("load_demo_data")


def test_the_demo_fills_the_target_lists_and_its_dashboard_targets_show_progress(demo_in_june, client_for):
    targets = {target.order: target for target in Target.objects.all()}
    assert [targets[n].clusters.count() for n in (1, 2, 5)] == [
        min(26, Cluster.objects.exclude(code__startswith="MAU-").exclude(status="operating").count()),
        6,
        11,
    ]
    assert not targets[3].clusters.exists() and not targets[4].clusters.exists()
    latest = targets[1].history.latest("history_date")
    assert "DỮ LIỆU MẪU" in latest.history_change_reason and latest.history_user.username == "sct.dieuphoi"

    viewer = get_user_model().objects.get(username="lanhdao.xem")
    figures = {
        page_target(url).order: figure for figure, url in parse(client_for(viewer).get(reverse("dashboard"))).targets
    }
    assert figures == {
        1: Decimal(5),  # infrastructure completed in 2026
        2: Decimal(2),  # filled in 2026
        3: Decimal(3),  # new clusters established in 2026
        4: Decimal("66.7"),  # two of the three with a compliant plant
        5: Decimal(3),  # plants handed over in 2026
    }
    assert Cluster.objects.filter(code__startswith="MAU-", name__startswith="CCN mẫu").count() == 3


def test_running_the_demo_again_leaves_the_register_and_the_lists_as_they_were(demo_in_june):
    def state():
        return (
            sorted(Cluster.objects.values_list("code", "version")),
            ClusterDecision.objects.count(),
            sorted(Target.clusters.through.objects.values_list("target_id", "cluster_id")),
            sum(m.objects.count() for m in apps.get_models() if m.__name__.startswith("Historical")),
        )

    before = state()
    run_command("load_demo_data")
    assert state() == before

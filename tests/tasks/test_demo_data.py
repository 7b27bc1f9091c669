"""load_demo_data: clearly demo, about sixty tasks in every deadline status, four demo users, repeatable, and a
history that unfolds over the plan's life up to yesterday."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from agencies import scoping
from clusters.models import Cluster, ClusterDecision
from notifications.models import Notification
from plan_reports import selectors as as_of
from tasks.figures import update_rates_by
from tasks.management import demo_clock
from tasks.models import DeadlineStatus, ExtensionRequest, Plan, ProgressReport, Target, Task, local_today
from tests.plan_reports.test_as_of import dashboard_figures, report_figures
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


# --- a believable past -------------------------------------------------------------------------------------


def test_the_demo_unfolds_over_the_plans_life_and_nothing_is_in_the_future(demo):
    now = timezone.now()
    history = [model for model in apps.get_models() if model.__name__.startswith("Historical")]
    dates = [d for model in history if "history_date" in {f.name for f in model._meta.fields}
             for d in model.objects.values_list("history_date", flat=True)]  # fmt: skip
    assert max(dates) < now
    assert timezone.localdate(min(dates)) == datetime.date(2025, 11, 12)  # the plan's issue date
    assert (max(dates) - min(dates)).days > 180
    assert max(Notification.objects.values_list("created_at", flat=True)) < now

    # Every task is assigned on the plan's issue date or on its start date, and its timeline spans months.
    for task in Task.objects.all():
        assigned = task.history.earliest("history_date")
        assert timezone.localdate(assigned.history_date) in (datetime.date(2025, 11, 12), task.start_date)
        assert "DỮ LIỆU MẪU" in assigned.history_change_reason
    done = Task.objects.filter(status=Task.Status.DONE).first()
    assert (
        done.history.latest("history_date").history_date - done.history.earliest("history_date").history_date
    ).days > 60
    # Progress reports are recorded on their report dates; completions reported before they are accepted.
    assert all(timezone.localdate(r.created_at) == r.reported_on for r in ProgressReport.objects.all())
    assert all(t.completion_reported_at < t.accepted_at for t in Task.objects.filter(status=Task.Status.DONE))
    assert Task.history.filter(history_change_reason__startswith="Trả lại").exists()
    for extension in ExtensionRequest.objects.all():
        assert extension.letter_number and extension.letter_date <= timezone.localdate(extension.requested_at)
        assert extension.decided_at is None or (extension.decided_at - extension.requested_at).days >= 3


def test_some_agencies_report_regularly_and_some_fell_silent(demo):
    rates = {code: rate.rate for code, rate in update_rates_by(Task.objects.all(), "lead_agency__code").items()}

    assert rates["CATP"] == rates["UBND-10015"] == 0  # silent for over STALE_PROGRESS_DAYS
    assert rates["SXD"] >= 50 and rates["SCT"] >= 50
    assert ProgressReport.objects.filter(reported_on__gte=local_today() - datetime.timedelta(days=7)).exists()


def test_a_report_as_of_30_days_ago_shows_what_the_dashboard_showed_that_day(db, monkeypatch, hanoi_clock, client_for):
    """The demo is replayed day by day: the dashboard is looked at on the evening of the cut-off, while the
    story is still there, and the plan report as of that day, computed once the story is over, must agree."""
    today = local_today()
    cut_off = today - datetime.timedelta(days=30)
    evening = timezone.make_aware(datetime.datetime.combine(cut_off, datetime.time(18, 0)))
    seen = {}
    real_clock_at = demo_clock.clock_at

    def clock_watched(moment):
        if "dashboard" not in seen and timezone.localdate(moment) > cut_off:
            with real_clock_at(evening):
                coordinator = get_user_model().objects.get(username="sct.dieuphoi")
                seen["dashboard"] = dashboard_figures(client_for(coordinator))
        return real_clock_at(moment)

    monkeypatch.setattr(demo_clock, "clock_at", clock_watched)
    run_command("load_demo_data")
    plan = Plan.objects.get()

    then = as_of.report_figures(plan, cut_off)
    assert report_figures(then) == seen["dashboard"]
    assert report_figures(as_of.report_figures(plan, today)) == dashboard_figures(
        client_for(get_user_model().objects.get(username="sct.dieuphoi"))
    )
    now = as_of.report_figures(plan, today)
    assert now["totals"] != then["totals"]  # tasks were completed, deadlines passed, since
    assert now["overdue"] != then["overdue"]

"""load_demo_data on 20/06/2026, in the plan year: the register's facts and the targets' lists, and a past in which
a plan report as of a day equals what the dashboard showed that day."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from clusters.models import Cluster, ClusterDecision
from plan_reports import selectors as as_of
from seed import demo_clock
from tasks.models import Plan, Target, local_today
from tests.plan_reports.test_as_of import dashboard_figures, report_figures
from tests.seed.conftest import run_command
from tests.tasks.test_dashboard import page_target, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_in_june(db, monkeypatch, hanoi_clock):
    """The demo loaded on 20/06/2026 (the plan year): its facts dated up to that day."""
    monkeypatch.setenv("DEMO_PASSWORD", "mật-khẩu-demo-2026")
    return run_command("load_demo_data")


def test_the_demo_fills_the_target_lists_and_its_dashboard_targets_show_progress(demo_in_june, client_for):
    targets = {target.order: target for target in Target.objects.all()}
    assert [targets[n].clusters.count() for n in (1, 2, 5)] == [26, 6, 11]
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


def test_a_report_as_of_30_days_ago_shows_what_the_dashboard_showed_that_day(db, monkeypatch, hanoi_clock, client_for):
    """The demo is replayed day by day: the dashboard is looked at on the evening of the cut-off, before the replay
    moves on to the next day; the plan report as of that day, computed once the whole story is loaded, shows the
    same figures, and today's report shows today's dashboard."""
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
    coordinator = get_user_model().objects.get(username="sct.dieuphoi")

    then, now = as_of.report_figures(plan, cut_off), as_of.report_figures(plan, today)
    assert report_figures(then) == seen["dashboard"]
    assert report_figures(now) == dashboard_figures(client_for(coordinator))
    assert now["totals"] != then["totals"]  # tasks were completed, deadlines passed, since
    assert now["overdue"] != then["overdue"]
    assert now["targets"] != then["targets"]  # infrastructure completed since (dated yesterday at the latest)

"""Cached figures and pages are dropped by a write to the data they read (``core.cache``'s domains), and only by
such a write: logging in, reading a notification or a webhook attempt leaves the dashboard's figures in place;
a task, a cluster, a membership each drop what shows them."""

import datetime
from collections import Counter

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clusters import services as cluster_services
from core import cache as core_cache
from core import outbound
from core.audit import audited_bulk_set
from notifications.models import Notification
from tasks import figures
from tests.factories import ClusterFactory, MembershipFactory, TargetFactory, TaskFactory, UserFactory
from webhooks import sending
from webhooks import services as webhook_services
from webhooks.models import Delivery

pytestmark = pytest.mark.django_db

AUTH = 2  # the token with its user, the caller's membership (test_api_query_counts.py)


@pytest.fixture
def computed(monkeypatch):
    """How many times the dashboard computed its task figures and its targets' progress (not read from the cache)."""
    counts = Counter()
    compute_plan, progress_of = figures._compute_plan_figures, figures.targets.progress_of

    def plan(*args, **kwargs):
        counts["plan"] += 1
        return compute_plan(*args, **kwargs)

    def target(*args, **kwargs):
        counts["targets"] += 1
        return progress_of(*args, **kwargs)

    monkeypatch.setattr(figures, "_compute_plan_figures", plan)
    monkeypatch.setattr(figures.targets, "progress_of", target)
    return counts


@pytest.fixture
def dashboard(client_for, viewer, coordinator, task, group, computed):
    """dashboard() -> the dashboard as the viewer sees it, its figures computed once and cached (after the users
    the tests use are made: a membership drops the figures)."""
    TargetFactory(plan=group.plan, description="Hoàn thành hạ tầng 26 cụm", target_min=26)
    ClusterFactory(code="OP-1", infrastructure_completed_on=datetime.date(2026, 3, 1))
    client = client_for(viewer)

    def view():
        response = client.get(reverse("dashboard"))
        assert response.status_code == 200
        return response

    first = view()
    assert view().context["figures_at"] == first.context["figures_at"]
    assert computed == {"plan": 1, "targets": 1}
    return view


# --- what drops nothing -----------------------------------------------------------------------------------


def test_logging_in_leaves_the_dashboards_figures_cached(dashboard, computed, client, coordinator):
    client.force_login(coordinator)  # stamps last_login, writes the login record
    coordinator.refresh_from_db()
    assert coordinator.last_login is not None
    dashboard()
    assert computed == {"plan": 1, "targets": 1}


def test_reading_a_notification_leaves_the_dashboards_figures_cached(dashboard, computed, client_for, viewer, task):
    notification = Notification.objects.create(
        recipient=viewer, kind=Notification.Kind.TASK_ASSIGNED, task=task, message="Có việc mới"
    )
    response = client_for(viewer).post(reverse("notifications:notification_read", args=[notification.pk]))
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None
    dashboard()
    assert computed == {"plan": 1, "targets": 1}


def test_a_webhook_attempt_leaves_the_dashboards_figures_cached(dashboard, computed, coordinator, monkeypatch):
    endpoint = webhook_services.endpoint_create(
        actor=coordinator, url="http://127.0.0.1:9/hooks", events=["task.created"]
    )
    delivery = Delivery.objects.create(endpoint=endpoint, event="task.created", payload={"id": "x"})

    def refuse(*args, **kwargs):
        raise outbound.OutboundError("refused")

    monkeypatch.setattr(outbound, "post", refuse)
    dashboard()
    sending.start_attempt(delivery, timezone.now())
    sending.attempt(delivery, timezone.now())
    delivery.refresh_from_db()
    assert delivery.attempts == 1
    dashboard()
    assert computed == {"plan": 1, "targets": 1}


# --- what drops what it should ----------------------------------------------------------------------------


def test_a_task_write_drops_the_task_figures_and_the_targets(dashboard, computed, group, agency):
    TaskFactory(group=group, lead_agency=agency)
    assert dashboard().context["counts"].total == 2
    assert computed == {"plan": 2, "targets": 2}


def test_a_cluster_write_drops_the_targets_and_keeps_the_task_figures(dashboard, computed, coordinator):
    later = ClusterFactory(code="OP-2")
    cluster_services.cluster_update(
        actor=coordinator,
        cluster=later,
        reason="Nghiệm thu hạ tầng",
        infrastructure_completed_on=datetime.date(2026, 4, 1),
    )
    assert "2/26 cụm" in dashboard().content.decode()
    assert computed == {"plan": 1, "targets": 2}


def test_a_membership_change_drops_the_task_figures(dashboard, computed, agency):
    MembershipFactory(user=UserFactory(), agency=agency)
    dashboard()
    assert computed["plan"] == 2


def _get(api, url):
    with CaptureQueriesContext(connection) as context:
        response = api.get(url)
    assert response.status_code == 200, response.content[:300]
    return response.json(), len(context)


def test_a_membership_given_shows_in_the_cached_task_list_at_once(api_for, agency, task):
    """Who sees what is the agencies' data: the page kept for a user follows their membership. (Ending one
    revokes the user's tokens: their next call is a 401, not a cached page.)"""
    user = UserFactory()
    api = api_for(user)
    assert _get(api, "/api/v1/tasks/")[0]["count"] == 0
    MembershipFactory(user=user, agency=agency)
    assert _get(api, "/api/v1/tasks/")[0]["count"] == 1


def test_a_task_write_keeps_the_register_page_and_a_cluster_write_drops_it(coordinator_api, coordinator, task):
    cluster = ClusterFactory(code="OP-1", name="Cụm cũ")
    _get(coordinator_api, "/api/v1/clusters/")
    TaskFactory(group=task.group, lead_agency=task.lead_agency)
    _page, queries = _get(coordinator_api, "/api/v1/clusters/")
    assert queries == AUTH - 1  # the token; the page from the cache

    cluster_services.cluster_update(actor=coordinator, cluster=cluster, reason="Đổi tên", name="Cụm mới")
    page, queries = _get(coordinator_api, "/api/v1/clusters/")
    assert queries > AUTH
    assert [row["name"] for row in page["results"]] == ["Cụm mới"]


def test_a_cluster_write_drops_the_task_list_which_names_clusters(coordinator_api, coordinator, task):
    """A task lists its clusters in the order of their names: renaming one reorders them at once."""
    first, second = ClusterFactory(code="A-1", name="Cụm An Khánh"), ClusterFactory(code="B-1", name="Cụm Bình Đà")
    task.clusters.set([first, second])
    page, _queries = _get(coordinator_api, "/api/v1/tasks/")
    assert page["results"][0]["clusters"] == [first.pk, second.pk]
    cluster_services.cluster_update(actor=coordinator, cluster=first, reason="Đổi tên", name="Cụm Xuân Mai")
    page, _queries = _get(coordinator_api, "/api/v1/tasks/")
    assert page["results"][0]["clusters"] == [second.pk, first.pk]


def test_a_bulk_write_bumps_only_its_domain(coordinator, task):
    before = {domain: core_cache.generation(domain) for domain in core_cache.DOMAINS}
    audited_bulk_set([task], actor=coordinator, reason="Đặt thời hạn", due_date=datetime.date(2026, 6, 1))
    after = {domain: core_cache.generation(domain) for domain in core_cache.DOMAINS}
    assert [domain for domain in core_cache.DOMAINS if after[domain] != before[domain]] == [core_cache.TASKS]


# --- the map ----------------------------------------------------------------------------------------------


def test_every_model_of_the_project_has_a_domain():
    """A model left out of ``core.cache.DOMAIN_OF`` would drop every cached value on each write."""
    labels = core_cache.project_app_labels()
    missing = [
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in labels and core_cache.domain_of(model) is None
    ]
    assert missing == []

"""Every page renders with the same number of queries on a small and on a larger data set.

Each test counts the queries of a page on a small world, grows the world (more tasks, agencies, clusters,
reports, attachments, extensions, history), and pins the page to the same count. The counts themselves
include the request's fixed costs (session, user, membership, the notification bell), which other
parts of the application own, so the tests pin "no more with more data" rather than a magic number.

The task list, for example, runs: session, user, membership (navigation), unread notifications (bell),
the options of each filter select (plan, group, lead agency, supporting agency, agency, cluster), the
count and the page of tasks (with their group and lead agency joined, their deadline status computed in
SQL), and the supporting agencies of the page's tasks (one prefetch).
"""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Membership
from clusters import services as cluster_services
from clusters.models import Cluster
from tasks import services
from tasks.models import Task
from tests.factories import (
    AgencyFactory,
    ClusterFactory,
    ClusterReportFactory,
    MembershipFactory,
    TargetFactory,
    TaskFactory,
    TaskGroupFactory,
    UserFactory,
)

from .conftest import days

pytestmark = pytest.mark.django_db

_serial = itertools.count()


class World:
    """A plan with tasks in every deadline status, a cluster, and a task with a full story."""

    def __init__(self, coordinator, second_coordinator, officer, agency, other_agency, group, pdf):
        self.coordinator, self.second, self.officer = coordinator, second_coordinator, officer
        self.agency, self.other_agency, self.group, self.pdf = agency, other_agency, group, pdf
        TargetFactory(plan=group.plan, description="Hoàn thành hạ tầng 26 cụm", target_min=26)
        self.cluster = ClusterFactory(code="CCN-QC", status=Cluster.Status.OPERATING)
        ClusterReportFactory(cluster=self.cluster, year=2025)
        cluster_services.cluster_update(actor=coordinator, cluster=self.cluster, reason="Cập nhật", notes="Ghi chú")
        self.task = self.story_task()
        self.add_tasks()

    def story_task(self):
        task = services.task_create(
            actor=self.coordinator,
            group=self.group,
            code=f"STORY-{next(_serial)}",
            title="Nhiệm vụ có đủ diễn biến",
            lead_agency=self.agency,
            supporting_agencies=[self.other_agency],
            clusters=[self.cluster],
            start_date=days(-90),
            due_date=days(20),
        )
        self.add_story(task)
        return task

    def add_story(self, task):
        """A progress report with a file, and an approved extension: every kind of timeline event."""
        services.progress_report_create(
            actor=self.officer, task=task, text="Tiến độ", progress_percent=30, files=[self.pdf()]
        )
        task.refresh_from_db()
        extension = services.extension_request_create(
            actor=self.officer,
            task=task,
            proposed_due_date=task.due_date + datetime.timedelta(days=10),
            reason="Chờ ý kiến",
            files=[self.pdf()],
        )
        services.extension_request_approve(actor=self.coordinator, extension_request=extension)

    def add_tasks(self, n=1):
        for _ in range(n):
            i = next(_serial)
            lead = AgencyFactory(code=f"QA{i}")
            MembershipFactory(user=UserFactory(username=f"qa{i}"), agency=lead, role=Membership.Role.OFFICER)
            group = TaskGroupFactory(plan=self.group.plan, number=1 + i % 5)
            for offset in (-5, 3, 40, None):
                TaskFactory(
                    group=group,
                    code=f"Q{i}-{offset}",
                    lead_agency=lead,
                    supporting_agencies=[self.agency, self.other_agency],
                    clusters=[self.cluster],
                    due_date=days(offset) if offset is not None else None,
                    original_due_date=days(offset) if offset is not None else None,
                )
            TaskFactory(
                group=group, code=f"Q{i}-done", lead_agency=lead, status=Task.Status.DONE, completed_on=days(-1)
            )
            cluster = ClusterFactory(code=f"CCN-Q{i}")
            ClusterReportFactory(cluster=cluster, year=2026)

    def grow(self, *, long_history=False):
        """Several times the tasks, more agencies and clusters, and a longer story on the same task."""
        self.add_tasks(6)
        for _ in range(3):
            self.add_story(self.task)
            self.task.refresh_from_db()
        for n in range(3):
            cluster_services.cluster_update(
                actor=self.coordinator, cluster=self.cluster, reason=f"Lần {n}", notes=str(n)
            )
            ClusterReportFactory(cluster=self.cluster, year=2020 + n)
            self.cluster.refresh_from_db()
        for n in range(55 if long_history else 0):  # more than a page of the audit log
            services.task_update(actor=self.second, task=self.task, reason=f"Sửa {n}", title=f"Tên {n}")


@pytest.fixture
def world(coordinator, second_coordinator, officer, agency, other_agency, group, pdf):
    return World(coordinator, second_coordinator, officer, agency, other_agency, group, pdf)


def page_urls(world):
    task, cluster, agency = world.task, world.cluster, world.agency
    return {
        "dashboard": reverse("dashboard"),
        "task_list": reverse("tasks:task_list"),
        "task_list_filtered": reverse("tasks:task_list") + "?deadline_status=overdue&ordering=-due_date&q=Q",
        "task_export_xlsx": reverse("tasks:task_export_xlsx"),
        "task_export_csv": reverse("tasks:task_export_csv"),
        "task_detail": reverse("tasks:task_detail", args=[task.pk]),
        "task_update": reverse("tasks:task_update", args=[task.pk]),
        "task_create": reverse("tasks:task_create"),
        "my_agency": reverse("tasks:my_agency"),
        "cluster_list": reverse("clusters:cluster_list"),
        "cluster_detail": reverse("clusters:cluster_detail", args=[cluster.pk]),
        "agency_list": reverse("agencies:agency_list"),
        "agency_detail": reverse("agencies:agency_detail", args=[agency.pk]),
        # One kind of object per page: the audit log reads each kind on a page with its own few queries.
        "audit_log": reverse("audit:audit_log") + "?kind=tasks.task",
        "audit_export_csv": reverse("audit:audit_export_csv") + "?kind=tasks.task",
    }


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return len(queries)


PAGES = [
    "dashboard",
    "task_list",
    "task_list_filtered",
    "task_export_xlsx",
    "task_export_csv",
    "task_detail",
    "task_update",
    "task_create",
    "my_agency",
    "cluster_list",
    "cluster_detail",
    "agency_list",
    "agency_detail",
    "audit_log",
    "audit_export_csv",
]


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_as_many_queries_on_more_data(page, world, client_for, coordinator, django_assert_num_queries):
    client = client_for(coordinator)
    url = page_urls(world)[page]
    count(client, url)  # warm caches that a first request fills (content types, sites…)
    small = count(client, url)
    world.grow(long_history=page.startswith("audit"))
    with django_assert_num_queries(small):
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)


@pytest.mark.parametrize("role", ["officer", "viewer"])
def test_task_page_runs_as_many_queries_on_more_data_for_other_roles(
    role, request, world, client_for, django_assert_num_queries
):
    client = client_for(request.getfixturevalue(role))
    url = reverse("tasks:task_detail", args=[world.task.pk])
    count(client, url)
    small = count(client, url)
    world.grow()
    with django_assert_num_queries(small):
        client.get(url)


def test_the_dashboard_stays_within_its_budget(world, client_for, coordinator):
    """The dashboard's own figures: plans, register (2), targets (2 each), tasks by status, by group (+ the
    groups), by agency (+ the agencies, + their update rates), due soon and overdue lists; plus the
    request's fixed costs."""
    client = client_for(coordinator)
    count(client, reverse("dashboard"))
    assert count(client, reverse("dashboard")) <= 21

"""Every list issues the same number of queries for 3 objects as for 30 (and page sizes up to 200).

Each request as a token client starts with the same two queries, named AUTH below:
  1. knox: the token row with its user (accounts.api.authentication no longer reads the user's other tokens);
  2. scoping: the caller's active membership with its agency.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusters import services as cluster_services
from tasks import services, tally
from tests.factories import (
    AgencyFactory,
    ClusterFactory,
    CommuneFactory,
    ExtensionRequestFactory,
    MembershipFactory,
    PlanFactory,
    ProgressReportFactory,
    TargetFactory,
    TaskFactory,
    TaskGroupFactory,
    UserFactory,
)

# API tests run on a fixed Hanoi clock: 20/06/2026 10:00 (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("hanoi_clock")

AUTH = 2


def _queries(api, url, **params):
    with CaptureQueriesContext(connection) as context:
        response = api.get(url, {"page_size": 200, **params})
    assert response.status_code == 200, response.content[:300]
    return len(context)


@pytest.fixture
def grow(coordinator, officer, group, agency, other_agency):
    """grow(n): add n of everything the lists show, each with its related rows and some history."""

    def make(n):
        for i in range(n):
            task = TaskFactory(group=group, lead_agency=agency, supporting_agencies=[other_agency])
            task.clusters.set([ClusterFactory()])
            ProgressReportFactory(task=task, author=officer)
            ExtensionRequestFactory(task=task, requested_by=officer)
            MembershipFactory(user=UserFactory(), agency=AgencyFactory())
            CommuneFactory()
            plan = PlanFactory(number=f"{i}-{task.pk}/KH")
            TaskGroupFactory(plan=plan, number=1)
            services.task_update(actor=coordinator, task=task, reason="Sửa", title=f"Nhiệm vụ {task.pk}")
        # The first reader after the writes counts the touched pairs again (tests/core/test_page_query_counts.py
        # pins it, TALLY_RECOUNT); each list below is pinned as every later reader finds it.
        tally.current()

    return make


LISTS = [
    # url, queries after AUTH (each named)
    ("/api/v1/agencies/", 2),  # count, page
    ("/api/v1/memberships/", 2),  # count, page with users
    ("/api/v1/communes/", 2),  # count, page
    ("/api/v1/clusters/", 3),  # count, page with occupancy and province, communes
    ("/api/v1/plans/", 3),  # count, page; every plan, to mark today's (in_force)
    ("/api/v1/task-groups/", 2),  # count, page
    # the count from the counts kept per group and lead agency (summed in SQL, with whether a write touched a pair
    # since: tasks.tally), the page with its plan ids and its supporting agencies' and clusters' ids (with_listed)
    ("/api/v1/tasks/", 2),
    ("/api/v1/progress-reports/", 3),  # count, page with authors, attachments
    ("/api/v1/extension-requests/", 3),  # count, page with requesters and deciders, attachments
    ("/api/v1/auth/tokens/", 2),  # count, page with users
]


@pytest.mark.parametrize(("url", "queries"), LISTS)
def test_a_list_costs_the_same_queries_for_3_or_30_objects(coordinator_api, grow, url, queries):
    grow(3)
    few = _queries(coordinator_api, url)
    grow(27)
    assert _queries(coordinator_api, url) == few == AUTH + queries


def test_a_tasks_history_costs_the_same_queries_however_long(coordinator_api, coordinator, task):
    url = f"/api/v1/tasks/{task.pk}/history/"

    def edit(n):
        for i in range(n):
            services.task_update(
                actor=coordinator,
                task=task,
                reason="Sửa",
                title=f"Lần {i}",
                supporting_agencies=[AgencyFactory()],
                clusters=[ClusterFactory()],
                responsible_user=UserFactory(),
            )

    edit(2)
    few = _queries(coordinator_api, url)
    edit(20)
    # task, its supporting agencies, its clusters; count, page of ids; the records with users, every record
    # of the task up to them, the two many-to-many histories; the names of groups, agencies, users, clusters.
    assert _queries(coordinator_api, url) == few == AUTH + 3 + 2 + 4 + 4


def test_a_clusters_history_and_reports_cost_the_same_queries_however_long(coordinator_api, coordinator):
    cluster = ClusterFactory()

    def edit(n, start):
        for i in range(start, start + n):
            cluster_services.cluster_update(
                actor=coordinator, cluster=cluster, reason="Sửa", name=f"CCN {i}", communes=[CommuneFactory()]
            )
            cluster_services.cluster_report_save(actor=coordinator, cluster=cluster, year=2000 + i, period="annual")

    edit(2, 0)
    history, reports = f"/api/v1/clusters/{cluster.pk}/history/", f"/api/v1/clusters/{cluster.pk}/reports/"
    few = (_queries(coordinator_api, history), _queries(coordinator_api, reports))
    edit(20, 2)
    # cluster and its communes; count, page of ids; records with users, all records, commune history;
    # the names of provinces and communes. Reports: cluster and communes; count, page.
    assert (_queries(coordinator_api, history), _queries(coordinator_api, reports)) == few == (AUTH + 9, AUTH + 4)


def test_the_audit_log_costs_the_same_queries_however_long(coordinator_api, coordinator, grow):
    grow(3)
    few = _queries(coordinator_api, "/api/v1/audit-log/", kind="tasks.task")
    grow(27)
    # the page of the union and one row more (paged by keyset: no count); then, per kind on the page, the
    # records with their predecessors (one query) and the two many-to-many histories; then, for every kind on the
    # page at once, the people who made the changes and the names of what the records reference (groups,
    # agencies, clusters).
    assert _queries(coordinator_api, "/api/v1/audit-log/", kind="tasks.task") == few == AUTH + 1 + 3 + 1 + 3


def test_targets_cost_the_same_queries_however_many_for_their_measured_progress(coordinator_api, group):
    """Every target is measured on one register as of today (clusters.register.as_of, read once for the whole
    list, tasks.targets.measure); each target's progress and its counted clusters are one measurement."""
    ClusterFactory()
    TargetFactory(plan=group.plan)
    one = _queries(coordinator_api, "/api/v1/targets/")
    TargetFactory(plan=group.plan)
    TargetFactory(plan=group.plan)
    # count, page with plans, clusters named by each target (one prefetch); then the register's four: the
    # clusters, their decisions, their periodic figures, their communes.
    assert (one, _queries(coordinator_api, "/api/v1/targets/")) == (AUTH + 3 + 4, AUTH + 3 + 4)

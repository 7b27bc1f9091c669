"""Each filter of the shared FilterSets narrows the API's lists; a value that does not exist is a 400."""

import datetime

import pytest
from django.http import QueryDict

from clusters.models import Cluster
from tasks.filtersets import TaskFilterSet
from tasks.models import Task
from tests.factories import (
    ClusterFactory,
    CommuneFactory,
    ExtensionRequestFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
    TaskGroupFactory,
)

# API tests run on a fixed Hanoi clock: 20/06/2026 10:00 (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("hanoi_clock")


@pytest.fixture
def tasks(group, agency, other_agency):
    """Three tasks that differ in every filtered field (today is 20/06/2026)."""
    other_plan = PlanFactory(number="99/KH-UBND", year=2027)
    cluster = ClusterFactory()
    return {
        "led": TaskFactory(
            code="A-1",
            title="Quy chế quản lý cụm",
            group=group,
            lead_agency=agency,
            supporting_agencies=[other_agency],
            clusters=[cluster],
            due_date=datetime.date(2026, 6, 10),  # overdue
        ),
        "supported": TaskFactory(
            code="B-2",
            title="Hạ tầng kỹ thuật",
            group=TaskGroupFactory(plan=group.plan, number=2),
            lead_agency=other_agency,
            supporting_agencies=[agency],
            due_date=datetime.date(2026, 6, 25),  # due soon
            status=Task.Status.IN_PROGRESS,
        ),
        "elsewhere": TaskFactory(
            code="C-3",
            title="Xử lý nước thải",
            group=TaskGroupFactory(plan=other_plan, number=1),
            lead_agency=other_agency,
            start_date=None,
            due_date=None,  # no deadline
        ),
        "cluster": cluster,
    }


def _codes(api, **params):
    response = api.get("/api/v1/tasks/", params)
    assert response.status_code == 200, response.json()
    return sorted(t["code"] for t in response.json()["results"])


def test_tasks_filter_by_group_plan_and_agencies(viewer_api, tasks, group, agency, other_agency):
    assert _codes(viewer_api, group=group.pk) == ["A-1"]
    assert _codes(viewer_api, plan=group.plan_id) == ["A-1", "B-2"]
    assert _codes(viewer_api, lead_agency=agency.pk) == ["A-1"]
    assert _codes(viewer_api, supporting_agency=agency.pk) == ["B-2"]
    assert _codes(viewer_api, agency=agency.pk) == ["A-1", "B-2"]
    assert _codes(viewer_api, cluster=tasks["cluster"].pk) == ["A-1"]


def test_tasks_filter_by_status_and_deadline_status(viewer_api, tasks):
    assert _codes(viewer_api, status="in_progress") == ["B-2"]
    assert _codes(viewer_api, status=["in_progress", "not_started"]) == ["A-1", "B-2", "C-3"]
    assert _codes(viewer_api, deadline_status="overdue") == ["A-1"]
    assert _codes(viewer_api, deadline_status="due_soon") == ["B-2"]
    assert _codes(viewer_api, deadline_status=["no_deadline", "overdue"]) == ["A-1", "C-3"]


def test_tasks_filter_by_due_date_range_and_text(viewer_api, tasks):
    assert _codes(viewer_api, due_after="2026-06-20") == ["B-2"]
    assert _codes(viewer_api, due_before="2026-06-20") == ["A-1"]
    assert _codes(viewer_api, q="nước thải") == ["C-3"]
    assert _codes(viewer_api, q="b-2") == ["B-2"]


def test_a_searched_list_counts_its_matches_from_the_tasks_alone(viewer_api, tasks):
    """A count the kept counts do not answer (a search) reads the tasks' table alone: each row's plan is read for
    the page's rows, not joined into a COUNT over every match (at 100,000 tasks a search matches thousands)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = viewer_api.get("/api/v1/tasks/", {"q": "a"}, HTTP_CACHE_CONTROL="no-cache")
    body = response.json()
    plans = {task.code: task.group.plan_id for task in (tasks["led"], tasks["supported"], tasks["elsewhere"])}
    assert body["count"] == 3 and {row["code"]: row["plan"] for row in body["results"]} == plans
    counts = [query["sql"] for query in captured if query["sql"].startswith("SELECT COUNT(")]
    assert len(counts) == 1 and "tasks_taskgroup" not in counts[0]


def test_tasks_are_ordered_by_the_filtersets_ordering(viewer_api, tasks):
    results = viewer_api.get("/api/v1/tasks/", {"ordering": "-code"}).json()["results"]
    assert [t["code"] for t in results] == ["C-3", "B-2", "A-1"]


def test_a_list_that_names_no_filter_is_the_whole_queryset_without_the_form(tasks):
    everything = Task.objects.order_by("code")
    idle = TaskFilterSet(QueryDict("page_size=50&page=1&updated_after=x"), queryset=everything)
    assert idle.is_valid() and not idle.errors
    assert list(idle.qs) == list(everything)
    assert "_form" not in idle.__dict__  # not built: nothing to filter by
    # Any filter named, even empty or with a widget's suffix, goes the full way: its value is read and checked.
    for query in ("status=", "q=", "due_after_x=1", "plan=0"):
        full = TaskFilterSet(QueryDict(query), queryset=everything)
        full.is_valid()
        assert "_form" in full.__dict__, query
    assert not TaskFilterSet(QueryDict("plan=0"), queryset=everything).is_valid()
    assert list(TaskFilterSet(QueryDict("status="), queryset=everything).qs) == list(everything)


def test_overdue_tasks_of_one_agency_as_the_readme_shows(viewer_api, tasks, agency):
    assert _codes(viewer_api, agency=agency.pk, deadline_status="overdue") == ["A-1"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"lead_agency": 999999}, "lead_agency"),
        ({"agency": 99999999999999999999}, "agency"),
        ({"group": "abc"}, "group"),
        ({"cluster": -1}, "cluster"),
        ({"status": "finished"}, "status"),
        ({"deadline_status": "late"}, "deadline_status"),
        ({"due_after": "2026-13-45"}, "due_after"),
        ({"due_after": "2026-07-01", "due_before": "2026-06-01"}, "due_before"),
        ({"ordering": "secret"}, "ordering"),
    ],
)
def test_a_task_filter_value_that_does_not_exist_is_a_400_with_a_field_message(viewer_api, tasks, params, field):
    response = viewer_api.get("/api/v1/tasks/", params)
    assert response.status_code == 400
    assert field in response.json()


@pytest.fixture
def clusters():
    commune = CommuneFactory(name="Thượng Phúc")
    quat_dong = ClusterFactory(
        code="QD", name="CCN Quất Động", total_area_ha=40, industrial_land_ha=30, leased_land_ha=27
    )
    quat_dong.communes.set([commune])
    ClusterFactory(
        code="LN",
        name="CCN làng nghề Phú Túc",
        type=Cluster.Type.CRAFT_VILLAGE,
        status=Cluster.Status.OPERATING,
        wastewater_status=Cluster.Wastewater.OPERATING,
        total_area_ha=8,
        industrial_land_ha=6,
        leased_land_ha=3,
    )
    return {"commune": commune}


def _cluster_codes(api, **params):
    response = api.get("/api/v1/clusters/", params)
    assert response.status_code == 200, response.json()
    return sorted(c["code"] for c in response.json()["results"])


def test_clusters_filter_by_status_commune_type_wastewater_area_and_occupancy(viewer_api, clusters):
    assert _cluster_codes(viewer_api, status="operating") == ["LN"]
    assert _cluster_codes(viewer_api, commune=clusters["commune"].pk) == ["QD"]
    assert _cluster_codes(viewer_api, type="craft_village") == ["LN"]
    assert _cluster_codes(viewer_api, wastewater_status="operating") == ["LN"]
    assert _cluster_codes(viewer_api, area_min=10) == ["QD"]
    assert _cluster_codes(viewer_api, area_max=10) == ["LN"]
    assert _cluster_codes(viewer_api, occupancy_min=60) == ["QD"]
    assert _cluster_codes(viewer_api, q="phú túc") == ["LN"]


def test_a_cluster_shows_its_occupancy(viewer_api, clusters):
    results = viewer_api.get("/api/v1/clusters/", {"ordering": "code"}).json()["results"]
    assert [(c["code"], c["occupancy_pct"]) for c in results] == [("LN", 50.0), ("QD", 90.0)]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"commune": 424242}, "commune"),
        ({"status": "closed"}, "status"),
        ({"area_min": "nhiều"}, "area_min"),
        ({"area_min": 50, "area_max": 10}, "area_max"),
    ],
)
def test_a_cluster_filter_value_that_does_not_exist_is_a_400(viewer_api, clusters, params, field):
    response = viewer_api.get("/api/v1/clusters/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_progress_reports_and_extension_requests_filter_by_task(viewer_api, task, other_task):
    ProgressReportFactory(task=task)
    ProgressReportFactory(task=other_task)
    ExtensionRequestFactory(task=other_task)
    reports = viewer_api.get("/api/v1/progress-reports/", {"task": task.pk}).json()["results"]
    assert [r["task"] for r in reports] == [task.pk]
    extensions = viewer_api.get("/api/v1/extension-requests/", {"task": task.pk, "status": "pending"}).json()
    assert extensions["count"] == 0
    assert viewer_api.get("/api/v1/extension-requests/", {"task": 10**25}).status_code == 400

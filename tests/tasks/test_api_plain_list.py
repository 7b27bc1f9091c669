"""The task list's plain reading (core.api.PlainListSerializer) writes every task exactly as DRF's TaskSerializer does."""

import datetime
import json

import pytest
from django.utils import translation
from rest_framework import serializers

from core.api import PlainListSerializer
from tasks.api.serializers import TaskSerializer
from tasks.api.views import _task_queryset
from tasks.models import Task, TaskStatus
from tests.factories import (
    AgencyFactory,
    ClusterFactory,
    PlanFactory,
    ProgressReportFactory,
    TaskFactory,
    TaskGroupFactory,
)

# API tests run on a fixed Hanoi clock: 20/06/2026 10:00 (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("hanoi_clock")

TASKS = "/api/v1/tasks/"
DAY = datetime.date(2026, 6, 20)


@pytest.fixture
def varied(group, agency, other_agency, officer):
    """Tasks in every state the list shows: each deadline status and none (cancelled), nulls, several agencies and
    clusters (their ids in the order of their names), a priority of each kind, a task carried on, another plan."""
    third = AgencyFactory(code="ZZZ", name="An Ban thứ ba")
    clusters = [ClusterFactory(name=name) for name in ("Cụm Đông Anh", "Cụm An Khánh", "Cụm Bắc Thăng Long")]
    other_group = TaskGroupFactory(plan=PlanFactory(number="9/KH", year=2027), number=2)
    days = datetime.timedelta
    tasks = [
        TaskFactory(group=group, lead_agency=agency, supporting_agencies=[other_agency, third], clusters=clusters),
        TaskFactory(group=group, lead_agency=agency, status=TaskStatus.IN_PROGRESS, due_date=DAY + days(3)),
        TaskFactory(group=group, lead_agency=agency, status=TaskStatus.IN_PROGRESS, due_date=DAY - days(3)),
        TaskFactory(group=group, lead_agency=agency, start_date=None, due_date=None, original_due_date=None),
        TaskFactory(
            group=group,
            lead_agency=other_agency,
            status=TaskStatus.DONE,
            completed_on=DAY - days(40),
            due_date=DAY - days(50),
            progress_percent=100,
            priority=Task.Priority.HIGH,
            responsible_user=officer,
        ),
        TaskFactory(group=group, lead_agency=agency, status=TaskStatus.DONE, completed_on=DAY - days(1)),
        TaskFactory(
            group=group,
            lead_agency=agency,
            status=TaskStatus.AWAITING_ACCEPTANCE,
            completed_on=DAY - days(2),
            due_date=DAY - days(1),
        ),
        TaskFactory(group=group, lead_agency=agency, status=TaskStatus.CANCELLED, priority=Task.Priority.LOW),
        TaskFactory(group=other_group, lead_agency=third, supporting_agencies=[third], clusters=clusters[1:]),
    ]
    ProgressReportFactory(task=tasks[1], reported_on=DAY - days(5))  # a date of the latest report, and nulls
    tasks.append(
        TaskFactory(
            group=other_group,
            lead_agency=agency,
            description="Chuyển tiếp",
            source_document="Kế hoạch số 9/KH",
            continues=tasks[2],
        )
    )
    return tasks


def _stock(tasks):
    """DRF's own list of ``tasks``: the ModelSerializer's fields, one by one, as a detail reads them."""
    return serializers.ListSerializer(tasks, child=TaskSerializer()).data


def _json(data):
    return json.loads(json.dumps(data))


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_api_list_is_drfs_serializer_task_by_task(varied, coordinator_api, language):
    body = coordinator_api.get(TASKS, {"page_size": 200}, HTTP_ACCEPT_LANGUAGE=language).json()
    ids = [row["id"] for row in body["results"]]
    assert sorted(ids) == sorted(task.pk for task in varied)
    read = _task_queryset(coordinator_api.user).in_bulk(ids)
    with translation.override(language):
        expected = _json(_stock([read[pk] for pk in ids]))
    assert body["results"] == expected
    statuses = {row["deadline_status"] for row in expected}
    assert {None, "done_on_time", "done_late", "overdue", "due_soon", "no_deadline", "on_track"} <= statuses
    first = next(row for row in body["results"] if row["id"] == varied[0].pk)
    by_name = ("Cụm An Khánh", "Cụm Bắc Thăng Long", "Cụm Đông Anh")
    assert first["clusters"] == [varied[0].clusters.get(name=name).pk for name in by_name]
    assert len(first["supporting_agencies"]) == 2


@pytest.mark.parametrize("language", ["vi", "en"])
def test_rows_it_cannot_read_plainly_go_through_the_serializer(varied, coordinator, language):
    rows = list(_task_queryset(coordinator).order_by("code"))  # the relation prefetched, no listed rows
    unsaved = Task(**{f.attname: getattr(rows[0], f.attname) for f in Task._meta.concrete_fields if f.name != "id"})
    unsaved.deadline_status = None
    with translation.override(language):
        plain = TaskSerializer([*rows, unsaved], many=True)
        assert isinstance(plain, PlainListSerializer)
        assert _json(plain.data) == _json(_stock([*rows, unsaved]))


@pytest.mark.parametrize("filtered", ["cluster", "supporting_agency"])
def test_a_page_filtered_through_a_relation_reads_the_same_lists(varied, coordinator_api, filtered):
    """A filter through the agencies or clusters makes the page DISTINCT: its lists are then read by one query for
    the page's rows (``fill_listed``), not in the page's query (``with_listed``); the same ids in the same order."""
    value = varied[0].clusters.first().pk if filtered == "cluster" else varied[0].supporting_agencies.first().pk
    body = coordinator_api.get(TASKS, {"page_size": 200, filtered: value}).json()
    ids = [row["id"] for row in body["results"]]
    assert varied[0].pk in ids
    read = _task_queryset(coordinator_api.user).in_bulk(ids)
    assert body["results"] == _json(_stock([read[pk] for pk in ids]))
    everything = {row["id"]: row for row in coordinator_api.get(TASKS, {"page_size": 200}).json()["results"]}
    assert body["results"] == [everything[pk] for pk in ids]

"""Incremental sync on every list: ``updated_at`` in each record, ``updated_after``, and a cursor over
(updated_at, id) that neither skips nor repeats records sharing one ``updated_at``, even while they change."""

import base64
import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.audit import audited_bulk_set
from core.dates import local_today
from plan_reports.services import plan_report_issue
from reporting import reference
from reporting.models import ReportForm, Submission
from reporting.services import ensure_periods
from tasks import services
from tasks.models import Task
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
    UserFactory,
)

pytestmark = pytest.mark.usefixtures("hanoi_clock")

LISTS = [
    "/api/v1/agencies/",
    "/api/v1/memberships/",
    "/api/v1/communes/",
    "/api/v1/clusters/",
    "/api/v1/plans/",
    "/api/v1/task-groups/",
    "/api/v1/targets/",
    "/api/v1/tasks/",
    "/api/v1/progress-reports/",
    "/api/v1/extension-requests/",
    "/api/v1/plan-reports/",
    "/api/v1/report-forms/",
    "/api/v1/reporting-periods/",
    "/api/v1/submissions/",
    "/api/v1/deletions/",
]


@pytest.fixture
def some_of_everything(coordinator, officer, task):
    MembershipFactory(user=UserFactory(), agency=AgencyFactory())
    CommuneFactory()
    ClusterFactory()
    TargetFactory()
    PlanFactory(number="9/KH")
    ProgressReportFactory(task=task, author=officer)
    ExtensionRequestFactory(task=task, requested_by=officer)
    services.task_delete(actor=coordinator, task=TaskFactory(group=task.group), reason="Tạo nhầm")
    plan_report_issue(
        actor=coordinator,
        plan=task.group.plan,
        cut_off=local_today(),
        number="01/BC",
        issued_on=local_today(),
        signer="A",
    )
    forms = {lookup["code"]: ReportForm.objects.create(**lookup, **values) for lookup, values in reference.form_specs()}
    Submission.objects.create(period=ensure_periods(2026)[0], form=forms["02"], cluster=ClusterFactory())


def _walk(api, url, **params):
    """Every record of a sync walk from ``url``, following ``next``; and the pages' sizes."""
    response = api.get(url, params)
    records, sizes = [], []
    while True:
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        assert body["count"] is None and body["previous"] is None
        records += body["results"]
        sizes.append(len(body["results"]))
        if body["next"] is None:
            return records, sizes
        response = api.get(body["next"])


@pytest.mark.parametrize("url", LISTS)
def test_every_list_shows_updated_at_and_takes_updated_after(coordinator_api, some_of_everything, url):
    everything = coordinator_api.get(url, {"page_size": 200}).json()
    assert everything["count"] >= 1
    stamp = "deleted_at" if url.endswith("deletions/") else "updated_at"
    stamps = [datetime.datetime.fromisoformat(record[stamp]) for record in everything["results"]]
    earliest = min(stamps)

    records, _sizes = _walk(coordinator_api, url, updated_after=(earliest - datetime.timedelta(seconds=1)).isoformat())
    assert len(records) == everything["count"]
    # In cursor mode the order is (updated_at, id).
    keys = [(datetime.datetime.fromisoformat(r[stamp]), r["id"]) for r in records]
    assert keys == sorted(keys)

    later, _sizes = _walk(coordinator_api, url, updated_after=earliest.isoformat())
    assert len(later) == sum(1 for s in stamps if s > earliest)


@pytest.mark.parametrize(
    "value", ["hôm qua", "2026-13-01T00:00:00", "2026-06-20T10:00:00 07:00", "0001-01-01T00:00+07:00"]
)
def test_an_updated_after_that_is_no_time_is_a_400_naming_the_field(coordinator_api, value):
    response = coordinator_api.get("/api/v1/tasks/", {"updated_after": value})
    assert response.status_code == 400
    assert "Thời điểm không hợp lệ" in response.json()["updated_after"][0]


def test_an_updated_after_with_an_offset_past_postgresqls_is_read_in_utc(coordinator_api, group):
    """Python takes offsets up to ±23:59, PostgreSQL only up to ±15:59 (a 500 found by the schema fuzzer): the
    instant is passed on in UTC, so any time Python reads is a time the database compares."""
    TaskFactory(group=group)
    response = coordinator_api.get("/api/v1/tasks/", {"updated_after": "0733-04-21T14:01:47+19:55"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1
    # The same instant in a crafted cursor (base64 of [time, id]).
    cursor = base64.urlsafe_b64encode(json.dumps(["0733-04-21T14:01:47+19:55", 1]).encode()).decode().rstrip("=")
    assert coordinator_api.get("/api/v1/tasks/", {"cursor": cursor}).status_code == 200


@pytest.mark.parametrize(
    "cursor", ["xyz", "eyJhIjogMX0", "WyIyMDI2LTA2LTIwVDAzOjAwOjAwKzAwOjAwIiwgOTk5OTk5OTk5OTk5OTk5OTk5OTk5XQ"]
)
def test_a_cursor_not_from_a_next_link_is_a_400_naming_the_field(coordinator_api, cursor):
    response = coordinator_api.get("/api/v1/tasks/", {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["cursor"] == ["Con trỏ không hợp lệ: hãy dùng đúng liên kết next."]


def test_updated_after_keeps_only_the_records_changed_after_it(coordinator, coordinator_api, group, hanoi_clock):
    old, changed = TaskFactory(group=group), TaskFactory(group=group)
    hanoi_clock.move_to(datetime.datetime(2026, 6, 21, 3, 0, tzinfo=datetime.UTC))
    services.task_update(actor=coordinator, task=changed, reason="Sửa tên", title="Tên mới")

    records, _sizes = _walk(coordinator_api, "/api/v1/tasks/", updated_after="2026-06-21T09:00:00+07:00")

    assert [r["id"] for r in records] == [changed.pk]
    assert records[0]["title"] == "Tên mới"
    assert datetime.datetime.fromisoformat(records[0]["updated_at"]) > old.updated_at
    # A naive time is Hanoi time: 09:00 in Hanoi is before the change at 10:00 Hanoi (03:00 UTC).
    naive, _sizes = _walk(coordinator_api, "/api/v1/tasks/", updated_after="2026-06-21T09:00:00")
    assert [r["id"] for r in naive] == [changed.pk]


def test_without_updated_after_or_cursor_a_list_is_paged_by_number_as_before(coordinator_api, group):
    TaskFactory.create_batch(3, group=group)
    body = coordinator_api.get("/api/v1/tasks/", {"page_size": 2, "page": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 1
    assert "page_size=2" in body["previous"]


@pytest.fixture
def tied_tasks(coordinator, group):
    """Seven tasks given one updated_at by a bulk change (one UPDATE), as a bulk edit does."""
    tasks = TaskFactory.create_batch(7, group=group)
    audited_bulk_set(tasks, actor=coordinator, reason="Đổi mức ưu tiên", priority=Task.Priority.HIGH)
    assert len({t.updated_at for t in Task.objects.filter(pk__in=[t.pk for t in tasks])}) == 1
    return sorted(t.pk for t in tasks)


def test_records_sharing_one_updated_at_are_neither_skipped_nor_repeated_across_pages(coordinator_api, tied_tasks):
    records, sizes = _walk(coordinator_api, "/api/v1/tasks/", updated_after="2026-01-01T00:00:00+07:00", page_size=3)
    assert [r["id"] for r in records] == tied_tasks
    assert sizes == [3, 3, 1]


def test_a_record_changed_during_a_sync_moves_to_the_end_and_no_other_is_missed(
    coordinator, coordinator_api, tied_tasks
):
    first = coordinator_api.get("/api/v1/tasks/", {"updated_after": "2026-01-01T00:00:00+07:00", "page_size": 3})
    first_ids = [r["id"] for r in first.json()["results"]]
    assert first_ids == tied_tasks[:3]
    # Changed between two pages: one the client has seen (in the tie before the cursor), one it has not.
    seen, unseen = Task.objects.get(pk=first_ids[0]), Task.objects.get(pk=tied_tasks[5])
    services.task_update(actor=coordinator, task=seen, reason="Sửa", title="Đã sửa lúc đồng bộ")
    services.task_update(actor=coordinator, task=unseen, reason="Sửa", title="Cũng sửa lúc đồng bộ")

    rest, _sizes = _walk(coordinator_api, first.json()["next"])

    rest_ids = [r["id"] for r in rest]
    # Every record not yet seen arrives once; the two changed ones arrive at the end with their new titles.
    assert rest_ids == [*[pk for pk in tied_tasks[3:] if pk != unseen.pk], *sorted([seen.pk, unseen.pk])]
    assert {r["title"] for r in rest[-2:]} == {"Đã sửa lúc đồng bộ", "Cũng sửa lúc đồng bộ"}


def test_the_cursor_keeps_the_callers_filters_and_visibility(coordinator_api, api_for, group, agency, other_agency):
    mine = TaskFactory.create_batch(3, group=group, lead_agency=agency)
    TaskFactory.create_batch(2, group=group, lead_agency=other_agency)
    records, _sizes = _walk(
        coordinator_api, "/api/v1/tasks/", updated_after="2026-01-01T00:00+07:00", agency=agency.pk, page_size=2
    )
    assert sorted(r["id"] for r in records) == sorted(t.pk for t in mine)

    stranger = api_for(UserFactory())  # no membership: sees no task, in either mode
    assert stranger.get("/api/v1/tasks/", {"updated_after": "2026-01-01T00:00+07:00"}).json()["results"] == []


def test_a_sync_page_costs_the_same_queries_for_3_or_30_tasks(coordinator_api, group, agency, other_agency):
    def queries():
        with CaptureQueriesContext(connection) as context:
            response = coordinator_api.get(
                "/api/v1/tasks/", {"updated_after": "2026-01-01T00:00+07:00", "page_size": 200}
            )
        assert response.status_code == 200
        return len(context)

    def grow(n):
        for _ in range(n):
            task = TaskFactory(group=group, lead_agency=agency, supporting_agencies=[other_agency])
            task.clusters.set([ClusterFactory()])

    grow(3)
    few = queries()
    grow(27)
    # AUTH (2, see tests/core/test_api_query_counts.py), then: on PostgreSQL the sync horizon (the oldest open
    # transaction, core/paging.py), the page with its plan ids and its supporting agencies' and clusters' ids
    # (core.api_fields.with_listed). No count: a cursor page does not count.
    horizon = 1 if connection.vendor == "postgresql" else 0
    assert few == queries() == 2 + horizon + 1

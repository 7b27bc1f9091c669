"""The counts kept per group and lead agency (``tasks.tally``): what the dashboard and the agencies table show must
be what the tasks say, after every kind of write, on a new day and with other settings."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from agencies.models import Agency, Membership
from core.audit import audited_bulk_set, audited_bulk_update
from tasks import figures, services, tally
from tasks.models import DeadlineStatus, TallyChange, Task, TaskStatus, TaskTally, local_today
from tasks.models.tally import COUNTED_COLUMNS
from tests.factories import AgencyFactory, MembershipFactory, TaskFactory, TaskGroupFactory
from tests.helpers import days

pytestmark = pytest.mark.django_db


def shown(result):
    """The figures as a page shows them: counts by status, per group and lead agency, and the update rates."""
    counts, tables, rates = result
    return {
        "all": (counts.counts, counts.total),
        **{key: {value: (c.counts, c.total, c.filters) for value, c in table.items()} for key, table in tables.items()},
        "rates": {value: (r.open, r.updated, r.filters) for value, r in rates.items()},
    }


def from_tasks(plan, today=None):
    tasks = Task.objects.filter(group__plan=plan)
    return shown(figures.status_tables(tasks, ["group", "lead_agency"], today, updates_by="lead_agency", plan=plan.pk))


def kept(plan, today=None):
    return shown(figures.tally_tables(plan.pk, today))


@pytest.fixture
def plan_world(group, agency, other_agency):
    """Three tasks of two groups and two lead agencies: one overdue, one due soon, one without a deadline."""
    second = TaskGroupFactory(plan=group.plan, number=2)
    return {
        "overdue": TaskFactory(group=group, lead_agency=agency, due_date=days(-3)),
        "soon": TaskFactory(group=group, lead_agency=agency, due_date=days(3)),
        "undated": TaskFactory(group=second, lead_agency=other_agency, due_date=None),
        "second": second,
    }


def test_the_kept_counts_are_the_tasks_counts_after_every_kind_of_write(
    plan_world, group, agency, other_agency, coordinator, officer
):
    plan = group.plan
    figures_now = kept(plan)
    assert figures_now == from_tasks(plan)
    assert figures_now["all"][0][DeadlineStatus.OVERDUE] == 1 and figures_now["all"][1] == 3

    # One save of a counted field: the overdue task is done.
    overdue = plan_world["overdue"]
    overdue.status, overdue.completed_on = TaskStatus.DONE, days(-1)
    overdue.save()
    figures_now = kept(plan)
    assert figures_now == from_tasks(plan)
    assert figures_now["all"][0][DeadlineStatus.OVERDUE] == 0
    assert figures_now["all"][0][DeadlineStatus.DONE_LATE] == 1

    # A move to another group and lead agency: the pair it leaves and the pair it joins are both counted again.
    soon = plan_world["soon"]
    soon.group, soon.lead_agency = plan_world["second"], other_agency
    soon.save()
    figures_now = kept(plan)
    assert figures_now == from_tasks(plan)
    assert figures_now["lead_agency"][other_agency.pk][1] == 2

    # The bulk helpers: one value for many tasks, and values per task.
    undated = plan_world["undated"]
    audited_bulk_set([undated], actor=coordinator, reason="Giao thời hạn", due_date=days(-1))
    assert kept(plan) == from_tasks(plan)
    soon.due_date = days(-10)
    audited_bulk_update([soon], ["due_date"], actor=coordinator, reason="Rút ngắn thời hạn")
    figures_now = kept(plan)
    assert figures_now == from_tasks(plan)
    assert figures_now["all"][0][DeadlineStatus.OVERDUE] == 2

    # A progress report: the task's date of its latest report moves, and with it the update rate.
    reported = TaskFactory(group=group, lead_agency=agency, due_date=days(40))
    services.progress_report_create(actor=officer, task=reported, text="Đang triển khai", progress_percent=10)
    figures_now = kept(plan)
    assert figures_now == from_tasks(plan)
    assert figures_now["rates"][agency.pk][:2] == (1, 1)

    # Cancelled, then deleted: out of every figure.
    reported.status = TaskStatus.CANCELLED
    reported.save()
    assert kept(plan) == from_tasks(plan)
    reported.delete()
    figures_now = kept(plan)
    assert figures_now == from_tasks(plan)
    assert figures_now["all"][1] == 3


def test_a_write_made_outside_the_application_is_counted_too(plan_world, group):
    """The database notes the change, not the application: SQL typed by an operator is counted like a form's save."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tasks_task SET due_date = NULL WHERE id = %s", [plan_world["overdue"].pk])
    figures_now = kept(group.plan)
    assert figures_now == from_tasks(group.plan)
    assert figures_now["all"][0][DeadlineStatus.OVERDUE] == 0
    assert figures_now["all"][0][DeadlineStatus.NO_DEADLINE] == 2


def test_a_new_day_and_other_settings_count_every_pair_again(plan_world, group, settings):
    plan = group.plan
    assert kept(plan)["all"][0][DeadlineStatus.DUE_SOON] == 1
    later = days(5)  # the task due in 3 days is overdue by then, the overdue one still is
    assert kept(plan, later) == from_tasks(plan, later)
    assert kept(plan, later)["all"][0][DeadlineStatus.OVERDUE] == 2
    settings.DUE_SOON_DAYS = 1  # due in 3 days is no longer "soon"
    assert kept(plan) == from_tasks(plan)
    assert kept(plan)["all"][0][DeadlineStatus.DUE_SOON] == 0


def test_a_lists_count_is_the_tasks_count_read_in_one_query_when_nothing_changed(
    plan_world, group, agency, settings, django_assert_num_queries
):
    """``tally.count`` sums the kept rows in SQL; a row out of date (a write noted, another day, other settings)
    or none at all is counted again first. Each time, what the tasks say."""
    overdue_now = {"deadline_statuses": [DeadlineStatus.OVERDUE]}

    def from_the_tasks(day=None, **statuses):
        tasks = Task.objects.with_deadline_status(today=day)
        if statuses:
            tasks = tasks.filter(deadline_status__in=statuses["deadline_statuses"])
        return tasks.count()

    assert not TaskTally.objects.exists()
    assert tally.count() == 3 == from_the_tasks()  # no row yet: every pair counted
    with django_assert_num_queries(2):  # one each
        assert tally.count() == 3
        assert tally.count(**overdue_now) == 1
    TaskFactory(group=group, lead_agency=agency, due_date=days(-1))  # a write noted
    assert tally.count(**overdue_now) == 2 == from_the_tasks(**overdue_now)
    with django_assert_num_queries(1):
        assert tally.count(agencies=[agency.pk]) == 3
    later = days(5)  # another day: the task due in 3 days is overdue by then
    assert tally.count(today=later, **overdue_now) == 3 == from_the_tasks(later, **overdue_now)
    settings.DUE_SOON_DAYS = 1  # other settings: the task due in 3 days is no longer "soon"
    soon = {"deadline_statuses": [DeadlineStatus.DUE_SOON]}
    assert tally.count(**soon) == 0 == from_the_tasks(**soon)


def test_only_writes_to_what_the_counts_read_are_noted(plan_world, other_agency):
    task = plan_world["overdue"]
    kept(task.group.plan)  # counts every pair, and forgets the notes of the tasks' creation
    assert TallyChange.objects.count() == 0
    task.title = "Một tên khác"
    task.save()
    assert TallyChange.objects.count() == 0
    task.due_date = days(10)
    task.save()
    assert list(TallyChange.objects.values_list("group", "lead_agency")) == [(task.group_id, task.lead_agency_id)]
    task.lead_agency = other_agency
    task.save()
    assert sorted(TallyChange.objects.values_list("group", "lead_agency")) == sorted(
        [(task.group_id, plan_world["soon"].lead_agency_id)] * 2 + [(task.group_id, other_agency.pk)]
    )


COLUMN_CHANGES = {
    "group_id": None,  # set in the test: another group of the plan
    "lead_agency_id": None,  # another agency
    "status": TaskStatus.IN_PROGRESS,
    "due_date": "2030-01-01",
    "completed_on": "2026-01-02",
    "completion_deadline": "2030-01-01",
    "last_reported_on": "2026-01-03",
}


def test_the_triggers_note_a_change_to_every_column_the_counts_read(plan_world, other_agency):
    """Whatever the code will read: each column the counts read (COUNTED_COLUMNS, from the deadline status's own
    fields) changed alone, by SQL, leaves a note; the installed triggers watch them all."""
    task = plan_world["overdue"]
    assert set(COLUMN_CHANGES) == set(COUNTED_COLUMNS)
    values = {**COLUMN_CHANGES, "group_id": plan_world["second"].pk, "lead_agency_id": other_agency.pk}
    for column, value in values.items():
        TallyChange.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE tasks_task SET {column} = %s WHERE id = %s", [value, task.pk])
        assert TallyChange.objects.exists(), column
    TallyChange.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tasks_task SET title = %s WHERE id = %s", ["Tên khác", task.pk])
    assert not TallyChange.objects.exists()


def test_a_change_noted_while_counting_is_kept_for_the_next_reader(plan_world, group, monkeypatch):
    """Only the notes read before counting are deleted: a write that lands while the counts are worked out (another
    request's) is counted by the next reader, never lost."""
    plan = group.plan
    count_again = tally._count_again
    late = AgencyFactory(code="MUON")

    def counting_while_a_write_lands(pairs, judged, today):
        TaskFactory(group=group, lead_agency=late, due_date=days(-1))
        return count_again(pairs, judged, today)

    monkeypatch.setattr(tally, "_count_again", counting_while_a_write_lands)
    kept(plan)
    monkeypatch.undo()
    assert list(TallyChange.objects.values_list("group", "lead_agency")) == [(group.pk, late.pk)]
    assert kept(plan) == from_tasks(plan)
    assert late.pk in kept(plan)["lead_agency"]


def test_the_agencies_table_counts_led_tasks_from_the_kept_counts(plan_world, agency, other_agency):
    led = figures.agency_figures(Task.objects.all(), [agency.pk, other_agency.pk]).led
    assert led[agency.pk].counts[DeadlineStatus.OVERDUE] == 1
    assert led[agency.pk].counts[DeadlineStatus.DUE_SOON] == 1
    assert led[other_agency.pk].counts[DeadlineStatus.NO_DEADLINE] == 1
    # The same as counting the tasks themselves (the path for a user who sees only some tasks).
    for agency_id, counts in led.items():
        assert counts.counts == figures.status_counts(Task.objects.filter(lead_agency=agency_id)).counts


def test_the_nightly_command_counts_every_pair_for_the_day(plan_world, group, settings):
    out = StringIO()
    call_command("count_task_figures", stdout=out)
    assert "cho 2 cặp nhóm nhiệm vụ – cơ quan chủ trì" in out.getvalue()
    assert TallyChange.objects.count() == 0
    assert set(TaskTally.objects.values_list("basis", flat=True)) == {tally.basis(local_today())}
    assert kept(group.plan) == from_tasks(group.plan)


LIST_FILTERS = [
    ("", 4),  # every task of the plan, the cancelled one included
    ("deadline_status=overdue", 1),
    ("deadline_status=overdue&deadline_status=no_deadline", 2),
    ("ordering=-due_date", 4),
    ("q=khong+co", 0),  # a search: the rows are counted, not the kept counts
]


@pytest.fixture
def listed_world(plan_world, group, agency):
    TaskFactory(group=group, lead_agency=agency, due_date=days(5), status=TaskStatus.CANCELLED)
    return plan_world


@pytest.mark.parametrize(("query", "expected"), LIST_FILTERS)
def test_the_task_list_and_the_api_count_what_they_list(
    listed_world, client_for, coordinator_api, coordinator, query, expected
):
    page = client_for(coordinator).get(reverse("tasks:task_list") + f"?{query}")
    assert page.context["page_obj"].paginator.count == expected
    assert f"{expected} nhiệm vụ phù hợp bộ lọc" in page.content.decode()
    assert len(page.context["tasks"]) == expected
    answer = coordinator_api.get(f"/api/v1/tasks/?{query}").json()
    assert answer["count"] == expected == len(answer["results"])


def test_the_lists_count_by_group_and_lead_agency_too(
    listed_world, client_for, coordinator_api, coordinator, agency, other_agency
):
    second = listed_world["second"]
    client = client_for(coordinator)
    for query, expected in [
        (f"lead_agency={agency.pk}", 3),
        (f"lead_agency={other_agency.pk}&deadline_status=no_deadline", 1),
        (f"group={second.pk}", 1),
    ]:
        assert client.get(reverse("tasks:task_list") + f"?{query}").context["page_obj"].paginator.count == expected
        assert coordinator_api.get(f"/api/v1/tasks/?{query}").json()["count"] == expected
    # A group of another plan than the one asked for: nothing, as the rows say.
    other_plan_group = TaskGroupFactory(plan__number="99/KH-UBND", number=1)
    answer = coordinator_api.get(f"/api/v1/tasks/?plan={second.plan_id}&group={other_plan_group.pk}")
    assert answer.json()["count"] == 0 == len(answer.json()["results"])


def test_a_user_who_sees_no_task_is_not_given_the_kept_counts(listed_world, api_for):
    """An investor's user (a reporter: none of the plan's tasks) gets an empty list counted as empty, not the plan's
    kept count."""
    investor = MembershipFactory(
        agency=AgencyFactory(code="CDT-X", kind=Agency.Kind.INVESTOR), role=Membership.Role.INVESTOR
    ).user
    assert tally.count() == 4  # the plan's four tasks are kept
    answer = api_for(investor).get("/api/v1/tasks/").json()
    assert answer["count"] == 0 == len(answer["results"])

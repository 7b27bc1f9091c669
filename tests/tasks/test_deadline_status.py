"""The deadline status on every edge: the model property and the queryset annotation always agree.

"Today" is the local date in Hanoi, taken from django.utils.timezone.now(), which the ``clock`` fixture
sets (the real clock's API, not a stand-in for our code).
"""

import datetime

import pytest
from django.conf import settings

from tasks.models import DeadlineStatus, Task, local_today
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
TODAY = datetime.date(2026, 3, 10)


def days(n):
    return datetime.timedelta(days=n)


def status_of(task):
    """The status computed in Python and in SQL; the test fails if they differ."""
    in_python = Task.objects.get(pk=task.pk).deadline_status
    in_sql = Task.objects.with_deadline_status().get(pk=task.pk).deadline_status
    assert in_python == in_sql, f"property says {in_python}, annotation says {in_sql}"
    return in_python


@pytest.fixture
def make_task(group, agency, hanoi_morning):
    def make(**fields):
        fields.setdefault("start_date", TODAY - days(90))
        return TaskFactory(group=group, lead_agency=agency, **fields)

    return make


def test_a_task_due_today_is_due_soon(make_task):
    assert status_of(make_task(due_date=TODAY)) == DeadlineStatus.DUE_SOON


def test_a_task_due_in_exactly_due_soon_days_is_due_soon(make_task):
    assert status_of(make_task(due_date=TODAY + days(settings.DUE_SOON_DAYS))) == DeadlineStatus.DUE_SOON


def test_a_task_due_one_day_after_the_due_soon_window_is_on_track(make_task):
    assert status_of(make_task(due_date=TODAY + days(settings.DUE_SOON_DAYS + 1))) == DeadlineStatus.ON_TRACK


def test_a_task_due_yesterday_and_not_done_is_overdue(make_task):
    task = make_task(due_date=TODAY - days(1), status=Task.Status.IN_PROGRESS)

    assert status_of(task) == DeadlineStatus.OVERDUE
    assert Task.objects.get(pk=task.pk).days_overdue == 1


def test_a_task_without_a_deadline_has_no_deadline(make_task):
    assert status_of(make_task(due_date=None)) == DeadlineStatus.NO_DEADLINE


def test_a_task_done_on_its_due_date_is_done_on_time(make_task):
    task = make_task(due_date=TODAY - days(5), status=Task.Status.DONE, completed_on=TODAY - days(5))

    assert status_of(task) == DeadlineStatus.DONE_ON_TIME


def test_a_task_done_the_day_after_its_due_date_is_done_late(make_task):
    task = make_task(due_date=TODAY - days(5), status=Task.Status.DONE, completed_on=TODAY - days(4))

    assert status_of(task) == DeadlineStatus.DONE_LATE


def test_a_task_done_without_a_deadline_is_done_on_time(make_task):
    task = make_task(due_date=None, status=Task.Status.DONE, completed_on=TODAY - days(4))

    assert status_of(task) == DeadlineStatus.DONE_ON_TIME


def test_lateness_is_judged_by_the_deadline_in_force_on_the_completion_date(make_task):
    # Extended afterwards to 20/03, but on the completion date (05/03) the deadline was 01/03.
    task = make_task(
        due_date=TODAY + days(10),
        completion_deadline=TODAY - days(9),
        status=Task.Status.DONE,
        completed_on=TODAY - days(5),
    )

    assert status_of(task) == DeadlineStatus.DONE_LATE


def test_a_completion_within_an_extension_granted_before_it_is_on_time(make_task):
    task = make_task(
        due_date=TODAY - days(9),
        completion_deadline=TODAY - days(2),
        status=Task.Status.DONE,
        completed_on=TODAY - days(5),
    )

    assert status_of(task) == DeadlineStatus.DONE_ON_TIME


def test_a_completion_reported_before_the_deadline_is_not_overdue_while_awaiting_acceptance(make_task):
    task = make_task(due_date=TODAY - days(2), status=Task.Status.AWAITING_ACCEPTANCE, completed_on=TODAY - days(3))

    assert status_of(task) == DeadlineStatus.ON_TRACK


def test_a_completion_reported_after_the_deadline_stays_overdue_while_awaiting_acceptance(make_task):
    task = make_task(due_date=TODAY - days(2), status=Task.Status.AWAITING_ACCEPTANCE, completed_on=TODAY - days(1))

    assert status_of(task) == DeadlineStatus.OVERDUE


def test_a_cancelled_task_has_no_deadline_status(make_task):
    task = make_task(due_date=TODAY - days(30), status=Task.Status.CANCELLED)

    assert status_of(task) is None
    assert Task.objects.get(pk=task.pk).get_deadline_status_display() == "Đã hủy"
    assert task not in Task.objects.counted()


def test_at_half_past_five_pm_utc_it_is_already_tomorrow_in_hanoi(clock, group, agency):
    clock(datetime.datetime(2026, 3, 10, 17, 30, tzinfo=UTC))
    task = TaskFactory(group=group, lead_agency=agency, due_date=datetime.date(2026, 3, 10))

    assert local_today() == datetime.date(2026, 3, 11)
    assert status_of(task) == DeadlineStatus.OVERDUE


def test_just_before_midnight_in_hanoi_a_task_due_today_is_not_yet_overdue(clock, group, agency):
    clock(datetime.datetime(2026, 3, 10, 16, 59, tzinfo=UTC))  # 23:59 in Hanoi
    task = TaskFactory(group=group, lead_agency=agency, due_date=datetime.date(2026, 3, 10))

    assert local_today() == datetime.date(2026, 3, 10)
    assert status_of(task) == DeadlineStatus.DUE_SOON


def test_labels_are_the_vietnamese_reporting_terms():
    assert [label for _, label in DeadlineStatus.choices] == [
        "Đã hoàn thành đúng hạn",
        "Đã hoàn thành quá hạn",
        "Đang thực hiện trong hạn",
        "Sắp đến hạn",
        "Quá hạn chưa hoàn thành",
        "Không có thời hạn",
    ]


def test_the_deadline_status_filter_selects_exactly_the_tasks_the_annotation_names(make_task):
    """``deadline_status_q`` (the index-friendly filter) and ``with_deadline_status`` (the CASE) agree on every
    task of a grid over the edges: each task status; no deadline, overdue by a day, due today, the last and the
    first day after the due-soon window; completed before, on and after the deadline or never; with and
    without a deadline in force at completion."""
    soon = settings.DUE_SOON_DAYS
    dues = [None, TODAY - days(1), TODAY, TODAY + days(soon), TODAY + days(soon + 1)]
    for number, (status, due, completed, completion_deadline) in enumerate(
        (status, due, completed, completion_deadline)
        for status in Task.Status
        for due in dues
        for completed in (None, -1, 0, 1)
        for completion_deadline in (None, TODAY - days(3))
    ):
        if completed is None and status in (Task.Status.DONE, Task.Status.AWAITING_ACCEPTANCE):
            continue  # a reported completion always has its date (task_completion_has_date)
        completed_on = None if completed is None else (due or TODAY) + days(completed)
        make_task(
            code=f"GRID-{number:03d}",
            status=status,
            due_date=due,
            original_due_date=due,
            completed_on=completed_on,
            completion_deadline=completion_deadline,
        )
    annotated = dict(Task.objects.with_deadline_status().values_list("pk", "deadline_status"))
    assert set(annotated.values()) == {*DeadlineStatus.values, None}  # the grid reaches every status
    for deadline_status in DeadlineStatus:
        filtered = set(Task.objects.in_deadline_status(deadline_status).values_list("pk", flat=True))
        named = {pk for pk, value in annotated.items() if value == deadline_status}
        assert filtered == named, deadline_status
    both = set(Task.objects.in_deadline_status(DeadlineStatus.OVERDUE, DeadlineStatus.DUE_SOON).values_list("pk"))
    assert len(both) == sum(1 for value in annotated.values() if value in ("overdue", "due_soon"))

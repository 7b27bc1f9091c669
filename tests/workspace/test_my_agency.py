"""My agency: what my agency leads or supports, what needs attention, what waits for a decision."""

from collections import Counter

import pytest
from django.urls import reverse

from tasks import services
from tasks.models import DeadlineStatus, Task
from tests.core.test_page_query_counts import BELL, REQUEST, queries_of
from tests.factories import TaskFactory
from tests.helpers import days

pytestmark = pytest.mark.django_db


def test_officer_sees_the_tasks_needing_attention_with_the_reason(client_for, officer, group, agency, other_agency):
    TaskFactory(group=group, code="MY-LATE", lead_agency=agency, due_date=days(-1))
    fresh = TaskFactory(group=group, code="MY-FRESH", lead_agency=agency, due_date=days(60))
    TaskFactory(group=group, code="NOT-MINE", lead_agency=other_agency, due_date=days(-1))
    services.progress_report_create(actor=officer, task=fresh, text="Đang làm", progress_percent=10)
    response = client_for(officer).get(reverse("workspace:my_agency"))
    assert [t.code for t in response.context["attention"]] == ["MY-LATE"]
    page = response.content.decode()
    assert "Chưa cập nhật" in page
    assert "Đề nghị gia hạn chờ bạn xử lý" not in page


def test_the_attention_and_waiting_lists_and_figures_of_an_agency_follow_each_rule(
    client_for, officer, group, agency, other_agency
):
    """Needing attention: an open task the agency leads or supports that is overdue, due soon, or not updated;
    waiting on the Department: a task it leads whose completion or extension awaits a decision. Both in deadline
    order; the figures count every task but the cancelled."""
    reported = []
    reported.append(TaskFactory(group=group, code="SOON", lead_agency=agency, due_date=days(3)))
    TaskFactory(group=group, code="STALE", lead_agency=agency, due_date=days(60))  # never reported on
    reported.append(TaskFactory(group=group, code="FRESH", lead_agency=agency, due_date=days(60)))
    late = TaskFactory(
        group=group, code="HELP-LATE", lead_agency=other_agency, supporting_agencies=[agency], due_date=days(-4)
    )
    TaskFactory(group=group, code="DROPPED", lead_agency=agency, due_date=days(-9), status=Task.Status.CANCELLED)
    finished = TaskFactory(group=group, code="FINISHED", lead_agency=agency, due_date=days(-2))
    theirs = TaskFactory(
        group=group, code="THEIRS", lead_agency=other_agency, supporting_agencies=[agency], due_date=days(40)
    )
    extended = TaskFactory(group=group, code="EXTEND", lead_agency=agency, due_date=days(20))
    reported += [late, theirs, extended]
    for task in reported:
        services.progress_report_create(actor=officer, task=task, text="Đang làm", progress_percent=10)
    services.task_report_completion(actor=officer, task=finished, completed_on=days(-3), evidence="Xong")
    services.extension_request_create(actor=officer, task=extended, proposed_due_date=days(90), reason="Chờ")

    context = client_for(officer).get(reverse("workspace:my_agency")).context
    assert [t.code for t in context["attention"]] == ["HELP-LATE", "SOON", "STALE"]
    assert [t.code for t in context["waiting_on_department"]] == ["FINISHED", "EXTEND"]
    counts = context["counts"]
    assert counts.total == 7  # all but DROPPED
    assert (counts.counts[DeadlineStatus.OVERDUE], counts.counts[DeadlineStatus.DUE_SOON]) == (1, 1)
    assert (
        counts.counts[DeadlineStatus.ON_TRACK] == 5
    )  # STALE, FRESH, THEIRS, EXTEND; FINISHED reported done before its deadline


def test_officer_sees_what_waits_for_the_department(client_for, officer, open_task):
    services.extension_request_create(actor=officer, task=open_task, proposed_due_date=days(90), reason="Chờ")
    page = client_for(officer).get(reverse("workspace:my_agency")).content.decode()
    assert "chờ xem xét đề nghị gia hạn" in page


def test_coordinator_sees_the_decisions_waiting_for_them(client_for, coordinator, officer, open_task, group, agency):
    services.extension_request_create(actor=officer, task=open_task, proposed_due_date=days(90), reason="Chờ")
    done = TaskFactory(group=group, code="DONE-1", lead_agency=agency, due_date=days(5))
    services.task_report_completion(actor=officer, task=done, completed_on=days(-1), evidence="Xong")
    context = client_for(coordinator).get(reverse("workspace:my_agency")).context
    assert [e.task.code for e in context["pending_extensions"]] == ["KH305-1.01"]
    assert [t.code for t in context["awaiting_acceptance"]] == ["DONE-1"]


def test_my_agency_pages_each_list_by_fifty_while_the_figures_count_every_task(client_for, officer, group, agency):
    for number in range(53):
        TaskFactory(group=group, code=f"LATE-{number:02d}", lead_agency=agency, due_date=days(-1 - number % 3))
    client = client_for(officer)
    first = client.get(reverse("workspace:my_agency"))
    second = client.get(reverse("workspace:my_agency"), {"attention_page": 2})
    shown = [t.code for t in first.context["attention"]] + [t.code for t in second.context["attention"]]
    assert len(first.context["attention"]) == 50
    assert sorted(shown) == [f"LATE-{number:02d}" for number in range(53)]  # every task once, across the pages
    assert first.context["counts"].total == 53
    page = first.content.decode()
    assert "?attention_page=2" in page
    assert "Hiển thị 1–50 trên 53" in page


@pytest.mark.parametrize(
    "kept, reads",
    [
        # The agency's figures and ordered lists kept (``agency_lists``, filled by the first view); each list's
        # paginator counts its ids in Python. Then the page of each list, only the columns a row shows (no group,
        # agency or supporting agency read).
        (True, 2),
        # Not kept (as after any write): the agency's task ids (led UNION ALL supported), then one read of its tasks'
        # few columns in the lists' order for the figures and both lists (not a pass for each), then the two pages.
        (False, 4),
    ],
)
def test_an_officers_page_costs_the_same_queries_for_three_or_sixty_tasks(
    client_for, officer, group, agency, other_agency, settings, kept, reads
):
    if not kept:
        settings.TASK_FIGURES_CACHE_SECONDS = 0
    client = client_for(officer)
    url = reverse("workspace:my_agency")

    def queries():
        client.get(url)  # fills what a first view fills (the kept lists, when kept)
        return queries_of(client, url)

    def add(count, start):
        for number in range(start, start + count):
            TaskFactory(group=group, code=f"Q-{number:02d}", lead_agency=agency, due_date=days(number % 5 - 2))
            TaskFactory(
                group=group,
                code=f"S-{number:02d}",
                lead_agency=other_agency,
                supporting_agencies=[agency],
                due_date=days(9),
            )
        # A completion waits on the Department: both lists have a page to read.
        TaskFactory(
            group=group,
            code=f"W-{start:02d}",
            lead_agency=agency,
            status="awaiting_acceptance",
            completed_on=days(-1),
            completion_evidence="Xong",
        )

    add(3, 0)
    few = queries()
    assert few == REQUEST + BELL + Counter({"SELECT tasks_task": reads})
    add(57, 3)
    assert queries() == few


def test_the_lists_kept_between_views_follow_a_write_at_once(client_for, officer, group, agency):
    """/my/ keeps the agency's lists (core.cache) between views: a completion reported moves the task from
    "needs attention" to "waiting for the Department" on the next view, not a minute later."""
    late = TaskFactory(group=group, code="MY-LATE", lead_agency=agency, due_date=days(-1))
    client = client_for(officer)
    before = client.get(reverse("workspace:my_agency")).context
    assert ([t.code for t in before["attention"]], list(before["waiting_on_department"])) == (["MY-LATE"], [])
    services.task_report_completion(actor=officer, task=late, completed_on=days(-2), evidence="Xong")
    after = client.get(reverse("workspace:my_agency")).context
    assert list(after["attention"]) == []
    assert [t.code for t in after["waiting_on_department"]] == ["MY-LATE"]
    assert after["counts"].total == 1

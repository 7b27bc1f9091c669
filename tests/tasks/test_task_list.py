"""The task list: the API's FilterSet, filters kept in the URL, sorting, pagination, badges with words."""

import pytest
from django.urls import reverse

from tasks.models import Task
from tests.factories import ProgressReportFactory, TaskFactory, TaskGroupFactory
from tests.helpers import days, vn

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(group, agency, other_agency):
    """One task in each state that matters, SXD leading all but the last."""
    return {
        "overdue": TaskFactory(
            group=group, code="A-OVERDUE", title="Việc quá hạn", lead_agency=agency, due_date=days(-3)
        ),
        "soon": TaskFactory(group=group, code="B-SOON", title="Việc sắp đến hạn", lead_agency=agency, due_date=days(2)),
        "later": TaskFactory(
            group=group,
            code="C-LATER",
            title="Việc còn xa",
            lead_agency=other_agency,
            supporting_agencies=[agency],
            due_date=days(60),
        ),
    }


def codes(response):
    return [task.code for task in response.context["tasks"]]


def test_list_shows_every_task_with_a_coloured_badge_that_also_says_its_status(client_for, viewer, tasks):
    response = client_for(viewer).get(reverse("tasks:task_list"))
    page = response.content.decode()
    assert set(codes(response)) == {"A-OVERDUE", "B-SOON", "C-LATER"}
    assert '<span class="badge badge-overdue">Quá hạn chưa hoàn thành</span>' in page
    assert '<span class="badge badge-due_soon">Sắp đến hạn</span>' in page


def test_filtering_by_deadline_status_keeps_the_filter_in_the_url_and_the_form(client_for, viewer, tasks):
    response = client_for(viewer).get(reverse("tasks:task_list") + "?deadline_status=overdue&deadline_status=due_soon")
    assert set(codes(response)) == {"A-OVERDUE", "B-SOON"}
    page = response.content.decode()
    assert 'value="overdue" id="id_deadline_status_4" checked' in page
    assert 'value="on_track" id="id_deadline_status_2">' in page
    # The exports take the same filter.
    assert "export.xlsx?deadline_status=overdue&amp;deadline_status=due_soon" in page


def test_filtering_by_lead_agency_and_by_agency_involved(client_for, viewer, tasks, agency):
    client = client_for(viewer)
    led = client.get(reverse("tasks:task_list"), {"lead_agency": agency.pk})
    assert set(codes(led)) == {"A-OVERDUE", "B-SOON"}
    involved = client.get(reverse("tasks:task_list"), {"agency": agency.pk})
    assert set(codes(involved)) == {"A-OVERDUE", "B-SOON", "C-LATER"}


def test_text_search_finds_a_task_by_its_title(client_for, viewer, tasks):
    response = client_for(viewer).get(reverse("tasks:task_list"), {"q": "sắp đến"})
    assert codes(response) == ["B-SOON"]


def test_due_date_range_is_typed_as_dd_mm_yyyy(client_for, viewer, tasks):
    response = client_for(viewer).get(
        reverse("tasks:task_list"), {"due_after": vn(days(-1)), "due_before": vn(days(30))}
    )
    assert codes(response) == ["B-SOON"]
    assert f'value="{vn(days(-1))}"' in response.content.decode()


def test_an_unknown_agency_in_the_filter_is_reported_not_a_crash(client_for, viewer, tasks):
    response = client_for(viewer).get(reverse("tasks:task_list"), {"lead_agency": "999999", "q": "Việc"})
    assert response.status_code == 200
    assert "không hợp lệ và đã được bỏ qua" in response.content.decode()
    assert len(codes(response)) == 3


def test_a_reversed_date_range_is_reported(client_for, viewer, tasks):
    response = client_for(viewer).get(reverse("tasks:task_list"), {"due_after": vn(days(5)), "due_before": vn(days(1))})
    assert "Ngày kết thúc không được trước ngày bắt đầu." in response.content.decode()


def test_sorting_by_deadline_and_back(client_for, viewer, tasks):
    client = client_for(viewer)
    ascending = client.get(reverse("tasks:task_list"), {"ordering": "due_date"})
    assert codes(ascending) == ["A-OVERDUE", "B-SOON", "C-LATER"]
    assert ascending.context["sort"]["due_date"] == {"url": "?ordering=-due_date", "state": "ascending"}
    descending = client.get(reverse("tasks:task_list"), {"ordering": "-due_date"})
    assert codes(descending) == ["C-LATER", "B-SOON", "A-OVERDUE"]


def test_each_task_shows_its_last_report_and_sorts_the_never_reported_as_the_oldest(client_for, viewer, tasks):
    ProgressReportFactory(task=tasks["overdue"], reported_on=days(-40))
    ProgressReportFactory(task=tasks["later"], reported_on=days(-2))
    client = client_for(viewer)
    page = client.get(reverse("tasks:task_list"), {"ordering": "code"}).content.decode()
    assert '<a href="?ordering=last_reported_on">Báo cáo tiến độ gần nhất</a>' in page
    assert days(-40).strftime("%d/%m/%Y") in page
    assert "<small>Chưa báo cáo</small>" in page  # B-SOON
    # The longest silent first: never reported, then the oldest report (NULLs sort differently in each database).
    assert codes(client.get(reverse("tasks:task_list"), {"ordering": "last_reported_on"})) == [
        "B-SOON",
        "A-OVERDUE",
        "C-LATER",
    ]
    assert codes(client.get(reverse("tasks:task_list"), {"ordering": "-last_reported_on"})) == [
        "C-LATER",
        "A-OVERDUE",
        "B-SOON",
    ]


def test_pagination_keeps_the_filter(client_for, viewer, agency):
    group = TaskGroupFactory(number=2)
    for n in range(30):
        TaskFactory(group=group, code=f"P-{n:02d}", lead_agency=agency, due_date=days(40))
    client = client_for(viewer)
    first = client.get(reverse("tasks:task_list"), {"q": "P-"})
    assert len(codes(first)) == 25
    assert "?q=P-&amp;page=2" in first.content.decode()
    second = client.get(reverse("tasks:task_list"), {"q": "P-", "page": 2})
    assert len(codes(second)) == 5


def test_cancelled_tasks_say_so(client_for, viewer, tasks):
    tasks["later"].status = Task.Status.CANCELLED
    tasks["later"].save()
    page = client_for(viewer).get(reverse("tasks:task_list"), {"status": "cancelled"}).content.decode()
    assert '<span class="badge badge-cancelled">Đã hủy</span>' in page


def test_only_coordinators_are_offered_to_create_a_task(client_for, officer, coordinator, tasks):
    create = reverse("tasks:task_create")
    assert create not in client_for(officer).get(reverse("tasks:task_list")).content.decode()
    assert create in client_for(coordinator).get(reverse("tasks:task_list")).content.decode()

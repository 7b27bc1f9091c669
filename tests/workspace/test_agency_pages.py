"""Agency pages: each agency's duties, its tasks by deadline status, its on-time rate."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tasks import figures
from tasks.models import DeadlineStatus, Responsibility, Task
from tests.factories import AgencyFactory, TaskFactory
from tests.helpers import days

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency_tasks(group, agency, other_agency):
    TaskFactory(group=group, code="L-1", lead_agency=agency, due_date=days(-5))
    TaskFactory(
        group=group, code="L-2", lead_agency=agency, due_date=days(-5), status=Task.Status.DONE, completed_on=days(-6)
    )
    TaskFactory(group=group, code="S-1", lead_agency=other_agency, supporting_agencies=[agency], due_date=days(10))


def test_agency_list_counts_led_tasks_by_status_supported_tasks_and_on_time_rate(
    client_for, viewer, agency, agency_tasks
):
    rows = {row["agency"]: row for row in client_for(viewer).get(reverse("workspace:agency_list")).context["rows"]}
    led = rows[agency]["led"]
    assert (led.total, led.counts[DeadlineStatus.OVERDUE], led.counts[DeadlineStatus.DONE_ON_TIME]) == (2, 1, 1)
    assert led.on_time_rate == Decimal("50.0")
    assert rows[agency]["supported"] == 1


def test_the_agency_list_leaves_cancelled_tasks_out_of_led_and_supported_counts(
    client_for, viewer, group, agency, other_agency, agency_tasks
):
    cancelled = Task.Status.CANCELLED
    TaskFactory(group=group, code="L-X", lead_agency=agency, due_date=days(-5), status=cancelled)
    TaskFactory(
        group=group,
        code="S-X",
        lead_agency=other_agency,
        supporting_agencies=[agency],
        due_date=days(3),
        status=cancelled,
    )
    rows = {row["agency"]: row for row in client_for(viewer).get(reverse("workspace:agency_list")).context["rows"]}
    assert (rows[agency]["led"].total, rows[agency]["supported"]) == (2, 1)


def test_the_agency_figures_over_some_tasks_count_only_those(group, agency, other_agency, agency_tasks):
    TaskFactory(group=group, code="S-2", lead_agency=other_agency, supporting_agencies=[agency], due_date=days(3))
    every = figures.agency_figures(Task.objects.all(), [agency.pk])
    some = figures.agency_figures(Task.objects.filter(code__in=["L-1", "S-2"]), [agency.pk])
    assert (every.led[agency.pk].total, every.supported[agency.pk]) == (2, 2)
    assert (some.led[agency.pk].total, some.supported[agency.pk]) == (1, 1)
    assert figures.agency_figures(Task.objects.none(), [agency.pk]).supported == {}


def test_the_agency_table_is_cached_shows_its_time_and_follows_a_write(
    client_for, viewer, group, agency, other_agency, agency_tasks
):
    client = client_for(viewer)
    url = reverse("workspace:agency_list")

    def row():
        response = client.get(url)
        return {r["agency"]: r for r in response.context["rows"]}[agency], response.content.decode()

    first, page = row()
    assert first["led"].total == 2 and "Số liệu lúc" in page
    assert row()[0]["led"].total == 2  # from the cache
    TaskFactory(group=group, code="L-3", lead_agency=agency, due_date=days(3))
    TaskFactory(group=group, code="S-2", lead_agency=other_agency, supporting_agencies=[agency], due_date=days(3))
    after = row()[0]
    assert (after["led"].total, after["supported"]) == (3, 2)


def test_the_agency_list_shows_fifty_agencies_a_page_in_a_stable_order_each_with_all_its_figures(
    client_for, viewer, agency, agency_tasks
):
    AgencyFactory.create_batch(60)
    client = client_for(viewer)
    url = reverse("workspace:agency_list")

    first = client.get(url).context
    second = client.get(url, {"page": 2}).context
    listed = [row["agency"] for row in first["rows"]] + [row["agency"] for row in second["rows"]]
    assert len(first["rows"]) == 50
    assert first["page_obj"].paginator.count == len(listed) == len(set(listed))
    assert listed == [row["agency"] for row in client.get(url).context["rows"]] + [
        row["agency"] for row in client.get(url, {"page": 2}).context["rows"]
    ]
    rows = {row["agency"]: row for row in first["rows"] + second["rows"]}
    assert (rows[agency]["led"].total, rows[agency]["supported"]) == (2, 1)
    assert "Hiển thị 1–50 trên" in client.get(url).content.decode()


def test_agency_page_shows_duties_and_tasks_it_leads_or_supports(client_for, officer, agency, group, agency_tasks):
    Responsibility.objects.create(
        agency=agency, plan=group.plan, text="Hướng dẫn thủ tục cấp phép, nghiệm thu hạ tầng kỹ thuật"
    )
    response = client_for(officer).get(reverse("workspace:agency_detail", args=[agency.pk]))
    page = response.content.decode()
    assert "Hướng dẫn thủ tục cấp phép" in page
    assert {t.code for t in response.context["tasks"]} == {"L-1", "L-2", "S-1"}
    assert response.context["supported"].total == 1
    assert "50,0%" in page


def test_coordinators_get_the_follow_up_letter_button_on_an_agency_page(client_for, coordinator, officer, agency):
    url = reverse("workspace:agency_detail", args=[agency.pk])
    letter = reverse("notifications:letter_create")
    assert letter in client_for(coordinator).get(url).content.decode()
    assert letter not in client_for(officer).get(url).content.decode()

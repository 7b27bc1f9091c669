""" "Chờ tôi xử lý": each role lands where its work is and finds on top what waits on it, and nobody else's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tasks import services
from tests.factories import TaskFactory
from tests.helpers import days
from workspace.waiting import LIMIT, department_groups

from .conftest import send_bieu02

pytestmark = pytest.mark.django_db

PANEL = "Chờ tôi xử lý"


@pytest.fixture
def decisions_waiting(half_year, officer, open_task, group, agency, report_forms, cluster, investor):
    """An extension request, a completion and a Biểu 02, all waiting for the Department."""
    services.extension_request_create(actor=officer, task=open_task, proposed_due_date=days(90), reason="Chờ")
    done = TaskFactory(group=group, code="DONE-1", title="Nhiệm vụ đã xong", lead_agency=agency, due_date=days(5))
    services.task_report_completion(actor=officer, task=done, completed_on=days(-1), evidence="Xong")
    send_bieu02(investor, half_year, report_forms, cluster)


# --- where each role lands -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "lands_on"),
    [
        ("coordinator", "dashboard"),
        ("viewer", "dashboard"),
        ("officer", "workspace:my_agency"),
        ("investor", "reporting:home"),
        ("commune_reporter", "reporting:home"),
    ],
)
def test_each_role_lands_where_its_work_is(request, client, password, user, lands_on, hanoi_clock):
    person = request.getfixturevalue(user)
    response = client.post(reverse("login"), {"username": person.username, "password": password}, follow=True)

    assert response.redirect_chain[-1][0] == reverse(lands_on)
    assert response.status_code == 200


# --- the coordinator -------------------------------------------------------------------------------------------


def test_the_coordinator_finds_every_decision_waiting_on_top_of_the_dashboard(
    client_for, coordinator, decisions_waiting, cluster
):
    page = client_for(coordinator).get(reverse("dashboard")).content.decode()

    panel = page[page.index(PANEL) : page.index("</section>", page.index(PANEL))]
    assert page.index(PANEL) < page.index("Tổng quan thực hiện kế hoạch") + 2000  # above the figures
    assert "Đề nghị gia hạn chờ quyết định" in panel and "KH305-1.01" in panel
    assert "Báo cáo hoàn thành chờ xác nhận" in panel and "DONE-1" in panel
    assert "Báo cáo Biểu 02, 03 chờ tiếp nhận" in panel and cluster.name in panel


def test_a_coordinator_is_told_which_request_is_their_own_to_leave_to_another(
    client_for, coordinator, second_coordinator, open_task
):
    services.extension_request_create(actor=coordinator, task=open_task, proposed_due_date=days(90), reason="Chờ")

    mine = client_for(coordinator).get(reverse("dashboard")).content.decode()
    theirs = client_for(second_coordinator).get(reverse("dashboard")).content.decode()

    assert "do bạn gửi: một cán bộ điều phối khác quyết định" in mine
    assert "do bạn gửi" not in theirs


def test_the_panel_says_when_nothing_waits(client_for, coordinator, group):
    page = client_for(coordinator).get(reverse("dashboard")).content.decode()

    assert PANEL in page
    assert "Không có việc nào đang chờ bạn xử lý." in page


def test_the_dashboard_shows_no_panel_to_those_who_decide_nothing(client_for, officer, viewer, decisions_waiting):
    assert PANEL not in client_for(officer).get(reverse("dashboard")).content.decode()
    assert PANEL not in client_for(viewer).get(reverse("dashboard")).content.decode()


def test_the_coordinators_panel_costs_one_query_per_group(coordinator, decisions_waiting):
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)  # no cached membership
    with CaptureQueriesContext(connection) as queries:
        groups = department_groups(coordinator)
    # 1. the coordinator's membership (scoping, then cached on the user)
    # 2. the first extension requests waiting, with their tasks
    # 3. the first completions waiting
    # 4. the first Biểu 02/03 waiting, with period, form, cluster and commune
    assert len(queries) == 4, [q["sql"] for q in queries]
    assert [group["total"] for group in groups] == [1, 1, 1]


def test_a_longer_list_shows_its_first_items_and_counts_them_all(coordinator, officer, group, agency):
    for number in range(LIMIT + 2):
        task = TaskFactory(group=group, code=f"EXT-{number}", lead_agency=agency, due_date=days(30))
        services.extension_request_create(actor=officer, task=task, proposed_due_date=days(90), reason="Chờ")
    coordinator = type(coordinator).objects.get(pk=coordinator.pk)

    with CaptureQueriesContext(connection) as queries:
        extensions = department_groups(coordinator)[0]
    # membership; the first extensions and their count; the first completions; the first Biểu 02/03
    assert len(queries) == 5, [q["sql"] for q in queries]
    assert extensions["total"] == LIMIT + 2
    assert [item["code"] for item in extensions["items"]] == [f"EXT-{n}" for n in range(LIMIT)]


# --- officers -----------------------------------------------------------------------------------------------


def test_an_officer_finds_their_agencys_late_and_unreported_tasks_and_nobody_elses(
    client_for, officer, group, agency, other_agency, decisions_waiting
):
    TaskFactory(group=group, code="MY-LATE", lead_agency=agency, due_date=days(-1))
    TaskFactory(group=group, code="NOT-MINE", lead_agency=other_agency, due_date=days(-1))

    page = client_for(officer).get(reverse("workspace:my_agency")).content.decode()

    panel = page[page.index(PANEL) : page.index("</section>", page.index(PANEL))]
    assert "MY-LATE" in panel and "Quá hạn" in panel
    assert "NOT-MINE" not in panel
    assert "chờ quyết định" not in panel and "chờ tiếp nhận" not in panel  # the Department's decisions are not theirs


def test_the_officers_panel_adds_no_query_to_their_page(client_for, officer, group, agency, monkeypatch):
    TaskFactory(group=group, code="MY-LATE", lead_agency=agency, due_date=days(-1))
    client = client_for(officer)
    client.get(reverse("workspace:my_agency"))  # warm the figures' cache

    with CaptureQueriesContext(connection) as with_panel:
        response = client.get(reverse("workspace:my_agency"))
    assert response.context["waiting"][0]["total"] == 1
    monkeypatch.setattr("workspace.waiting.agency_groups", lambda attention: None)
    with CaptureQueriesContext(connection) as without_panel:
        assert client.get(reverse("workspace:my_agency")).context["waiting"] is None

    # The panel reads the first rows of the page's own "Nhiệm vụ cần chú ý": nothing is read for it alone.
    assert len(with_panel) == len(without_panel)


# --- reporters ---------------------------------------------------------------------------------------------


def test_an_investor_finds_their_reports_due_and_not_another_investors(
    client_for, investor, other_investor, half_year, cluster, sibling_cluster
):
    page = client_for(investor).get(reverse("reporting:home")).content.decode()

    panel = page[page.index(PANEL) : page.index("</section>", page.index(PANEL))]
    assert "Báo cáo định kỳ đến hạn phải gửi" in panel
    assert cluster.name in panel
    assert sibling_cluster.name not in panel


def test_a_report_sent_no_longer_waits(client_for, investor, half_year, report_forms, cluster):
    send_bieu02(investor, half_year, report_forms, cluster)

    page = client_for(investor).get(reverse("reporting:home")).content.decode()

    assert "Không có việc nào đang chờ bạn xử lý." in page


def test_a_commune_finds_its_biểu_03_due(client_for, commune_reporter, half_year, cluster, commune):
    page = client_for(commune_reporter).get(reverse("reporting:home")).content.decode()

    panel = page[page.index(PANEL) : page.index("</section>", page.index(PANEL))]
    assert "Biểu 03" in panel and commune.name in panel
    assert "Biểu 02" not in panel  # the clusters' Biểu 02 are their investors' to send


def test_the_reporters_panel_adds_one_query_to_their_home(client_for, investor, half_year, cluster, monkeypatch):
    client = client_for(investor)
    client.get(reverse("reporting:home"))

    with CaptureQueriesContext(connection) as with_panel:
        assert client.get(reverse("reporting:home")).context["waiting"][0]["total"] == 1
    monkeypatch.setattr("reporting.views.ReportingHomeView.waiting", staticmethod(lambda mine, periods: None))
    with CaptureQueriesContext(connection) as without_panel:
        client.get(reverse("reporting:home"))

    # The panel filters the page's own list of the reporter's reports; it reads only which periods are still open
    # (their Biểu 04 not issued).
    assert len(with_panel) == len(without_panel) + 1
    bieu04 = [sum("reporting_bieu04" in q["sql"] for q in run.captured_queries) for run in (with_panel, without_panel)]
    assert bieu04[0] == bieu04[1] + 1

"""The plan pages ("Kế hoạch") and the API's plans: a coordinator makes the next plan and carries unfinished tasks
over; the dashboard, the task list and the API show the chosen plan, today's by default."""

import datetime

import pytest
from django.urls import reverse

from tasks import planning
from tasks.models import Plan, Task
from tests.factories import PlanFactory, TaskFactory, TaskGroupFactory

D = datetime.date


@pytest.fixture
def plans(db, agency):
    """2026's plan (in force since 12/11/2025) with two unfinished tasks, and a 2027 plan issued in the future."""
    old = PlanFactory()
    old_group = TaskGroupFactory(plan=old, number=1, name="Cơ chế, chính sách")
    TaskFactory(group=old_group, code="KH305-1.01", title="Quy chế quản lý cụm", lead_agency=agency)
    TaskFactory(group=old_group, code="KH305-1.02", title="Rà soát quỹ đất", lead_agency=agency)
    new = PlanFactory(
        number="12/KH-UBND", year=2027, issued_on=D(2099, 1, 1), period_start=D(2027, 1, 1), period_end=D(2027, 12, 31)
    )
    TaskGroupFactory(plan=new, number=1, name="Cơ chế, chính sách")
    TaskFactory(group=new.task_groups.get(), code="KH12-1.01", title="Nhiệm vụ mới của 2027", lead_agency=agency)
    return old, new


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_task_list_shows_todays_plan_unless_another_is_chosen(client_for, viewer, plans):
    old, new = plans
    client = client_for(viewer)

    default = page(client, reverse("tasks:task_list"))
    chosen = page(client, reverse("tasks:task_list") + f"?plan={new.pk}")

    assert "KH305-1.01" in default and "KH12-1.01" not in default
    assert "kế hoạch đang có hiệu lực" in default
    assert "KH12-1.01" in chosen and "KH305-1.01" not in chosen


def test_the_dashboard_shows_the_chosen_plan(client_for, viewer, plans):
    old, new = plans
    client = client_for(viewer)

    assert "Kế hoạch 305/KH-UBND ngày" in page(client, reverse("dashboard"))
    assert "Kế hoạch 12/KH-UBND ngày" in page(client, reverse("dashboard") + f"?plan={new.pk}")


def test_the_plan_list_marks_todays_plan_and_offers_a_new_one_to_coordinators(client_for, coordinator, viewer, plans):
    listed = page(client_for(coordinator), reverse("tasks:plan_list"))

    assert "Đang có hiệu lực" in listed and "Lập kế hoạch mới" in listed
    assert "Lập kế hoạch mới" not in page(client_for(viewer), reverse("tasks:plan_list"))
    assert ">Kế hoạch</a>" in listed  # in the navigation


def test_a_coordinator_creates_a_plan_with_seven_groups_from_the_page(client_for, coordinator, db):
    data = {
        "number": "12/KH-UBND",
        "title": "Kế hoạch năm 2027",
        "issued_on": "01/12/2026",
        "issuing_body": "UBND Thành phố Hà Nội",
        "year": "2027",
        "period_start": "01/01/2027",
        "period_end": "31/12/2027",
        "groups-TOTAL_FORMS": "8",
        "groups-INITIAL_FORMS": "0",
    }
    for n in range(7):
        data[f"groups-{n}-name"] = f"Nhóm {n + 1}"
        data[f"groups-{n}-ORDER"] = str(7 - n)  # typed in reverse order
    response = client_for(coordinator).post(reverse("tasks:plan_create"), data)

    plan = Plan.objects.get(number="12/KH-UBND")
    assert response.status_code == 302
    assert [g.name for g in plan.task_groups.all()] == [f"Nhóm {n}" for n in range(7, 0, -1)]


def test_a_plan_with_a_bad_period_is_refused_in_vietnamese(client_for, coordinator, db):
    data = {
        "number": "12/KH-UBND",
        "title": "Kế hoạch năm 2027",
        "issued_on": "01/12/2026",
        "issuing_body": "UBND",
        "year": "2027",
        "period_start": "31/12/2027",
        "period_end": "01/01/2027",
        "groups-TOTAL_FORMS": "1",
        "groups-INITIAL_FORMS": "0",
        "groups-0-name": "Nhóm 1",
    }
    response = client_for(coordinator).post(reverse("tasks:plan_create"), data)

    assert response.status_code == 200
    assert "Ngày kết thúc kỳ kế hoạch không được trước ngày bắt đầu." in response.content.decode()
    assert not Plan.objects.filter(number="12/KH-UBND").exists()


def test_add_row_shows_one_more_group_row_and_saves_nothing(client_for, coordinator, db):
    data = {"number": "12/KH-UBND", "groups-TOTAL_FORMS": "2", "groups-INITIAL_FORMS": "0", "add_row": "1"}
    content = client_for(coordinator).post(reverse("tasks:plan_create"), data).content.decode()

    assert 'name="groups-2-name"' in content and 'value="12/KH-UBND"' in content
    assert not Plan.objects.exists()


def test_the_carry_over_page_lists_unfinished_tasks_and_carries_the_chosen_ones(client_for, coordinator, plans):
    old, new = plans
    client = client_for(coordinator)
    url = reverse("tasks:plan_carry_over", args=[new.pk])
    shown = page(client, url + f"?from={old.pk}")
    first, second = Task.objects.filter(group__plan=old).order_by("code")
    old_group = old.task_groups.get()

    response = client.post(
        url,
        {
            "from": old.pk,
            "tasks": [first.pk],
            f"group_{old_group.pk}": new.task_groups.get().pk,
            "deadline": "new",
            "due_date": "30/06/2027",
            "code_prefix": "KH2027-",
            "reason": "Chưa hoàn thành năm 2026",
        },
    )

    assert "KH305-1.01" in shown and "KH305-1.02" in shown and "Chọn tất cả" in shown
    assert response.status_code == 302 and response.url.endswith(f"?plan={new.pk}")
    carried = Task.objects.get(continues=first)
    assert (carried.code, carried.due_date) == ("KH2027-KH305-1.01", D(2027, 6, 30))
    old_page = page(client, reverse("tasks:task_detail", args=[first.pk]))
    new_page = page(client, reverse("tasks:task_detail", args=[carried.pk]))
    assert "Được chuyển tiếp sang Kế hoạch 12/KH-UBND (nhiệm vụ" in old_page and "KH2027-KH305-1.01" in old_page
    assert "Tiếp nối nhiệm vụ" in new_page and "của Kế hoạch 305/KH-UBND" in new_page
    again = page(client, url + f"?from={old.pk}")  # a carried task is no longer offered
    assert reverse("tasks:task_detail", args=[first.pk]) not in again
    assert reverse("tasks:task_detail", args=[second.pk]) in again


def test_a_new_deadline_chosen_without_a_date_is_refused_on_the_page(client_for, coordinator, plans):
    old, new = plans
    task = Task.objects.filter(group__plan=old).first()
    response = client_for(coordinator).post(
        reverse("tasks:plan_carry_over", args=[new.pk]),
        {
            "from": old.pk,
            "tasks": [task.pk],
            f"group_{old.task_groups.get().pk}": new.task_groups.get().pk,
            "deadline": "new",
            "code_prefix": "KH2027-",
            "reason": "Chuyển tiếp",
        },
    )

    assert "Cần nhập thời hạn mới, hoặc chọn giữ thời hạn đang có hiệu lực." in response.content.decode()
    assert not Task.objects.filter(continues=task).exists()


def test_an_officer_may_not_open_the_carry_over_page(client_for, officer, plans):
    old, new = plans
    assert client_for(officer).get(reverse("tasks:plan_carry_over", args=[new.pk])).status_code == 403


# --- the API -------------------------------------------------------------------------------------------------


def test_the_api_task_list_narrows_to_a_plan(viewer_api, plans):
    old, new = plans

    codes = [row["code"] for row in viewer_api.get(f"/api/v1/tasks/?plan={new.pk}").json()["results"]]

    assert codes == ["KH12-1.01"]


def test_the_api_marks_and_answers_todays_plan(viewer_api, plans):
    old, new = plans

    listed = {row["number"]: row["in_force"] for row in viewer_api.get("/api/v1/plans/").json()["results"]}

    assert listed == {"305/KH-UBND": True, "12/KH-UBND": False}
    assert viewer_api.get("/api/v1/plans/current/").json()["id"] == old.pk


def test_a_coordinator_creates_a_plan_with_its_groups_over_the_api(coordinator_api, db):
    response = coordinator_api.post(
        "/api/v1/plans/",
        {
            "number": "12/KH-UBND",
            "title": "Kế hoạch năm 2027",
            "issued_on": "2026-12-01",
            "year": 2027,
            "period_start": "2027-01-01",
            "period_end": "2027-12-31",
            "groups": [{"name": "Nhóm A"}, {"name": "Nhóm B"}, {"name": "Nhóm C"}],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    plan = Plan.objects.get(pk=response.json()["id"])
    assert [g.name for g in plan.task_groups.all()] == ["Nhóm A", "Nhóm B", "Nhóm C"]


def test_the_api_refuses_a_second_carry_over_of_a_task_with_a_field_error(coordinator_api, coordinator, plans):
    old, new = plans
    task = Task.objects.filter(group__plan=old).first()
    body = {
        "tasks": [task.pk],
        "group_map": {str(old.task_groups.get().pk): new.task_groups.get().pk},
        "code_prefix": "KH2027-",
        "reason": "Chuyển tiếp",
    }

    first = coordinator_api.post(f"/api/v1/plans/{new.pk}/carry-over/", body, format="json")
    second = coordinator_api.post(f"/api/v1/plans/{new.pk}/carry-over/", {**body, "code_prefix": "L-"}, format="json")

    assert first.status_code == 201 and first.json()[0]["continues"] == task.pk
    assert second.status_code == 400
    assert "đã được chuyển tiếp sang Kế hoạch 12/KH-UBND" in second.json()["tasks"][0]


def test_planning_leaves_no_five_group_limit_over_the_api(coordinator, db):
    plan = planning.plan_create(
        actor=coordinator,
        groups=[{"name": f"Nhóm {n}"} for n in range(1, 8)],
        number="7/KH",
        title="Bảy nhóm",
        issued_on=D(2026, 1, 2),
        year=2026,
        period_start=D(2026, 1, 1),
        period_end=D(2026, 12, 31),
    )
    assert plan.task_groups.count() == 7

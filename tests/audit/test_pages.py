"""The audit log for coordinators: every change and login, filterable by user, agency, kind and dates."""

import pytest
from django.urls import reverse

from tasks import services
from tests.helpers import days, vn

pytestmark = pytest.mark.django_db


def test_coordinator_reads_who_changed_what_from_what_to_what_and_why(
    client_for, coordinator, second_coordinator, open_task
):
    services.task_update(actor=second_coordinator, task=open_task, reason="Theo chỉ đạo", title="Tên mới")
    response = client_for(coordinator).get(reverse("audit:audit_log"), {"kind": "tasks.task"})
    page = response.content.decode()
    assert "Trần Anna" in page and "Theo chỉ đạo" in page
    assert (
        '<span class="old">Xây dựng quy chế quản lý cụm công nghiệp</span> → <span class="new">Tên mới</span>' in page
    )
    assert reverse("tasks:task_detail", args=[open_task.pk]) in page


def test_the_log_filters_by_user(client_for, coordinator, second_coordinator, officer, open_task):
    services.task_update(actor=second_coordinator, task=open_task, reason="Theo chỉ đạo", title="Tên mới")
    services.progress_report_create(actor=officer, task=open_task, text="x", progress_percent=5)
    rows = client_for(coordinator).get(reverse("audit:audit_log"), {"user": officer.pk}).context["rows"]
    assert rows and {row.user_label for row in rows} == {"Lê Bob"}


def test_the_log_filters_by_date_typed_as_dd_mm_yyyy(client_for, coordinator, second_coordinator, open_task):
    services.task_update(actor=second_coordinator, task=open_task, reason="Hôm nay", title="Tên mới")
    client = client_for(coordinator)
    assert client.get(reverse("audit:audit_log"), {"date_from": vn(days(0))}).context["rows"]
    assert not client.get(reverse("audit:audit_log"), {"date_from": vn(days(1))}).context["rows"]


def test_logins_are_in_the_log(client, client_for, coordinator, officer, password):
    client.post(reverse("login"), {"username": officer.username, "password": password})
    rows = client_for(coordinator).get(reverse("audit:audit_log"), {"kind": "auth"}).context["rows"]
    assert any(row.action_label == "Đăng nhập" and row.user_label == "Lê Bob" for row in rows)


def test_a_reversed_date_range_is_refused_in_vietnamese(client_for, coordinator):
    response = client_for(coordinator).get(
        reverse("audit:audit_log"), {"date_from": vn(days(2)), "date_to": vn(days(1))}
    )
    page = response.content.decode()
    assert "Ngày kết thúc không được trước ngày bắt đầu." in page
    assert "không hợp lệ và đã được bỏ qua" in page and "Chưa lưu được" not in page, "a filter, not a save"


@pytest.mark.parametrize("role", ["viewer", "officer"])
def test_viewers_and_officers_may_not_read_the_audit_log(request, role, client_for):
    assert client_for(request.getfixturevalue(role)).get(reverse("audit:audit_log")).status_code == 403

"""The audit log for coordinators: every change and login, filterable by user, agency, kind and dates."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuthEvent
from audit.rows import audit_rows
from audit.selectors import AuditLog
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


def test_the_log_pages_older_and_newer_without_gaps_or_repeats_while_rows_are_added(
    client_for, coordinator, officer, open_task, monkeypatch
):
    clock = [timezone.now()]
    # Every row at one instant: only the kind and the id order them, the hardest case for a keyset.
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    for number in range(30):
        services.progress_report_create(actor=officer, task=open_task, text=f"Lần {number}", progress_percent=number)
    AuthEvent.objects.bulk_create(AuthEvent(kind=AuthEvent.Kind.LOGIN, user=officer, username="bob") for _ in range(60))
    client, url = client_for(coordinator), reverse("audit:audit_log")
    logged = {(row.kind, row.id) for row in audit_rows(AuditLog()[0:1000])}
    assert len(logged) > 100
    clock[0] += datetime.timedelta(seconds=1)  # what happens while someone reads the log happens later

    pages, query = [], {}
    while query is not None:
        response = client.get(url, query)
        pages.append([(row.kind, row.id) for row in response.context["rows"]])
        # Newer rows arrive while someone reads: they go on top and never push a row onto the next page.
        AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, user=officer, username="bob")
        query = {"before": response.context["older"]} if response.context["older"] else None

    shown = [key for page in pages for key in page]
    assert len(pages) >= 3 and len(pages[0]) == 50
    assert len(shown) == len(set(shown))  # no row twice
    assert set(shown) == logged  # none left out; the rows added meanwhile are on top, not on the later pages
    # "Mới hơn" from the second page is the first page again.
    first = client.get(url)
    back = client.get(url, {"after": client.get(url, {"before": first.context["older"]}).context["newer"]})
    assert [(row.kind, row.id) for row in back.context["rows"]] == [(row.kind, row.id) for row in first.context["rows"]]
    assert "Cũ hơn" in back.content.decode()


def test_a_hand_edited_page_link_shows_the_newest_rows(client_for, coordinator):
    response = client_for(coordinator).get(reverse("audit:audit_log"), {"before": "hôm qua", "after": "1.x.2"})
    assert response.status_code == 200

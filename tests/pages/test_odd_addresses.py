"""Odd addresses and filter values a person may type or paste: a clear answer, never a server error."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"

ODD_URLS = [
    f"/tasks/{HUGE}/",
    f"/tasks/{HUGE}/edit/",
    f"/clusters/{HUGE}/",
    f"/agencies/{HUGE}/",
    f"/tasks/attachments/{HUGE}/",
    "/tasks/?page=abc",
    "/tasks/?page=999999",
    "/tasks/?page=-1",
    f"/tasks/?group={HUGE}",
    "/tasks/?lead_agency=abc",
    "/tasks/?deadline_status=not-a-status",
    "/tasks/?status=done&status=%00",
    "/tasks/?due_after=31/02/2026",
    "/tasks/?due_after=2026-12-31&due_before=2026-01-01",
    "/tasks/?ordering=password",
    "/tasks/?q=%F0%9F%8F%AD%20c%E1%BB%A5m",
    "/tasks/export.xlsx?due_before=abc",
    "/tasks/export.csv?group=-5",
    "/clusters/?area_min=abc&occupancy_max=1e999",
    f"/clusters/?commune={HUGE}",
    "/audit/?date_from=2026-13-45&user=abc",
    "/audit/?page=0",
    "/audit/export.csv?kind=nothing",
    "/my/?page=x",
]


@pytest.mark.parametrize("url", ODD_URLS)
def test_an_odd_address_gets_a_clear_answer_not_a_server_error(url, client_for, coordinator, task):
    response = client_for(coordinator).get(url)
    assert response.status_code in (200, 302, 400, 404), f"{url}: {response.status_code}"


def test_an_impossible_date_in_the_filter_is_explained_in_vietnamese(client_for, coordinator, task):
    response = client_for(coordinator).get(reverse("tasks:task_list") + "?due_after=31/02/2026")
    assert response.status_code in (200, 400)
    assert "Nhập một ngày hợp lệ" in response.content.decode() or "ngày hợp lệ" in response.content.decode()

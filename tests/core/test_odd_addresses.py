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
    assert "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy" in response.content.decode()


ODD_POSTS = [
    ("progress_report_create", {"progress-text": "x", "progress-progress_percent": HUGE}),
    ("progress_report_create", {"progress-text": "\x00", "progress-progress_percent": "abc"}),
    ("extension_request_create", {"extension-proposed_due_date": "31/02/2026", "extension-reason": "x"}),
    ("extension_request_create", {"extension-proposed_due_date": "01/01/99999", "extension-reason": "x"}),
    ("task_report_completion", {"completion-completed_on": "", "completion-evidence": "", "completion-version": HUGE}),
    ("task_cancel", {"cancel-reason": "Trùng", "cancel-version": HUGE}),
    ("task_update", {"title": "x" * 600, "lead_agency": HUGE, "group": "abc", "version": "-1", "reason": ""}),
]


@pytest.mark.parametrize(("name", "data"), ODD_POSTS)
def test_an_odd_form_submission_gets_an_answer_and_writes_nothing(name, data, client_for, coordinator, task):
    before = task.history.count()
    response = client_for(coordinator).post(reverse(f"tasks:{name}", args=[task.pk]), data)
    assert response.status_code in (200, 400, 409), response.status_code
    assert task.history.count() == before

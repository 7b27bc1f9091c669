"""Forms that never lose work, in a real Chromium: the session warning keeps a session going, and a report typed
while the session ended comes back filled after logging in again, and saves."""

import datetime
import re

import pytest
from django.contrib.sessions.models import Session as StoredSession

from tasks.models import ProgressReport, local_today
from tests.factories import TEST_PASSWORD, TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = "Đã hoàn thành dự thảo quy chế, đang lấy ý kiến các sở (gõ trước khi phiên hết hạn)."


@pytest.fixture
def report_task(group, agency, other_agency):
    return TaskFactory(
        group=group,
        code="KH305-1.01",
        title="Xây dựng quy chế quản lý cụm công nghiệp",
        lead_agency=agency,
        supporting_agencies=[other_agency],
        start_date=local_today() - datetime.timedelta(days=60),
        due_date=local_today() + datetime.timedelta(days=20),
    )


def test_a_report_typed_while_the_session_ended_is_saved_after_logging_in_again(
    session, officer, report_task, live_server
):
    bob = session()
    bob.login("bob", TEST_PASSWORD)
    page = bob.page
    bob.goto(f"/tasks/{report_task.pk}/")
    page.locator("#form-tien-do > summary").click()
    page.get_by_label("Tiến độ (%)").fill("40")
    page.get_by_label("Nội dung báo cáo").fill(TYPED)

    StoredSession.objects.all().delete()  # the session ends while the form is open
    page.get_by_role("button", name="Gửi báo cáo tiến độ").click()

    page.wait_for_url("**/accounts/login/**")
    assert (
        "Phiên làm việc đã hết hạn. Đăng nhập lại để lưu những gì bạn đã nhập."
        in page.locator(".messages").inner_text()
    )
    assert not ProgressReport.objects.exists()
    page.get_by_label("Tên đăng nhập").fill("bob")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    # Back on the task's page; the page's script may already have taken the token out of the address.
    page.wait_for_url(re.compile(rf"/tasks/{report_task.pk}/(\?kept=.*)?$"))
    page.wait_for_function("!location.search.includes('kept=')")  # the spent token leaves the address
    assert page.get_by_label("Nội dung báo cáo").input_value() == TYPED
    assert page.get_by_label("Tiến độ (%)").input_value() == "40"
    assert "đã được điền lại" in page.locator(".kept-form-note").inner_text()
    bob.screenshot("kept-form-refilled")
    page.get_by_role("button", name="Gửi báo cáo tiến độ").click()
    page.locator(".msg-success").wait_for()

    report = ProgressReport.objects.get(task=report_task)
    assert (report.text, report.progress_percent) == (TYPED, 40)
    assert bob.errors == []


def test_the_warning_before_the_session_ends_keeps_it_going(session, officer, report_task, settings):
    settings.SESSION_COOKIE_AGE = 16  # the warning shows 8 seconds before the end (at most half the timeout)
    bob = session()
    bob.login("bob", TEST_PASSWORD)
    page = bob.page

    warning = page.get_by_role("alertdialog", name="Phiên làm việc sắp hết hạn")
    warning.wait_for(timeout=15_000)
    assert "còn" in warning.inner_text()
    bob.screenshot("session-warning")
    warning.get_by_role("button", name="Tiếp tục làm việc").click()
    warning.wait_for(state="hidden")

    status = page.evaluate("fetch('/accounts/session/').then(r => r.json())")
    assert status["authenticated"] is True and status["expires_in"] > 8
    assert bob.errors == []

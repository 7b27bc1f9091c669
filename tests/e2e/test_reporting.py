"""One half-year of the Circular 14 cycle walked in a real Chromium (issue 13, "Done when"): an investor fills in
and sends Biểu 02, a coordinator returns it with a reason, the investor corrects and sends it again, the
coordinator accepts it, the commune sends Biểu 03, the tracker shows who is late, and Biểu 04 is issued with rows
equal to the sums of the accepted reports and the register's counts."""

import datetime

import pytest

from clusters.models import ClusterReport
from reporting.models import Bieu04, Submission, SubmissionValue
from tests.factories import TEST_PASSWORD, SignatoryFactory
from tests.reporting.conftest import BIEU02

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(session, username):
    """A reporter's login lands on the reporting page (the dashboard sends them there)."""
    user = session()
    user.goto("/accounts/login/")
    user.page.get_by_label("Tên đăng nhập").fill(username)
    user.page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    user.page.get_by_role("button", name="Đăng nhập").click()
    return user


def send_form(page, values=None):
    """Type ``values`` (key → text) over the pre-filled table, 0 in any row still blank, sign and send."""
    for key, value in (values or {}).items():
        page.locator(f"#id_v_{key}").fill(value)
    for box in page.locator("input.input-number").all():
        if not box.input_value():
            box.fill("0")
    if not page.get_by_label("Người ký", exact=True).input_value():
        page.get_by_label("Người ký", exact=True).fill("Trần Văn A")
    page.get_by_label("Chức vụ người ký").fill("Giám đốc")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.locator(".msg-success").wait_for()


def test_a_half_year_of_reports_from_investor_to_tracker(
    session, hanoi_clock, half_year, cluster, sibling_cluster, investor, coordinator, commune_reporter, department
):
    SignatoryFactory(department=department, full_name="Nguyễn Văn A", title="Giám đốc")
    # 1. The investor lands on their reports, opens their cluster's Biểu 02, completes it and sends it.
    dung = log_in(session, investor.username)
    page = dung.page
    page.wait_for_url("**/reporting/")
    assert page.locator("#site-nav").inner_text().strip() == "Báo cáo định kỳ"
    page.get_by_role("link", name="Lập, gửi báo cáo").first.click()
    assert page.locator("#id_v_approved_investment").input_value() == "250"  # pre-filled from the register
    send_form(page, BIEU02)
    submission = Submission.objects.get(cluster=cluster, period=half_year)
    assert submission.state == Submission.State.SUBMITTED
    dung.screenshot("reporting-sent")

    # 2. The coordinator finds it on the tracker and returns it with a reason.
    alice = session()
    alice.login("alice", TEST_PASSWORD)
    page = alice.page
    alice.goto("/reporting/")
    page.get_by_role("link", name="Tình hình nộp báo cáo").first.click()
    page.get_by_role("link", name=cluster.name).click()
    page.get_by_label("Lý do trả lại").fill("Tỷ lệ lấp đầy chưa khớp diện tích đã cho thuê")
    page.get_by_role("button", name="Trả lại").click()
    page.locator(".msg-success").wait_for()
    assert Submission.objects.get(pk=submission.pk).state == Submission.State.RETURNED

    # 3. The investor sees why, corrects the row and sends it again.
    page = dung.page
    dung.goto("/reporting/")
    page.get_by_role("link", name="Lập, gửi báo cáo").first.click()
    assert "Tỷ lệ lấp đầy chưa khớp diện tích đã cho thuê" in page.locator(".form-errors").inner_text()
    send_form(page, {"occupancy": "61,5"})
    assert Submission.objects.get(pk=submission.pk).state == Submission.State.SUBMITTED

    # 4. The coordinator accepts it: the figures go into the register, every step is in the history.
    page = alice.page
    page.reload()
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    page.locator(".msg-success").wait_for()
    report = ClusterReport.objects.get(cluster=cluster, year=2026, period="half_year")
    assert (report.tenant_projects, report.leased_land_ha) == (12, 9)
    history = page.locator("ol.timeline").inner_text()
    assert "Tỷ lệ lấp đầy chưa khớp diện tích đã cho thuê" in history and "Tiếp nhận báo cáo" in history

    # 5. The commune sends its Biểu 03, pre-filled from the register and the accepted Biểu 02.
    hang = log_in(session, commune_reporter.username)
    page = hang.page
    page.wait_for_url("**/reporting/")
    page.get_by_role("link", name="Lập, gửi báo cáo").first.click()
    assert page.locator("#id_v_leased_land").input_value() == "9"  # from the accepted Biểu 02
    send_form(page)
    assert Submission.objects.get(commune=commune_reporter.memberships.get().agency.commune, cluster=None).state == (
        Submission.State.SUBMITTED
    )

    # 6. A week after the due date, the tracker shows who is late: investor B never sent the sibling's Biểu 02.
    hanoi_clock.move_to(datetime.date(2026, 6, 27))
    alice.login("alice", TEST_PASSWORD)  # a week on, the session has timed out
    page = alice.page
    alice.goto(f"/reporting/periods/{half_year.pk}/tracker/")
    late = page.locator("tr.row-overdue")
    assert late.count() == 1 and sibling_cluster.name in late.inner_text() and "7 ngày" in late.inner_text()
    assert "Chưa lập" in late.inner_text()
    alice.screenshot("reporting-tracker")

    # 7. The coordinator accepts the commune's Biểu 03, opens the period's Biểu 04 and issues it: its rows are the
    # register's counts and the sums of the accepted reports, and stay as issued.
    page.get_by_role("link", name=commune_reporter.memberships.get().agency.commune.name).click()
    page.get_by_role("button", name="Tiếp nhận", exact=True).click()
    page.locator(".msg-success").wait_for()
    alice.goto(f"/reporting/periods/{half_year.pk}/tracker/")
    page.get_by_role("link", name="Biểu 04 của kỳ").click()

    def shown(key):
        return page.locator(f'tr[data-key="{key}"] td[data-value]').inner_text().strip()

    def accepted_sum(form, key):
        values = SubmissionValue.objects.filter(
            submission__period=half_year, submission__form__code=form, submission__state="accepted", indicator__key=key
        )
        return sum(v.value for v in values)

    assert shown("plan_clusters") == "2"  # the register: the two clusters of the commune
    assert shown("established") == "1" and shown("operating") == "1"  # established 01/03/2026, operating
    assert shown("leased_land") == "9" == f"{accepted_sum('02', 'leased_land'):.0f}"  # Biểu 02 row 4
    assert shown("tenant_projects") == "12" == f"{accepted_sum('02', 'tenant_projects'):.0f}"  # Biểu 02 row 6
    # Row 19 is Decree 32's occupancy from the register (9 ha leased of 15 ha); the investor's own 61,5 beside it.
    assert shown("occupancy") == "60"
    assert "61,5%" in page.locator('tr[data-key="occupancy"] [data-reported]').inner_text()
    assert shown("workers") == f"{accepted_sum('03', 'workers'):.0f}"  # Biểu 03 row 25
    page.get_by_label("Số hiệu").fill("123/BC-SCT")
    page.get_by_label("Người ký", exact=True).select_option(label="Nguyễn Văn A — Giám đốc")
    page.get_by_label("Lý do ban hành khi chưa đủ số liệu").fill("Đến hạn; CCN B chưa gửi Biểu 02")
    page.get_by_role("button", name="Ban hành Biểu 04").click()
    page.locator("[data-issued]").wait_for()
    assert "123/BC-SCT" in page.locator("[data-issued]").inner_text()
    issued = Bieu04.objects.get(period=half_year)
    assert issued.figures["rows"]["leased_land"]["value"].startswith("9")
    assert page.get_by_role("link", name="Tải Biểu 04 (.xlsx)").is_visible()
    alice.screenshot("reporting-bieu04")
    assert dung.errors == [] and alice.errors == [] and hang.errors == []

"""The deadline workflow walked in a real Chromium: an officer reports and asks for more time, a
coordinator approves, and the new deadline and its history show; the main pages load under the CSP."""

import datetime

import pytest

from clusters.models import Cluster
from tasks.models import ExtensionRequest, local_today
from tests.factories import TEST_PASSWORD, ClusterFactory, TargetFactory, TaskFactory, TaskGroupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def days(n):
    return local_today() + datetime.timedelta(days=n)


def write_pdf(path, text="Bien ban hop"):
    """A small, valid one-page PDF (objects, cross-reference table, trailer)."""
    stream = f"BT /F1 18 Tf 72 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


@pytest.fixture
def plan_world(group, agency, other_agency, focal_agency):
    """A plan in every deadline status, a target and a few clusters; the walked task is due in 5 days."""
    TargetFactory(plan=group.plan, description="Hoàn thành hạ tầng kỹ thuật của 26 cụm công nghiệp", target_min=26)
    for n, status in enumerate([Cluster.Status.OPERATING, Cluster.Status.UNDER_CONSTRUCTION, Cluster.Status.IN_SCHEME]):
        ClusterFactory(code=f"CCN-E{n}", name=f"CCN Thử nghiệm {n}", status=status)
    second = TaskGroupFactory(plan=group.plan, number=2, name="Quản lý, vận hành hiệu quả các cụm đã đi vào hoạt động")
    for n, offset in enumerate([-12, -3, 2, 20, 45, None]):
        TaskFactory(
            group=second if n % 2 else group,
            code=f"KH305-2.{n:02d}",
            title=f"Rà soát, đánh giá hiện trạng cụm công nghiệp, đợt {n + 1}",
            lead_agency=other_agency if n % 3 else agency,
            supporting_agencies=[focal_agency],
            due_date=days(offset) if offset is not None else None,
            original_due_date=days(offset) if offset is not None else None,
        )
    return TaskFactory(
        group=group,
        code="KH305-1.01",
        title="Xây dựng quy chế quản lý cụm công nghiệp trên địa bàn Thành phố",
        lead_agency=agency,
        supporting_agencies=[other_agency],
        expected_output="Quyết định của UBND Thành phố",
        start_date=days(-60),
        due_date=days(5),
    )


def test_officer_reports_and_asks_for_more_time_and_the_coordinator_approves(
    session, plan_world, officer, coordinator, tmp_path
):
    task = plan_world
    old_due, new_due = task.due_date, task.due_date + datetime.timedelta(days=45)

    bob = session()
    bob.login("bob", TEST_PASSWORD)
    page = bob.page
    # An officer lands on their agency's work, "Chờ tôi xử lý" on top; the city dashboard is one click away.
    assert page.url == bob.base + "/my/"
    assert page.get_by_role("heading", name="Chờ tôi xử lý").is_visible()
    bob.goto("/")
    assert page.locator("h1").inner_text() == "Tổng quan thực hiện kế hoạch"
    bob.screenshot("dashboard")

    # Filter the list: the due-soon tasks of the plan, then by text; the filter stays in the URL.
    bob.goto("/tasks/")
    bob.screenshot("task-list")
    page.get_by_label("Sắp đến hạn").check()
    page.get_by_label("Tìm kiếm").fill("quy chế")
    page.get_by_role("button", name="Lọc", exact=True).click()
    page.wait_for_url("**/tasks/?*deadline_status=due_soon*")
    assert "q=quy+ch" in page.url
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "Sắp đến hạn" in rows.first.inner_text()

    # Open the task and report progress with a PDF.
    page.get_by_role("link", name=task.title).click()
    page.wait_for_url(f"**/tasks/{task.pk}/")
    page.locator("#form-tien-do > summary").click()
    page.get_by_label("Tiến độ (%)").fill("40")
    page.get_by_label("Nội dung báo cáo").fill("Đã hoàn thành dự thảo, đang lấy ý kiến các sở.")
    page.locator("#id_progress-files").set_input_files(str(write_pdf(tmp_path / "Biên bản họp.pdf")))
    page.get_by_role("button", name="Gửi báo cáo tiến độ").click()
    page.locator(".msg-success").wait_for()
    assert "Đã ghi nhận báo cáo tiến độ" in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="Biên bản họp.pdf").first.is_visible()

    # Ask for more time, typing the date as people do: dd/mm/yyyy.
    page.locator("#form-gia-han > summary").click()
    page.locator("#id_extension-proposed_due_date").type(new_due.strftime("%d/%m/%Y"))
    page.get_by_label("Lý do đề nghị gia hạn").fill("Chờ ý kiến thẩm định của Sở Tư pháp")
    page.get_by_label("Số công văn đề nghị").fill("125/SXD-QLXD")
    page.get_by_role("button", name="Gửi đề nghị gia hạn").click()
    page.locator(".msg-success").wait_for()
    extension = ExtensionRequest.objects.get(task=task)
    assert extension.proposed_due_date == new_due, "the date typed as dd/mm/yyyy is stored as that day"
    assert bob.errors == []

    # The coordinator finds the request waiting, approves it, and sees the new deadline and its history.
    alice = session()
    alice.login("alice", TEST_PASSWORD)
    page = alice.page
    alice.goto("/my/")
    page.get_by_role("link", name=task.title).click()
    page.get_by_label("Ý kiến xử lý").fill("Đồng ý gia hạn")
    page.get_by_label("Văn bản chấp thuận (số, ngày)").fill("300/SCT-QLCN")
    page.get_by_role("button", name="Chấp thuận gia hạn").click()
    page.locator(".msg-success").wait_for()
    assert page.locator(".deadline-current").inner_text() == new_due.strftime("%d/%m/%Y")
    history = page.locator("table.deadline-history").inner_text()
    assert f"{old_due:%d/%m/%Y} → {new_due:%d/%m/%Y}" in history
    assert "300/SCT-QLCN" in history and "125/SXD-QLXD" in history
    alice.screenshot("task-detail")
    task.refresh_from_db()
    assert (task.due_date, task.original_due_date) == (new_due, old_due)
    assert alice.errors == []


def test_main_pages_load_under_the_content_security_policy(session, plan_world, coordinator):
    alice = session()
    alice.login("alice", TEST_PASSWORD)
    cluster = Cluster.objects.first()
    paths = [
        "/",
        "/tasks/",
        f"/tasks/{plan_world.pk}/",
        f"/tasks/{plan_world.pk}/edit/",
        "/tasks/new/",
        "/my/",
        "/clusters/",
        f"/clusters/{cluster.pk}/",
        "/agencies/",
        f"/agencies/{plan_world.lead_agency_id}/",
        "/audit/",
    ]
    for path in paths:
        response = alice.goto(path)
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        assert alice.page.evaluate("document.documentElement.classList.contains('js')"), f"{path}: app.js did not run"
    assert alice.errors == [], alice.errors


def test_searchable_select_and_phone_menu_work(session, plan_world, coordinator):
    alice = session(width=390, height=844)
    alice.login("alice", TEST_PASSWORD)
    page = alice.page
    clusters_link = page.locator("#site-nav").get_by_role("link", name="Cụm công nghiệp", exact=True)
    assert not clusters_link.is_visible()
    page.get_by_role("button", name="Danh mục").click()
    assert clusters_link.is_visible()

    alice.goto("/tasks/new/")
    # The form renders no agency: typing asks the lookup, which folds what was typed.
    options = page.locator("#id_supporting_agencies option")
    assert options.count() == 0
    page.locator("#id_supporting_agencies-search").fill("tai chinh")  # without diacritics
    options.first.wait_for(state="attached")
    assert options.all_inner_texts() == ["Sở Tài chính"]
    assert alice.errors == []

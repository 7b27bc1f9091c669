"""Next year's plan made from the pages in a real Chromium: a coordinator creates the 2027 plan with its groups and
a target, carries three unfinished tasks of 2026 over, and finds them in the 2027 task list, each naming the task
it continues."""

import datetime

import pytest

from tasks.models import Plan, Task
from tests.factories import TEST_PASSWORD, PlanFactory, TaskFactory, TaskGroupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan_2026(agency, other_agency):
    """Plan 305 for 2026: two groups, four unfinished tasks and a finished one."""
    plan = PlanFactory()
    first = TaskGroupFactory(plan=plan, number=1, name="Hoàn thiện cơ chế, chính sách")
    second = TaskGroupFactory(plan=plan, number=2, name="Đầu tư hạ tầng kỹ thuật")
    for code, group, status in [
        ("KH305-1.01", first, Task.Status.NOT_STARTED),
        ("KH305-1.02", first, Task.Status.IN_PROGRESS),
        ("KH305-2.01", second, Task.Status.IN_PROGRESS),
        ("KH305-2.02", second, Task.Status.NOT_STARTED),
    ]:
        TaskFactory(
            group=group,
            code=code,
            title=f"Nhiệm vụ {code}",
            lead_agency=agency,
            supporting_agencies=[other_agency],
            status=status,
        )
    TaskFactory(
        group=first,
        code="KH305-1.03",
        title="Nhiệm vụ đã xong",
        lead_agency=agency,
        status=Task.Status.DONE,
        completed_on=datetime.date(2026, 5, 1),
    )
    return plan


def test_a_coordinator_creates_the_2027_plan_and_carries_three_tasks_over(session, plan_2026, coordinator):
    alice = session()
    alice.login("alice", TEST_PASSWORD)
    page = alice.page

    # The plan and its groups: three rows to start with, a fourth added with "Thêm dòng".
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_role("link", name="Lập kế hoạch mới").click()
    page.get_by_label("Số hiệu").fill("12/KH-UBND")
    page.get_by_label("Trích yếu").fill("Kế hoạch phát triển cụm công nghiệp trên địa bàn Thành phố năm 2027")
    page.get_by_label("Ngày ban hành").fill("01/12/2026")
    page.get_by_label("Năm thực hiện").fill("2027")
    page.get_by_label("Bắt đầu kỳ kế hoạch").fill("01/01/2027")
    page.get_by_label("Kết thúc kỳ kế hoạch").fill("31/12/2027")
    names = [
        "Hoàn thiện cơ chế, chính sách",
        "Đầu tư hạ tầng kỹ thuật",
        "Thu hút đầu tư vào cụm",
        "Bảo vệ môi trường cụm công nghiệp",
    ]
    for n, name in enumerate(names[:3], start=1):
        page.get_by_label(f"Tên nhóm nhiệm vụ {n}", exact=True).fill(name)
    page.get_by_role("button", name="Thêm dòng").click()
    page.get_by_label("Tên nhóm nhiệm vụ 4", exact=True).fill(names[3])
    page.get_by_role("button", name="Lập kế hoạch").click()

    page.get_by_text("Đã lập Kế hoạch 12/KH-UBND với 4 nhóm nhiệm vụ.").wait_for()
    plan = Plan.objects.get(number="12/KH-UBND")
    assert [g.name for g in plan.task_groups.all()] == names

    # A target of the plan.
    page.get_by_role("link", name="Thêm chỉ tiêu").click()
    page.get_by_label("Chỉ tiêu", exact=True).fill("Hoàn thành hạ tầng kỹ thuật của 10 cụm công nghiệp")
    page.get_by_label("Cách đo").select_option("infrastructure_completed")
    page.get_by_label("Giá trị mục tiêu (tối thiểu)").fill("10")
    page.get_by_role("button", name="Thêm chỉ tiêu").click()
    page.get_by_text("Đã thêm chỉ tiêu").wait_for()
    assert plan.targets.get().target_min == 10

    # Carry over: 2026's four unfinished tasks are offered (not the finished one); "Chọn tất cả", then one left out.
    page.get_by_role("link", name="Chuyển tiếp nhiệm vụ").click()
    page.get_by_label("Chọn tất cả").check()
    for code in ("KH305-1.01", "KH305-1.02", "KH305-2.01", "KH305-2.02"):
        assert page.get_by_label(code, exact=True).is_checked()
    assert page.get_by_label("KH305-1.03", exact=True).count() == 0
    page.get_by_label("KH305-2.02", exact=True).uncheck()
    page.get_by_label("Giữ thời hạn đang có hiệu lực").check()
    page.get_by_role("button", name="Chuyển tiếp các nhiệm vụ đã chọn").click()

    # The 2027 task list shows them, each continuing its 2026 task.
    page.get_by_text("Đã chuyển tiếp 3 nhiệm vụ từ Kế hoạch 305/KH-UBND sang Kế hoạch 12/KH-UBND.").wait_for()
    table = page.get_by_role("region", name="Danh sách nhiệm vụ")
    for code in ("KH2027-KH305-1.01", "KH2027-KH305-1.02", "KH2027-KH305-2.01"):
        assert table.get_by_text(code, exact=True).count() == 1
    assert table.get_by_text("KH305-2.02").count() == 0
    table.get_by_role("link", name="Nhiệm vụ KH305-2.01").click()
    page.get_by_text("Tiếp nối nhiệm vụ KH305-2.01 của Kế hoạch 305/KH-UBND.").wait_for()
    carried = Task.objects.get(code="KH2027-KH305-2.01")
    assert carried.group.name == "Đầu tư hạ tầng kỹ thuật" and carried.continues.code == "KH305-2.01"

    page.get_by_role("link", name="KH305-2.01").click()
    page.get_by_text("Được chuyển tiếp sang Kế hoạch 12/KH-UBND (nhiệm vụ KH2027-KH305-2.01).").wait_for()
    assert alice.errors == []

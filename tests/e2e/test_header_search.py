"""The header's search box on a phone: labelled, in reach, and it finds a task typed without accents."""

import pytest

from tests.factories import TEST_PASSWORD, TaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_phone_user_finds_a_task_from_the_header(session, officer, group, agency):
    task = TaskFactory(
        group=group, code="KH305-1.01", title="Xây dựng quy chế quản lý cụm công nghiệp", lead_agency=agency
    )
    bob = session(width=390, height=844)
    bob.login("bob", TEST_PASSWORD)
    page = bob.page

    box = page.get_by_role("searchbox", name="Tìm nhiệm vụ, cụm công nghiệp, báo cáo")
    assert box.is_visible()
    assert box.bounding_box()["width"] > 200  # a full row on a phone, not squeezed beside the menu
    box.fill("quy che")
    box.press("Enter")

    page.wait_for_url("**/search/?q=quy+che")
    page.get_by_role("link", name=f"{task.code} — {task.title}").click()
    page.wait_for_url(f"**/tasks/{task.pk}/")
    bob.screenshot("header-search-phone")
    assert bob.errors == []

"""A coordinator registers a webhook endpoint in a real Chromium: reached from the user menu, a Vietnamese error
for a bad address, the secret shown once after registering and gone on the next view; nothing breaks the CSP."""

import pytest

from tests.factories import TEST_PASSWORD
from webhooks.models import Endpoint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_registers_an_endpoint_and_sees_its_secret_once(session, coordinator):
    alice = session()
    alice.login("alice", TEST_PASSWORD)
    page = alice.page
    page.goto(alice.base + "/")
    page.locator("a[href='/webhooks/']").first.dispatch_event("click")  # the user menu's link
    page.wait_for_url("**/webhooks/")
    page.get_by_role("link", name="Đăng ký địa chỉ nhận").click()

    page.get_by_label("Địa chỉ nhận (URL)").fill("ftp://he-thong-khac.vn/webhook")
    page.get_by_label("Báo cáo hoàn thành nhiệm vụ").check()
    page.get_by_role("button", name="Đăng ký").click()
    assert "Địa chỉ nhận phải dùng https://" in page.locator("main").inner_text()
    assert not Endpoint.objects.exists()

    page.get_by_label("Địa chỉ nhận (URL)").fill("https://he-thong-khac.vn/webhook")
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_url("**/webhooks/*/")
    endpoint = Endpoint.objects.get()
    assert page.locator("#new-secret").input_value() == endpoint.secret
    alice.screenshot("webhook-registered")

    page.reload()
    assert page.locator("#new-secret").count() == 0  # shown once
    assert "https://he-thong-khac.vn/webhook" in page.locator("main").inner_text()
    assert alice.errors == [], alice.errors

"""People in a real Chromium: a coordinator invites a person on the people page, the person opens the link from
the email, sets a password and logs in; another logs in through a real OpenID Connect provider started here
(django-oauth-toolkit, its own process and database), and an address nobody invited is refused and creates no
account. Nothing breaks the CSP."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from accounts import invitations
from accounts.models import AuthEvent
from agencies.models import Membership
from tests.factories import TEST_PASSWORD
from tests.support.oidc_server import PROVIDER_PASSWORD, start_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

User = get_user_model()
NEW_PASSWORD = "Cum-cong-nghiep-2026!"


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    """The identity provider, knowing Hoa (whom the tests invite here) and Lan (whom nobody invited)."""
    started = start_provider(
        tmp_path_factory.mktemp("oidc-provider"),
        redirect_uri=f"{live_server.url}/accounts/oidc/callback/",
        users=[
            {"username": "hoa.sso", "email": "Hoa.Tran@hanoi.gov.vn", "first_name": "Hoa", "last_name": "Trần Thị"},
            {"username": "lan.sso", "email": "lan.pham@hanoi.gov.vn", "first_name": "Lan", "last_name": "Phạm"},
        ],
    )
    yield started
    started.stop()


@pytest.fixture
def sso(settings, provider):
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    return provider


def test_a_coordinator_invites_a_person_who_sets_a_password_from_the_email_and_logs_in(
    session, coordinator, agency, settings, live_server
):
    settings.SITE_URL = live_server.url  # the links in emails point at this server
    alice = session()
    alice.login("alice", TEST_PASSWORD)
    page = alice.page
    page.get_by_role("link", name="Người dùng").click()
    page.wait_for_url("**/people/")
    page.get_by_role("link", name="Mời người dùng").click()
    page.get_by_label("Thư điện tử").fill("hoa.nguyen@xaydung.hanoi.gov.vn")
    page.get_by_label("Họ và tên đệm").fill("Nguyễn Thị")
    page.get_by_label("Tên", exact=True).fill("Hoa")
    page.get_by_label("Cơ quan").select_option(label=str(agency))
    page.get_by_label("Vai trò").select_option(Membership.Role.OFFICER)
    page.get_by_role("button", name="Gửi thư mời").click()
    page.wait_for_url("**/people/")
    assert "Đã gửi thư mời đến hoa.nguyen@xaydung.hanoi.gov.vn" in page.locator(".messages").inner_text()
    assert "Chờ đặt mật khẩu" in page.locator("main").inner_text()
    assert alice.errors == [], alice.errors

    (message,) = mail.outbox
    link = re.search(r"http\S+/accounts/invitation/\S+", message.body).group(0)
    hoa = session()
    hoa.page.goto(link)
    hoa.page.get_by_label("Mật khẩu mới", exact=True).fill("ngan")
    hoa.page.get_by_label("Xác nhận mật khẩu mới").fill("ngan")
    hoa.page.get_by_role("button", name="Lưu mật khẩu").click()
    assert "Mật khẩu này quá ngắn" in hoa.page.locator("main").inner_text()
    hoa.page.get_by_label("Mật khẩu mới", exact=True).fill(NEW_PASSWORD)
    hoa.page.get_by_label("Xác nhận mật khẩu mới").fill(NEW_PASSWORD)
    hoa.page.get_by_role("button", name="Lưu mật khẩu").click()
    hoa.page.wait_for_url("**/accounts/login/")
    assert "Đã đặt mật khẩu" in hoa.page.locator(".messages").inner_text()

    hoa.login("hoa.nguyen@xaydung.hanoi.gov.vn", NEW_PASSWORD)
    assert "Nguyễn Thị Hoa" in hoa.page.locator("header").inner_text()
    assert hoa.errors == [], hoa.errors
    used = hoa.page.goto(link)
    assert used.status == 404 and "không còn dùng được" in hoa.page.locator("main").inner_text()  # used once


def log_in_at_provider(page, username):
    page.get_by_role("link", name="Đăng nhập bằng tài khoản dùng chung").click()
    page.wait_for_url(re.compile(r"^http://127\.0\.0\.1:\d+/accounts/login/"))
    page.get_by_label("Tài khoản").fill(username)
    page.get_by_label("Mật khẩu").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Đăng nhập cổng").click()
    page.get_by_role("button", name="Cho phép").click()  # consent


def test_an_invited_person_logs_in_through_the_identity_provider(session, sso, coordinator, agency, live_server):
    hoa = invitations.invite_person(
        actor=coordinator,
        email="hoa.tran@hanoi.gov.vn",  # the provider spells it with capitals: matched whatever the case
        first_name="Hoa",
        last_name="Trần Thị",
        agency=agency,
        role=Membership.Role.OFFICER,
    )
    browser = session()
    browser.goto("/accounts/login/")

    log_in_at_provider(browser.page, "hoa.sso")

    browser.page.wait_for_url(lambda url: url.startswith(live_server.url) and "/accounts/" not in url)
    assert "Trần Thị Hoa" in browser.page.locator("header").inner_text()
    linked = AuthEvent.objects.get(kind=AuthEvent.Kind.SSO_LINKED)
    assert (linked.user, linked.note) == (hoa, "Hoa.Tran@hanoi.gov.vn")
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGIN, user=hoa).exists()
    assert browser.errors == [], browser.errors


def test_an_address_nobody_invited_is_refused_and_creates_no_account(session, sso, coordinator, live_server):
    people = User.objects.count()
    browser = session()
    browser.goto("/accounts/login/")

    log_in_at_provider(browser.page, "lan.sso")

    browser.page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert "lan.pham@hanoi.gov.vn chưa được mời" in browser.page.locator(".messages").inner_text()
    assert User.objects.count() == people
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.SSO_REFUSED, note="lan.pham@hanoi.gov.vn").exists()
    browser.goto("/people/")  # still not logged in: to the login page
    assert "/accounts/login/" in browser.page.url


def test_a_locked_account_cannot_log_in_through_the_identity_provider(session, sso, coordinator, agency, live_server):
    hoa = invitations.invite_person(
        actor=coordinator,
        email="hoa.tran@hanoi.gov.vn",
        first_name="Hoa",
        last_name="Trần Thị",
        agency=agency,
        role=Membership.Role.OFFICER,
    )
    from accounts.services import account_deactivate

    account_deactivate(actor=coordinator, user=hoa, reason="Chuyển công tác")
    browser = session()
    browser.goto("/accounts/login/")

    log_in_at_provider(browser.page, "hoa.sso")

    browser.page.wait_for_url(f"{live_server.url}/accounts/login/")
    assert "chưa được mời" in browser.page.locator(".messages").inner_text()


def test_a_coordinator_with_an_authenticator_still_enters_its_code_after_single_sign_on(
    session, sso, coordinator, focal_agency, live_server
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    hoa = invitations.invite_person(
        actor=coordinator,
        email="hoa.tran@hanoi.gov.vn",
        first_name="Hoa",
        last_name="Trần Thị",
        agency=focal_agency,
        role=Membership.Role.COORDINATOR,
    )
    TOTPDevice.objects.create(user=hoa, name="Điện thoại", confirmed=True)
    browser = session()
    browser.goto("/accounts/login/")

    log_in_at_provider(browser.page, "hoa.sso")

    browser.page.wait_for_url("**/accounts/2fa/**")
    assert "Mã xác thực" in browser.page.locator("main").inner_text()

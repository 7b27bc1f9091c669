"""People: a coordinator invites a person (the email's one-time link sets their password), resends an
invitation (the old link stops working), locks and reopens an account (sessions, API tokens and the calendar feed
stop at once); anyone resets a forgotten password by email without learning whether an address has an account.
Every step shows in the audit log with who, when and why."""

import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from knox.models import AuthToken

from accounts import invitations
from accounts.models import AuthEvent
from agencies.models import Membership
from department import letterhead
from notifications.models import CalendarFeedToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()
Kind = AuthEvent.Kind
NEW_PASSWORD = "Cum-cong-nghiep-2026!"
LINK = re.compile(r"https?://\S+")


def link_path(message):
    """The path of the one link in an email (the site's address is SITE_URL, another host in tests)."""
    (url,) = [u for u in LINK.findall(message.body) if "/accounts/" in u and "login" not in u]
    return re.sub(r"^https?://[^/]+", "", url)


def logs_in(client, username, password):
    """Whether the login page lets ``username`` in (django-axes needs the request: ``client.login`` has none)."""
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and not response["Location"].startswith(reverse("login"))


def invite_hoa(client, agency, **changes):
    data = {
        "email": "Hoa.Nguyen@Xaydung.Hanoi.gov.vn",
        "last_name": "Nguyễn Thị",
        "first_name": "Hoa",
        "agency": agency.pk,
        "role": Membership.Role.OFFICER,
        "title": "Chuyên viên",
        "reason": "Cán bộ mới của Sở Xây dựng",
        **changes,
    }
    return client.post(reverse("people:person_invite"), data)


def test_a_coordinator_invites_a_person_who_sets_a_password_and_logs_in(
    client, client_for, coordinator, agency, bac_ninh
):
    response = invite_hoa(client_for(coordinator), agency)

    assert response.status_code == 302
    hoa = User.objects.get(email__iexact="hoa.nguyen@xaydung.hanoi.gov.vn")
    assert hoa.username == "hoa.nguyen@xaydung.hanoi.gov.vn" and not hoa.has_usable_password()
    membership = hoa.memberships.get()
    assert (membership.agency, membership.role, membership.title) == (agency, Membership.Role.OFFICER, "Chuyên viên")
    (message,) = mail.outbox
    assert message.to == ["Hoa.Nguyen@xaydung.hanoi.gov.vn"]  # the form lowercases the domain
    # The From and the signature are the Department's, as the data names it; the address is the settings'.
    assert message.from_email == "Sở Công Thương tỉnh Bắc Ninh <no-reply@localhost>"
    assert "(Sở Công Thương tỉnh Bắc Ninh) mời bạn" in message.body and "Hà Nội" not in message.body
    assert "Mời sử dụng" in message.subject and "hết hạn sau 7 ngày" in message.body

    page = client.get(link_path(message))
    assert page.status_code == 200 and "Đặt mật khẩu" in page.text
    short = client.post(link_path(message), {"new_password1": "ngan", "new_password2": "ngan"})
    assert "Mật khẩu này quá ngắn" in short.text
    done = client.post(link_path(message), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302 and done["Location"] == reverse("login")
    assert logs_in(client, hoa.username, NEW_PASSWORD)
    used = client.get(link_path(message))
    assert used.status_code == 404 and "không còn dùng được" in used.text
    kinds = list(AuthEvent.objects.filter(user=hoa).order_by("pk").values_list("kind", "actor__username", "note"))
    assert kinds[:2] == [(Kind.INVITED, "alice", "Cán bộ mới của Sở Xây dựng"), (Kind.PASSWORD_SET, hoa.username, "")]


def test_the_invite_form_refuses_a_taken_address_and_a_role_the_agency_cannot_have(client_for, coordinator, agency):
    client = client_for(coordinator)
    UserFactory(username="hoa", email="hoa.nguyen@xaydung.hanoi.gov.vn")

    taken = invite_hoa(client, agency)
    coordinator_elsewhere = invite_hoa(client, agency, email="lan@xaydung.hanoi.gov.vn", role="coordinator")

    assert "đã thuộc tài khoản hoa" in taken.text
    assert "Chỉ cán bộ của cơ quan đầu mối mới có vai trò điều phối." in coordinator_elsewhere.text
    assert not User.objects.filter(email="lan@xaydung.hanoi.gov.vn").exists()
    assert not mail.outbox


@pytest.mark.parametrize("who", ["officer", "viewer"])
def test_only_coordinators_reach_the_people_pages(client, client_for, who, request, officer):
    user = request.getfixturevalue(who)
    assert client_for(user).get(reverse("people:person_list")).status_code == 403
    assert client_for(user).get(reverse("people:person_deactivate", args=[officer.pk])).status_code == 403
    assert client.get(reverse("people:person_list")).status_code == 302


def test_the_people_page_lists_who_waits_for_a_password_and_who_is_locked(client_for, coordinator, officer, agency):
    client = client_for(coordinator)
    invite_hoa(client, agency)
    UserFactory(username="cu", first_name="Cũ", is_active=False)

    page = client.get(reverse("people:person_list")).text

    assert "Chờ đặt mật khẩu" in page and "Đã khóa" in page and "Đang hoạt động" in page
    assert "Gửi lại thư mời" in page and "Mở lại" in page
    assert "Người dùng" in client.get(reverse("dashboard")).text  # in the navigation


def test_resending_an_invitation_ends_the_old_link(client, client_for, coordinator, agency):
    invite_hoa(client_for(coordinator), agency)
    hoa = User.objects.get(first_name="Hoa")
    first = link_path(mail.outbox[0])

    response = client_for(coordinator).post(reverse("people:person_resend", args=[hoa.pk]), {"reason": ""})

    assert response.status_code == 302
    second = link_path(mail.outbox[1])
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert AuthEvent.objects.filter(user=hoa, kind=Kind.INVITATION_RESENT, actor=coordinator).exists()


def test_an_expired_link_says_so(client, client_for, coordinator, agency, monkeypatch):
    invite_hoa(client_for(coordinator), agency)
    path = link_path(mail.outbox[0])
    later = time.time() + 8 * 86400
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    response = client.get(path)

    assert response.status_code == 410 and "Đường dẫn mời đã hết hạn" in response.text


def test_invite_many_invites_the_imported_and_says_why_not_the_others(coordinator, officer):
    imported = []
    for n in range(2):
        user = UserFactory(username=f"moi{n}")
        user.set_unusable_password()
        user.save()
        imported.append(user)
    no_email = UserFactory(username="khongthu", email="")
    no_email.set_unusable_password()
    no_email.save()

    outcome = invitations.invite_many(actor=coordinator, users=[*imported, officer, no_email])

    assert outcome.invited == imported
    assert [(user, "mật khẩu" in why or "thư điện tử" in why) for user, why in outcome.refused] == [
        (officer, True),
        (no_email, True),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["moi0@example.gov.vn", "moi1@example.gov.vn"]


# --- deactivation ---------------------------------------------------------------------------------------------


def test_locking_an_account_stops_its_sessions_tokens_and_calendar_at_once(
    client, client_for, api_for, coordinator, officer, password
):
    browser, api = client_for(officer), api_for(officer)
    feed = reverse("notifications:calendar_feed", args=[CalendarFeedToken.objects.create(user=officer).token])
    assert client.get(feed).status_code == 200

    response = client_for(coordinator).post(
        reverse("people:person_deactivate", args=[officer.pk]), {"reason": "Chuyển công tác"}
    )

    assert response.status_code == 302
    assert browser.get(reverse("dashboard")).status_code == 302  # to the login page
    assert api.get("/api/v1/me/").status_code == 401
    assert client.get(feed).status_code == 404
    assert not AuthToken.objects.filter(user=officer).exists()
    assert not logs_in(client, "bob", password)
    event = AuthEvent.objects.get(user=officer, kind=Kind.DEACTIVATED)
    assert (event.actor, event.note) == (coordinator, "Chuyển công tác")


def test_locking_needs_a_reason_and_never_ones_own_account(client_for, coordinator, officer):
    client = client_for(coordinator)
    no_reason = client.post(reverse("people:person_deactivate", args=[officer.pk]), {"reason": " "})
    own = client.post(reverse("people:person_deactivate", args=[coordinator.pk]), {"reason": "Thử"})

    assert no_reason.status_code == 200 and "Hãy ghi lý do" in no_reason.text or "bắt buộc" in no_reason.text
    assert own.status_code == 403
    officer.refresh_from_db()
    coordinator.refresh_from_db()
    assert officer.is_active and coordinator.is_active


def test_a_reopened_account_logs_in_again(client, client_for, coordinator, officer, password):
    staff = client_for(coordinator)
    staff.post(reverse("people:person_deactivate", args=[officer.pk]), {"reason": "Nghỉ phép dài"})

    staff.post(reverse("people:person_reactivate", args=[officer.pk]), {"reason": "Đã trở lại"})

    assert logs_in(client, "bob", password)
    assert AuthEvent.objects.filter(user=officer, kind=Kind.REACTIVATED, note="Đã trở lại").exists()


def test_the_audit_log_shows_each_step_with_who_and_why(client_for, coordinator, officer, agency):
    staff = client_for(coordinator)
    invite_hoa(staff, agency)
    staff.post(reverse("people:person_deactivate", args=[officer.pk]), {"reason": "Chuyển công tác"})

    log = staff.get(reverse("audit:audit_log"), {"kind": "auth"}).text

    assert "Mời sử dụng hệ thống" in log and "Cán bộ mới của Sở Xây dựng — alice" in log
    assert "Khóa tài khoản" in log and "Chuyển công tác — alice" in log


# --- password reset -------------------------------------------------------------------------------------------


def test_a_forgotten_password_is_reset_by_email_without_telling_who_has_an_account(
    client, client_for, officer, password
):
    other_session = client_for(officer)
    unknown = client.post(reverse("password_reset"), {"email": "khong-co@example.gov.vn"})
    known = client.post(reverse("password_reset"), {"email": "BOB@example.gov.vn"})

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["bob@example.gov.vn"] and "Đặt lại mật khẩu" in message.subject
    form = client.get(link_path(message), follow=True)
    assert "Đặt mật khẩu mới" in form.text
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert logs_in(client, "bob", NEW_PASSWORD)
    assert other_session.get(reverse("dashboard")).status_code == 302  # the old sessions ended
    kinds = set(AuthEvent.objects.filter(user=officer).values_list("kind", flat=True))
    assert {Kind.PASSWORD_RESET_REQUESTED, Kind.PASSWORD_RESET_COMPLETED, Kind.CREDENTIALS_ENDED} <= kinds


def test_the_reset_email_comes_from_and_is_signed_by_the_department_the_data_names(client, officer, bac_ninh):
    client.post(reverse("password_reset"), {"email": "bob@example.gov.vn"})

    (message,) = mail.outbox
    assert message.from_email == "Sở Công Thương tỉnh Bắc Ninh <no-reply@localhost>"
    assert "(Sở Công Thương tỉnh Bắc Ninh) nhận được yêu cầu" in message.body
    assert message.body.rstrip().endswith("Sở Công Thương tỉnh Bắc Ninh") and "Hà Nội" not in message.body


def test_before_the_department_is_named_emails_come_from_the_system(settings):
    assert letterhead.sender() == "Hệ thống theo dõi cụm công nghiệp <no-reply@localhost>"
    settings.DEFAULT_FROM_EMAIL = "Phòng Quản lý Công nghiệp <qlcn@example.gov.vn>"
    assert letterhead.sender() == "Phòng Quản lý Công nghiệp <qlcn@example.gov.vn>"  # the operator's own name stays


def test_reset_emails_are_not_sent_again_and_again(client, officer):
    for _attempt in range(3):
        response = client.post(reverse("password_reset"), {"email": "bob@example.gov.vn"})
        assert response["Location"] == reverse("password_reset_done")

    assert len(mail.outbox) == 1


# --- single sign-on when it is not configured (tests/e2e/test_people.py runs it against a real provider) ------


def test_without_single_sign_on_the_login_page_offers_only_the_password_and_the_reset(client):
    page = client.get(reverse("login")).text

    assert "Đăng nhập bằng tài khoản dùng chung" not in page
    assert reverse("password_reset") in page
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "y"}).status_code == 404


def test_with_single_sign_on_configured_the_login_page_offers_it(client, settings):
    settings.OIDC_RP_CLIENT_ID = "ke-hoach-ccn"
    settings.OIDC_RP_CLIENT_SECRET = "bi-mat"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://sso.hanoi.gov.vn/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://sso.hanoi.gov.vn/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://sso.hanoi.gov.vn/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://sso.hanoi.gov.vn/jwks"

    page = client.get(reverse("login"), {"next": "/tasks/"}).text
    start = client.get(reverse("oidc_authentication_init"), {"next": "/tasks/"})

    assert "Đăng nhập bằng tài khoản dùng chung" in page
    assert start.status_code == 302 and start["Location"].startswith("https://sso.hanoi.gov.vn/authorize?")
    assert "code_challenge=" in start["Location"] and "scope=openid+email+profile" in start["Location"]


def test_an_invitation_the_mail_server_refuses_creates_nothing_and_says_so(
    client_for, coordinator, agency, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("máy chủ thư không trả lời")

    monkeypatch.setattr("accounts.invitations.send_mail", refuse)

    response = invite_hoa(client_for(coordinator), agency)

    assert response.status_code == 200 and "Không gửi được thư mời" in response.text
    assert not User.objects.filter(first_name="Hoa").exists()
    assert not AuthEvent.objects.filter(kind=Kind.INVITED).exists()


def test_a_coordinator_cannot_lock_a_superusers_account(client_for, coordinator, superuser):
    client = client_for(coordinator)

    response = client.post(reverse("people:person_deactivate", args=[superuser.pk]), {"reason": "Thử"})

    assert response.status_code == 403
    assert (
        reverse("people:person_deactivate", args=[superuser.pk]) not in client.get(reverse("people:person_list")).text
    )
    superuser.refresh_from_db()
    assert superuser.is_active

"""A person's credentials end together (accounts.credentials): a password change or reset, a deactivation, a
two-factor enrolment or reset ends their other sessions, their API tokens and their calendar feed URL, by
every door (the page, the admin, a shell's set_password), and each leaves a record of who, when and why."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from accounts.models import AuthEvent
from notifications.models import CalendarFeedToken

from .test_two_factor import code_for, device_of

pytestmark = pytest.mark.django_db

Reason = AuthEvent.EndReason
NEW_PASSWORD = "Mat-khau-moi-2026!"
A_PAGE = reverse("password_change")


@pytest.fixture
def holdings(client_for, api_for):
    """holdings(user) -> what the user holds before the change: a second browser session, an API client with
    a token, and the calendar feed's address."""

    def make(user):
        feed = CalendarFeedToken.objects.create(user=user)
        return {
            "browser": client_for(user),
            "api": api_for(user),
            "feed": reverse("notifications:calendar_feed", args=[feed.token]),
        }

    return make


def assert_all_ended(user, held, client):
    browser = held["browser"].get(A_PAGE)
    assert browser.status_code == 302 and browser["Location"].startswith(reverse("login"))
    assert held["api"].get("/api/v1/me/").status_code == 401
    assert client.get(held["feed"]).status_code == 404
    assert not AuthToken.objects.filter(user=user).exists()
    assert not CalendarFeedToken.objects.filter(user=user).exists()


def the_record(user):
    return AuthEvent.objects.get(user=user, kind=AuthEvent.Kind.CREDENTIALS_ENDED)


def test_changing_ones_password_on_the_page_ends_everything_but_this_session(
    client, client_for, officer, password, holdings
):
    held = holdings(officer)
    assert client.get(held["feed"]).status_code == 200
    changer = client_for(officer)

    response = changer.post(
        A_PAGE, {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert_all_ended(officer, held, client)
    assert changer.get(A_PAGE).status_code == 200  # the one who changed it stays logged in
    record = the_record(officer)
    assert (record.reason, record.actor) == (Reason.PASSWORD_CHANGED, officer)
    assert record.occurred_at is not None


def test_an_administrator_resetting_a_password_ends_everything_and_is_recorded(
    client, client_for, officer, superuser, holdings
):
    held = holdings(officer)
    admin = client_for(superuser)

    response = admin.post(
        reverse("admin:auth_user_password_change", args=[officer.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    assert response.status_code == 302
    assert_all_ended(officer, held, client)
    assert admin.get(reverse("admin:index")).status_code == 200  # the administrator's own session is untouched
    record = the_record(officer)
    assert (record.reason, record.actor) == (Reason.PASSWORD_RESET, superuser)


def test_set_password_in_a_shell_ends_everything(client, officer, holdings):
    held = holdings(officer)

    officer.set_password(NEW_PASSWORD)
    officer.save()

    assert_all_ended(officer, held, client)
    record = the_record(officer)
    assert (record.reason, record.actor) == (Reason.PASSWORD_RESET, None)


def test_deactivating_an_account_in_the_admin_ends_everything(client, client_for, officer, superuser, holdings):
    held = holdings(officer)
    admin = client_for(superuser)
    form = admin.get(reverse("admin:auth_user_change", args=[officer.pk])).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(
        {"is_active": "", "date_joined_0": officer.date_joined.strftime("%d/%m/%Y"), "date_joined_1": "00:00:00"}
    )
    data = {k: v for k, v in data.items() if k not in ("groups", "user_permissions", "last_login", "date_joined")}

    response = admin.post(reverse("admin:auth_user_change", args=[officer.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    officer.refresh_from_db()
    assert not officer.is_active
    assert_all_ended(officer, held, client)
    assert (the_record(officer).reason, the_record(officer).actor) == (Reason.DEACTIVATED, superuser)


def test_saving_an_account_that_was_already_inactive_records_nothing_new(officer):
    officer.is_active = False
    officer.save()
    officer.first_name = "Bình"
    officer.save()
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.CREDENTIALS_ENDED).count() == 1


def test_enrolling_in_two_factor_ends_tokens_minted_on_the_password_alone(client, client_for, coordinator, holdings):
    held = holdings(coordinator)
    enrolling = client_for(coordinator)
    enrolling.get(reverse("otp:setup"))

    response = enrolling.post(reverse("otp:setup"), {"code": code_for(device_of(coordinator)), "next": "/"})

    assert response.status_code == 200 and device_of(coordinator).confirmed
    assert_all_ended(coordinator, held, client)
    assert enrolling.get(A_PAGE).status_code == 200  # the session that proved the code goes on, verified
    record = the_record(coordinator)
    assert (record.reason, record.actor) == (Reason.TWO_FACTOR_ENROLLED, coordinator)


def test_a_superuser_resetting_someones_two_factor_ends_their_credentials(
    client, client_for, coordinator, superuser, holdings
):
    device = TOTPDevice.objects.create(user=coordinator, name="Điện thoại", confirmed=True)
    AuthEvent.objects.all().delete()
    held = holdings(coordinator)

    response = client_for(superuser).post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )

    assert response.status_code == 302 and not TOTPDevice.objects.exists()
    assert_all_ended(coordinator, held, client)
    assert (the_record(coordinator).reason, the_record(coordinator).actor) == (Reason.TWO_FACTOR_RESET, superuser)


def test_deleting_a_user_with_a_device_is_not_blocked_by_the_record(coordinator):
    TOTPDevice.objects.create(user=coordinator, name="Điện thoại", confirmed=True)
    coordinator.delete()
    assert not TOTPDevice.objects.exists()


def test_logging_in_and_ordinary_saves_end_nothing(client, officer, password, holdings):
    held = holdings(officer)
    assert client.post(reverse("login"), {"username": officer.username, "password": password}).status_code == 302

    officer.first_name = "Bình"
    officer.save()

    assert held["browser"].get(A_PAGE).status_code == 200
    assert held["api"].get("/api/v1/me/").status_code == 200
    assert client.get(held["feed"]).status_code == 200
    assert not AuthEvent.objects.filter(kind=AuthEvent.Kind.CREDENTIALS_ENDED).exists()
    assert Session.objects.count() == 2


def test_the_audit_log_shows_why_credentials_ended_and_who_ended_them(client_for, coordinator, officer, superuser):
    client_for(superuser).post(
        reverse("admin:auth_user_password_change", args=[officer.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )

    page = client_for(coordinator).get(reverse("audit:audit_log")).content.decode()

    assert "Kết thúc phiên, mã truy cập và lịch" in page
    assert "Đặt lại mật khẩu — root" in page

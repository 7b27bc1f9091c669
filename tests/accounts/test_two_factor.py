"""Two-factor login (TOTP): coordinators enrol, enrolled users enter a code after the password, and the admin
requires a verified session when REQUIRE_2FA_FOR_ADMIN is on."""

import time

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import SECOND_FACTOR_REQUIRED_KEY

pytestmark = pytest.mark.django_db


def code_for(device, steps_ahead=0):
    """The code the phone shows now (or that many 30-second steps later: a code is accepted only once)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def enrolled_coordinator(coordinator):
    TOTPDevice.objects.create(user=coordinator, name="Điện thoại", confirmed=True)
    return coordinator


def device_of(user):
    return TOTPDevice.objects.get(user=user)


def log_in_with_password(client, username, password):
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302
    return response


# --- enrolment -------------------------------------------------------------------------------------------


def test_a_coordinator_sees_a_qr_code_drawn_on_the_server(client_for, coordinator):
    response = client_for(coordinator).get(reverse("otp:setup"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page
    assert response.context["manual_key"].replace(" ", "")  # for apps that cannot scan
    assert "<script>" not in page and "<script type" not in page  # only scripts from files


def test_the_authenticator_app_names_the_department_as_the_data_does(client_for, coordinator, bac_ninh):
    client_for(coordinator).get(reverse("otp:setup"))

    url = TOTPDevice.objects.get(user=coordinator).config_url
    assert "issuer=S%E1%BB%9F%20C%C3%B4ng%20Th%C6%B0%C6%A1ng%20t%E1%BB%89nh%20B%E1%BA%AFc%20Ninh" in url


def test_reloading_the_enrolment_page_keeps_the_same_secret(client_for, coordinator):
    client = client_for(coordinator)

    first = client.get(reverse("otp:setup")).context["manual_key"]
    second = client.get(reverse("otp:setup")).context["manual_key"]

    assert first == second
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1


def test_a_wrong_code_does_not_confirm_the_device(client_for, coordinator):
    client = client_for(coordinator)
    client.get(reverse("otp:setup"))

    response = client.post(reverse("otp:setup"), {"code": "000000"})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not device_of(coordinator).confirmed


def test_the_right_code_confirms_the_device_and_verifies_the_session(client_for, coordinator):
    client = client_for(coordinator)
    client.get(reverse("otp:setup"))

    response = client.post(reverse("otp:setup"), {"code": code_for(device_of(coordinator)), "next": "/"})

    assert response.status_code == 200  # the backup codes, shown once, then on to "next"
    assert 'href="/"' in response.content.decode()
    assert device_of(coordinator).confirmed
    assert client.session["otp_device_id"] == device_of(coordinator).persistent_id


def test_the_superuser_may_enrol(client_for, superuser):
    assert client_for(superuser).get(reverse("otp:setup")).status_code == 200


@pytest.mark.parametrize("role", ["officer", "viewer"])
def test_officers_and_viewers_are_not_offered_two_factor_login(role, request, client_for):
    user = request.getfixturevalue(role)

    assert client_for(user).get(reverse("otp:setup")).status_code == 403
    assert not TOTPDevice.objects.exists()


def test_enrolment_needs_a_login(client):
    response = client.get(reverse("otp:setup"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- the step after the password --------------------------------------------------------------------------


def test_after_the_password_an_enrolled_user_must_enter_a_code(client, enrolled_coordinator, password):
    log_in_with_password(client, "alice", password)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('otp:verify')}?next=%2F"
    assert client.session[SECOND_FACTOR_REQUIRED_KEY] is True


def test_the_right_code_lets_an_enrolled_user_in(client, enrolled_coordinator, password):
    log_in_with_password(client, "alice", password)

    response = client.post(reverse("otp:verify"), {"code": code_for(device_of(enrolled_coordinator)), "next": "/"})

    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_wrong_code_keeps_an_enrolled_user_out(client, enrolled_coordinator, password):
    log_in_with_password(client, "alice", password)

    response = client.post(reverse("otp:verify"), {"code": "123456"})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert client.get(reverse("dashboard")).status_code == 302


def test_a_code_is_accepted_only_once(client, enrolled_coordinator, password):
    code = code_for(device_of(enrolled_coordinator))
    log_in_with_password(client, "alice", password)
    client.post(reverse("otp:verify"), {"code": code})
    client.post(reverse("logout"))

    log_in_with_password(client, "alice", password)
    response = client.post(reverse("otp:verify"), {"code": code})

    assert response.status_code == 200


def test_the_verification_page_does_not_follow_next_to_another_site(client, enrolled_coordinator, password):
    log_in_with_password(client, "alice", password)

    response = client.post(
        reverse("otp:verify"), {"code": code_for(device_of(enrolled_coordinator)), "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("workspace:landing")  # where a login lands when next is refused


@pytest.mark.parametrize("target", ["9" * 40, "khong-phai-trang"])
def test_a_bare_word_as_next_is_an_address_not_a_views_name(client, enrolled_coordinator, password, target):
    """``redirect`` would look "999…" up as a view's name and fail (a 500): ``next`` is an address or nothing."""
    log_in_with_password(client, "alice", password)

    response = client.post(reverse("otp:verify"), {"code": code_for(device_of(enrolled_coordinator)), "next": target})
    again = client.get(reverse("otp:verify"), {"next": target})  # already verified: straight on

    assert response.status_code == again.status_code == 302
    assert response["Location"] == again["Location"] == target


def test_a_user_owing_a_code_can_still_log_out(client, enrolled_coordinator, password):
    log_in_with_password(client, "alice", password)

    response = client.post(reverse("logout"))

    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_the_api_refuses_a_session_owing_a_code(client, enrolled_coordinator, password):
    log_in_with_password(client, "alice", password)

    response = client.get("/api/v1/tasks/")

    assert response.status_code == 403


def test_users_without_a_device_log_in_with_the_password_only(client, officer, password):
    log_in_with_password(client, "bob", password)

    assert client.get(reverse("dashboard")).status_code == 200
    assert SECOND_FACTOR_REQUIRED_KEY not in client.session


def test_the_verification_page_sends_users_without_a_device_on(client_for, officer):
    response = client_for(officer).get(reverse("otp:verify"), {"next": "/clusters/"})

    assert response.status_code == 302 and response["Location"] == "/clusters/"


# --- the admin --------------------------------------------------------------------------------------------


def test_without_the_setting_the_admin_needs_no_second_factor(client_for, coordinator, settings):
    settings.REQUIRE_2FA_FOR_ADMIN = False

    assert client_for(coordinator).get(reverse("admin:index")).status_code == 200


def test_with_the_setting_a_coordinator_without_a_device_is_sent_to_enrol(client_for, coordinator, settings):
    settings.REQUIRE_2FA_FOR_ADMIN = True

    response = client_for(coordinator).get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('otp:setup')}?next=%2Fadmin%2F"


def test_with_the_setting_an_unverified_session_is_sent_to_enter_a_code(client_for, enrolled_coordinator, settings):
    settings.REQUIRE_2FA_FOR_ADMIN = True
    client = client_for(enrolled_coordinator)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('otp:verify')}?next=%2Fadmin%2F"


def test_with_the_setting_a_verified_session_opens_the_admin(client, enrolled_coordinator, password, settings):
    settings.REQUIRE_2FA_FOR_ADMIN = True
    log_in_with_password(client, "alice", password)
    client.post(reverse("otp:verify"), {"code": code_for(device_of(enrolled_coordinator))})

    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize(
    ("required", "verified", "allowed"), [(False, False, True), (True, False, False), (True, True, True)]
)
def test_the_admin_site_itself_asks_for_a_verified_session(required, verified, allowed, coordinator, settings):
    """The admin's own check, should a request reach it without the middleware."""
    settings.REQUIRE_2FA_FOR_ADMIN = required
    request = RequestFactory().get("/admin/")
    request.user = coordinator
    coordinator.is_verified = lambda: verified

    assert admin.site.has_permission(request) is allowed


# --- backup codes ------------------------------------------------------------------------------------------


def enrol(client, coordinator):
    client.get(reverse("otp:setup"))
    response = client.post(reverse("otp:setup"), {"code": code_for(device_of(coordinator)), "next": "/"})
    return response.context["codes"]


def test_enrolment_shows_ten_single_use_backup_codes_once(client_for, coordinator):
    client = client_for(coordinator)
    codes = enrol(client, coordinator)
    assert len(codes) == 10 and len(set(codes)) == 10 and all(len(c) == 8 and c.isdigit() for c in codes)
    page = client.get(reverse("otp:setup")).content.decode()
    assert not any(code in page for code in codes)


def test_a_backup_code_lets_an_enrolled_user_in_once(client, client_for, coordinator, password):
    codes = enrol(client_for(coordinator), coordinator)
    log_in_with_password(client, coordinator.username, password)
    response = client.post(reverse("otp:verify"), {"code": codes[0], "next": "/"})
    assert response.status_code == 302
    client.logout()
    log_in_with_password(client, coordinator.username, password)
    response = client.post(reverse("otp:verify"), {"code": codes[0], "next": "/"})
    assert response.status_code == 200
    assert "Mã không đúng" in response.content.decode()


def test_new_backup_codes_replace_the_old_ones(client, client_for, coordinator, password):
    setup_client = client_for(coordinator)
    old = enrol(setup_client, coordinator)
    new = setup_client.post(reverse("otp:setup"), {"new_backup_codes": "1"}).context["codes"]
    assert set(old).isdisjoint(new)
    log_in_with_password(client, coordinator.username, password)
    assert client.post(reverse("otp:verify"), {"code": new[1], "next": "/"}).status_code == 302
    client.logout()
    log_in_with_password(client, coordinator.username, password)
    assert client.post(reverse("otp:verify"), {"code": old[1], "next": "/"}).status_code == 200


def test_the_token_endpoint_accepts_a_backup_code_once(client_for, coordinator, password, anonymous):
    codes = enrol(client_for(coordinator), coordinator)
    body = {"username": coordinator.username, "password": password, "otp_token": codes[2]}
    assert anonymous.post("/api/v1/auth/token/", body, format="json").status_code in (200, 201)
    assert anonymous.post("/api/v1/auth/token/", body, format="json").status_code == 401

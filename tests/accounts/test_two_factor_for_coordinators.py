"""REQUIRE_2FA_FOR_COORDINATORS: with it on, a coordinator (or superuser) uses nothing without a verified second
factor — not a page, not the API with a session, not a token; officers are not asked. Off by default."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .test_two_factor import code_for, device_of

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
ME = "/api/v1/me/"


@pytest.fixture
def required(settings):
    settings.REQUIRE_2FA_FOR_COORDINATORS = True


def test_off_by_default_a_coordinator_works_with_the_password_alone(client_for, coordinator, anonymous, password):
    assert client_for(coordinator).get("/").status_code == 200
    assert anonymous.post(TOKEN_URL, {"username": "alice", "password": password}, format="json").status_code == 201


def test_a_coordinator_without_a_device_is_sent_to_enrol_from_every_page(required, client_for, coordinator):
    client = client_for(coordinator)

    response = client.get("/")

    assert response.status_code == 302 and response["Location"].startswith(reverse("otp:setup"))
    assert client.get(reverse("otp:setup")).status_code == 200
    assert client.get(ME).status_code == 403  # the API with a session: JSON, no redirect


def test_after_enrolling_the_coordinator_works_on(required, client_for, coordinator):
    client = client_for(coordinator)
    client.get(reverse("otp:setup"))
    client.post(reverse("otp:setup"), {"code": code_for(device_of(coordinator)), "next": "/"})

    assert client.get("/").status_code == 200
    assert client.get(ME).status_code == 200


def test_an_enrolled_coordinators_unverified_session_must_enter_a_code(required, client_for, coordinator):
    TOTPDevice.objects.create(user=coordinator, name="Điện thoại", confirmed=True)

    response = client_for(coordinator).get("/")

    assert response.status_code == 302 and response["Location"].startswith(reverse("otp:verify"))


def test_officers_are_not_asked(required, client_for, officer, officer_api):
    assert client_for(officer).get("/").status_code == 200
    assert officer_api.get(ME).status_code == 200


def test_a_coordinator_without_a_device_gets_no_token(required, anonymous, password, coordinator):
    response = anonymous.post(TOKEN_URL, {"username": "alice", "password": password}, format="json")

    assert response.status_code == 403 and "xác thực hai bước" in response.json()["detail"]


def test_an_enrolled_coordinator_gets_a_token_with_a_code(required, anonymous, password, coordinator):
    device = TOTPDevice.objects.create(user=coordinator, name="Điện thoại", confirmed=True)
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"

    response = anonymous.post(TOKEN_URL, {"username": "alice", "password": password, "otp_token": code}, format="json")

    assert response.status_code == 201
    assert anonymous.get(ME, HTTP_AUTHORIZATION=f"Token {response.json()['token']}").status_code == 200


def test_a_token_minted_before_the_setting_stops_working_until_the_coordinator_enrols(
    settings, coordinator_api, officer_api
):
    assert coordinator_api.get(ME).status_code == 200
    settings.REQUIRE_2FA_FOR_COORDINATORS = True

    assert coordinator_api.get(ME).status_code == 401
    assert officer_api.get(ME).status_code == 200

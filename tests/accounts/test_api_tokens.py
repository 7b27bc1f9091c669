"""Tokens: obtained with a password (through django-axes), listed, revoked; anonymous requests get 401."""

import pytest
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts.models import AuthEvent
from core.api import TokenUserRateThrottle

# API tests run on a fixed Hanoi clock: 20/06/2026 10:00 (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("hanoi_clock")

TOKEN_URL = "/api/v1/auth/token/"

# Every GET endpoint without a path parameter; the detail endpoints are covered in test_permissions.
LIST_ENDPOINTS = [
    "/api/v1/agencies/",
    "/api/v1/memberships/",
    "/api/v1/me/",
    "/api/v1/communes/",
    "/api/v1/clusters/",
    "/api/v1/plans/",
    "/api/v1/task-groups/",
    "/api/v1/targets/",
    "/api/v1/tasks/",
    "/api/v1/progress-reports/",
    "/api/v1/extension-requests/",
    "/api/v1/audit-log/",
    "/api/v1/auth/tokens/",
    "/api/v1/schema/",
]


@pytest.mark.parametrize("url", LIST_ENDPOINTS)
def test_anonymous_request_gets_401_with_the_token_challenge(anonymous, db, url):
    response = anonymous.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_username_and_password_get_a_token_that_then_authenticates(anonymous, officer, password):
    response = anonymous.post(TOKEN_URL, {"username": "bob", "password": password}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["user"]["username"] == "bob"
    assert body["expiry"].startswith("2026-09-18")  # 90 days, the configured lifetime
    token = AuthToken.objects.get(user=officer)
    assert token.digest != body["token"], "only a hash of the token is stored"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    me = client.get("/api/v1/me/").json()
    assert (me["username"], me["role"], me["agency"]["code"]) == ("bob", "officer", "SXD")
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGIN, user=officer).exists()


def test_a_wrong_password_gets_401_and_is_recorded_as_a_failed_login(anonymous, officer):
    response = anonymous.post(TOKEN_URL, {"username": "bob", "password": "sai-mật-khẩu"}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGIN_FAILED, username="bob").exists()
    assert not AuthToken.objects.exists()


def test_repeated_wrong_passwords_lock_the_account_out_with_429_even_for_the_right_one(
    anonymous, officer, password, settings, monkeypatch
):
    monkeypatch.undo()  # the real clock: axes ages its records by it
    settings.AXES_FAILURE_LIMIT = 3
    for _attempt in range(3):
        anonymous.post(TOKEN_URL, {"username": "bob", "password": "sai-mật-khẩu"}, format="json")
    response = anonymous.post(TOKEN_URL, {"username": "bob", "password": password}, format="json")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert int(response["Retry-After"]) == 15 * 60
    assert not AuthToken.objects.exists()


def test_a_token_request_with_unknown_fields_or_no_password_gets_400(anonymous, officer):
    response = anonymous.post(TOKEN_URL, {"username": "bob", "otp": "123"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"password", "otp"}


def test_a_token_that_is_not_text_gets_401_not_a_server_error(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token \xe9\xe9\xe9")
    assert client.get("/api/v1/me/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Token abc\x00def")
    assert client.get("/api/v1/me/").status_code == 401


def test_an_officer_lists_only_their_own_tokens(officer_api, coordinator_api, officer):
    tokens = officer_api.get("/api/v1/auth/tokens/").json()["results"]
    assert [t["user"]["username"] for t in tokens] == ["bob"]
    assert tokens[0]["current"] is True
    assert "token" not in tokens[0] and "digest" not in tokens[0]


def test_a_coordinator_lists_everyones_tokens(officer_api, coordinator_api):
    tokens = coordinator_api.get("/api/v1/auth/tokens/").json()["results"]
    assert {t["user"]["username"] for t in tokens} == {"alice", "bob"}


def test_an_officer_revokes_their_own_token_but_not_anothers(officer_api, other_officer_api, other_officer):
    theirs = AuthToken.objects.get(user=other_officer).token_key
    assert officer_api.delete(f"/api/v1/auth/tokens/{theirs}/").status_code == 404
    own = AuthToken.objects.get(user=officer_api.user).token_key
    assert officer_api.delete(f"/api/v1/auth/tokens/{own}/").status_code == 204
    assert officer_api.get("/api/v1/me/").status_code == 401
    assert other_officer_api.get("/api/v1/me/").status_code == 200


def test_a_coordinator_revokes_a_leaked_token_of_an_officer(coordinator_api, officer_api):
    key = AuthToken.objects.get(user=officer_api.user).token_key
    assert coordinator_api.delete(f"/api/v1/auth/tokens/{key}/").status_code == 204
    assert officer_api.get("/api/v1/me/").status_code == 401


def test_revoking_a_token_that_does_not_exist_is_404(coordinator_api):
    assert coordinator_api.delete("/api/v1/auth/tokens/nope/").status_code == 404
    assert coordinator_api.delete("/api/v1/auth/tokens/%00%00/").status_code == 404


def test_logout_revokes_the_token_it_was_sent_with(officer_api, officer):
    assert officer_api.post("/api/v1/auth/logout/").status_code == 204
    assert officer_api.get("/api/v1/me/").status_code == 401
    assert AuthEvent.objects.filter(kind=AuthEvent.Kind.LOGOUT, user=officer).exists()


def test_a_token_client_past_its_rate_gets_429_with_retry_after(officer_api, monkeypatch):
    monkeypatch.setattr(TokenUserRateThrottle, "THROTTLE_RATES", {"token": "3/minute"})
    statuses = [officer_api.get("/api/v1/me/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = officer_api.get("/api/v1/me/")
    assert 0 < int(response["Retry-After"]) <= 60


def test_a_browser_session_is_not_throttled(client_for, officer, monkeypatch):
    monkeypatch.setattr(TokenUserRateThrottle, "THROTTLE_RATES", {"token": "1/minute"})
    client = client_for(officer)
    assert [client.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 200]


def test_a_member_without_a_role_sees_nothing(api_for, db):
    from tests.factories import TaskFactory, UserFactory

    TaskFactory()
    api = api_for(UserFactory(username="nobody"))
    assert api.get("/api/v1/tasks/").json()["count"] == 0
    assert api.get("/api/v1/me/").json()["role"] is None


def test_a_user_with_two_factor_needs_the_code_to_get_a_token(anonymous, coordinator, password):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=coordinator, name="Điện thoại", confirmed=True)
    credentials = {"username": "alice", "password": password}

    without_code = anonymous.post(TOKEN_URL, credentials, format="json")
    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    with_code = anonymous.post(TOKEN_URL, {**credentials, "otp_token": code}, format="json")
    wrong_code = anonymous.post(TOKEN_URL, {**credentials, "otp_token": "000000"}, format="json")

    assert (without_code.status_code, wrong_code.status_code, with_code.status_code) == (401, 401, 201)
    assert "otp_token" in without_code.json()["detail"]


def test_an_expired_token_is_refused_and_deleted_while_the_users_live_token_works(coordinator, hanoi_clock):
    """accounts.api.authentication checks only the token used (knox read every token of the user on each
    request): an expired one answers 401 and is gone; the user's other, live token still works."""
    import datetime

    expired, expired_key = AuthToken.objects.create(user=coordinator, expiry=datetime.timedelta(days=1))
    _live, live_key = AuthToken.objects.create(user=coordinator, expiry=datetime.timedelta(days=30))
    hanoi_clock.move_to(datetime.date(2026, 6, 25))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {expired_key}")
    assert client.get("/api/v1/me/").status_code == 401
    assert not AuthToken.objects.filter(pk=expired.pk).exists()
    client.credentials(HTTP_AUTHORIZATION=f"Token {live_key}")
    assert client.get("/api/v1/me/").status_code == 200

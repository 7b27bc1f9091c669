"""What the database would refuse or could not finish is answered in words: a NUL in a query parameter is a
400, a transaction the database gave up on (deadlock, serialization failure) is a 503 saying "try again",
and a body nested too deep for the parser is a 400."""

import psycopg
import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path

from config import urls as root_urls

pytestmark = pytest.mark.django_db

PAGES = ["/", "/tasks/", "/tasks/export.xlsx", "/clusters/", "/audit/", "/agencies/", "/my/", "/audit/export.csv"]
API_LISTS = [
    "/api/v1/tasks/",
    "/api/v1/clusters/",
    "/api/v1/agencies/",
    "/api/v1/audit-log/",
    "/api/v1/extension-requests/",
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("query", ["q=a%00b", "a%00=1", "status=x&status=%00"])
def test_a_nul_in_any_query_parameter_of_a_page_is_a_400_in_vietnamese(url, query, client_for, coordinator):
    response = client_for(coordinator).get(f"{url}?{query}")
    assert response.status_code == 400
    assert "ký tự không hợp lệ" in response.content.decode()


@pytest.mark.parametrize("url", API_LISTS)
def test_a_nul_in_any_query_parameter_of_an_api_list_is_a_json_400(url, coordinator_api):
    response = coordinator_api.get(f"{url}?search=a%00b")
    assert response.status_code == 400
    assert "ký tự không hợp lệ" in response.json()["detail"]


def test_a_deeply_nested_json_body_is_a_400_not_a_server_error(coordinator_api, open_task):
    body = "[" * 100_000 + "]" * 100_000
    response = coordinator_api.post(f"/api/v1/tasks/{open_task.pk}/cancel/", body, content_type="application/json")
    assert response.status_code == 400
    assert "lồng nhau quá sâu" in response.json()["detail"]


def test_a_deeply_nested_json_body_on_an_upload_endpoint_is_a_400(officer_api, open_task):
    body = '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = officer_api.post(
        f"/api/v1/tasks/{open_task.pk}/progress-reports/", body, content_type="application/json"
    )
    assert response.status_code == 400


# --- a transaction the database gave up on ------------------------------------------------------------


def deadlock(request):
    try:
        raise psycopg.errors.DeadlockDetected("deadlock detected")
    except psycopg.Error as exc:
        raise OperationalError("deadlock detected") from exc


urlpatterns = [path("api/v1/deadlock/", deadlock), path("deadlock/", deadlock), *root_urls.urlpatterns]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_deadlock_in_the_api_is_a_json_503_asking_to_retry(coordinator):
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    response = client.get("/api/v1/deadlock/")
    assert response.status_code == 503
    assert response["Retry-After"] == "2"
    assert "thử lại" in response.json()["detail"]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_deadlock_on_a_page_says_nothing_was_saved_and_to_try_again(coordinator):
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    response = client.get("/deadlock/")
    assert response.status_code == 503
    assert "chưa có gì được lưu" in response.content.decode()


def test_kept_database_connections_are_checked_before_use():
    # With DB_CONN_MAX_AGE > 0 a connection the database dropped is replaced before a request uses it.
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def _connection_lost(*args, **kwargs):
    """What psycopg raises on the first query of a kept connection the server has terminated."""
    try:
        raise psycopg.errors.AdminShutdown("terminating connection due to administrator command")
    except psycopg.Error as exc:
        raise OperationalError("terminating connection due to administrator command") from exc


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    ("where", "path"),
    [
        # A middleware's first query (outside any view: RequestGuardMiddleware never sees it; handler500 does).
        ("accounts.two_factor.SecondFactorMiddleware._second_factor_response", "/"),
        ("agencies.scoping.membership_of", "/"),  # a page: the dashboard asks for the membership
        ("accounts.api.authentication.TokenAuthentication.authenticate_credentials", "/api/v1/tasks/"),
    ],
)
def test_a_lost_database_connection_is_a_503_asking_to_retry_never_a_500(where, path, coordinator, monkeypatch):
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION="Token " + "a" * 64)
    client.force_login(coordinator)
    monkeypatch.setattr(where, _connection_lost)

    response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "2"

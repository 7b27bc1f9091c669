"""Sessions end after 30 idle minutes, cookies are locked down, and every form needs its CSRF token."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .conftest import WRONG_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    """Any page that needs a login."""
    return reverse("password_change")


def test_a_session_idle_for_longer_than_the_limit_is_refused(client_for, officer, page, travel):
    client = client_for(officer)
    assert client.get(page).status_code == 200

    travel(minutes=31)
    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_each_request_pushes_the_idle_limit_forward(client_for, officer, page, travel):
    client = client_for(officer)

    travel(minutes=20)
    assert client.get(page).status_code == 200
    travel(minutes=40)  # 20 minutes after the last request, 40 after the login
    assert client.get(page).status_code == 200
    travel(minutes=40 + 31)
    assert client.get(page).status_code == 302


def test_the_idle_limit_follows_the_setting(client_for, officer, page, travel, settings):
    settings.SESSION_COOKIE_AGE = 10 * 60  # SESSION_IDLE_MINUTES=10
    client = client_for(officer)

    travel(minutes=11)

    assert client.get(page).status_code == 302


def test_the_session_cookie_is_http_only_and_same_site(client, officer, password):
    client.post(reverse("login"), {"username": "bob", "password": password})

    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""  # also gone when the browser closes


def test_the_csrf_cookie_is_same_site(client):
    client.get(reverse("login"))

    assert client.cookies["csrftoken"]["samesite"] == "Lax"


def test_a_login_without_a_csrf_token_is_refused(officer, password):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "bob", "password": password})

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_a_login_with_the_pages_csrf_token_is_accepted(officer, password):
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))

    response = client.post(
        reverse("login"),
        {"username": "bob", "password": password, "csrfmiddlewaretoken": client.cookies["csrftoken"].value},
    )

    assert response.status_code == 302


def test_a_failed_login_shows_the_form_again_without_saying_which_part_was_wrong(client, officer):
    response = client.post(reverse("login"), {"username": "bob", "password": WRONG_PASSWORD})

    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert response.context["form"].errors["__all__"]


def test_requests_within_a_minute_do_not_write_the_session(client_for, officer, page, travel):
    client = client_for(officer)
    with CaptureQueriesContext(connection) as first:
        client.get(page)
    travel(minutes=2)
    with CaptureQueriesContext(connection) as later:
        client.get(page)

    def session_writes(queries):
        return [q for q in queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]]

    assert session_writes(first) == []  # the login started the idle clock
    assert len(session_writes(later)) == 1  # a minute on, the expiry is pushed forward


def test_the_session_status_tells_the_time_left_without_pushing_it(client_for, officer, travel):
    client = client_for(officer)
    url = reverse("session_status")

    travel(minutes=20)
    assert client.get(url).json() == {"authenticated": True, "expires_in": 10 * 60}
    travel(minutes=25)  # the status was asked, but nothing else: the session still ends 30 minutes after login
    assert client.get(url).json() == {"authenticated": True, "expires_in": 5 * 60}
    travel(minutes=31)
    assert client.get(url).json() == {"authenticated": False, "expires_in": 0}


def test_the_session_status_of_an_anonymous_visitor(client):
    assert client.get(reverse("session_status")).json() == {"authenticated": False, "expires_in": 0}

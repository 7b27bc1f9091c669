"""A form posted after the session ended is kept for its author: after logging in again, the same page shows what
was typed; nobody else ever sees it; the session warning's "Tiếp tục làm việc" restarts the idle clock."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from accounts.kept_forms import KEPT, LAST_USER_COOKIE

pytestmark = pytest.mark.django_db

EXPIRED_MESSAGE = "Phiên làm việc đã hết hạn. Đăng nhập lại để lưu những gì bạn đã nhập."


def logged_in(username, password):
    """A browser logged in through the real login page (which leaves the last-user cookie)."""
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302
    return client


def kept_form_of(response):
    """The values the page hands back to its form (the JSON the page script reads), or None."""
    html = response.content.decode()
    start = html.find('<script id="kept-form" type="application/json">')
    if start == -1:
        return None
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


def post_after_expiry(client, travel, url, data, referer=None):
    travel(minutes=31)
    extra = {"HTTP_REFERER": f"http://testserver{referer}"} if referer else {}
    return client.post(url, data, **extra)


def test_a_form_posted_after_the_session_ended_comes_back_filled_after_login(coordinator, open_task, password, travel):
    client = logged_in("alice", password)
    url = reverse("tasks:task_update", args=[open_task.pk])
    assert client.get(url).status_code == 200

    response = post_after_expiry(
        client,
        travel,
        url,
        {"title": "Tên mới đã gõ", "reason": "Theo ý kiến lãnh đạo", "csrfmiddlewaretoken": "x", "password": "bí mật"},
    )

    assert response.status_code == 302
    login_url = urlsplit(response["Location"])
    assert login_url.path == reverse("login")
    next_url = parse_qs(login_url.query)["next"][0]
    assert urlsplit(next_url).path == url and "kept=" in next_url
    login_page = client.get(response["Location"])
    assert EXPIRED_MESSAGE in login_page.content.decode()
    # Only the session key is in the browser; the values are on the server.
    assert "Tên mới" not in str(client.cookies)

    response = client.post(reverse("login"), {"username": "alice", "password": password, "next": next_url})
    assert response["Location"] == next_url
    kept = kept_form_of(client.get(next_url))

    assert kept["action"] == url
    assert kept["fields"] == {"title": ["Tên mới đã gõ"], "reason": ["Theo ý kiến lãnh đạo"]}
    # One use: the same address again shows the page as it is.
    assert kept_form_of(client.get(next_url)) is None


def test_a_form_posted_elsewhere_comes_back_on_the_page_it_was_on(officer, task, password, travel):
    client = logged_in("bob", password)
    page = reverse("tasks:task_detail", args=[task.pk])

    response = post_after_expiry(
        client,
        travel,
        reverse("tasks:progress_report_create", args=[task.pk]),
        {"progress-progress_percent": "40", "progress-content": "Đã xong dự thảo"},
        referer=page,
    )
    next_url = parse_qs(urlsplit(response["Location"]).query)["next"][0]
    assert urlsplit(next_url).path == page

    client.post(reverse("login"), {"username": "bob", "password": password})
    kept = kept_form_of(client.get(next_url))
    assert kept["action"] == reverse("tasks:progress_report_create", args=[task.pk])
    assert kept["fields"]["progress-content"] == ["Đã xong dự thảo"]


def test_another_user_logging_in_on_the_same_browser_never_sees_the_form(
    coordinator, second_coordinator, open_task, password, travel
):
    client = logged_in("alice", password)
    url = reverse("tasks:task_update", args=[open_task.pk])
    response = post_after_expiry(client, travel, url, {"title": "Việc riêng của Alice", "reason": "x"})
    next_url = parse_qs(urlsplit(response["Location"]).query)["next"][0]

    client.post(reverse("login"), {"username": "anna", "password": password})
    page = client.get(next_url)

    assert page.status_code == 200
    assert kept_form_of(page) is None
    assert "Việc riêng của Alice" not in page.content.decode()
    assert KEPT not in client.session  # discarded at the login


def test_a_post_from_a_browser_nobody_logged_in_on_is_not_kept(coordinator, open_task):
    client = Client()
    url = reverse("tasks:task_update", args=[open_task.pk])

    response = client.post(url, {"title": "Không ai", "reason": "x"})

    assert response.status_code == 302
    assert "kept" not in response["Location"]
    assert KEPT not in client.session


def test_logging_out_forgets_who_was_logged_in(coordinator, password):
    client = logged_in("alice", password)
    assert client.cookies[LAST_USER_COOKIE].value

    client.post(reverse("logout"))

    assert client.cookies[LAST_USER_COOKIE].value == ""


def test_continue_working_restarts_the_idle_clock(client_for, officer, travel, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    client = client_for(officer)
    url = reverse("session_status")
    page = reverse("password_change")
    client.get(page)

    travel(minutes=27)
    assert client.get(url).json() == {"authenticated": True, "expires_in": 3 * 60}
    assert client.post(url).json() == {"authenticated": True, "expires_in": 30 * 60}

    travel(minutes=27 + 29)
    assert client.get(page).status_code == 200


def test_continue_working_needs_the_csrf_token(officer, password):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)

    assert client.post(reverse("session_status")).status_code == 403


def test_every_page_carries_the_warning_in_vietnamese(client_for, officer, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    html = client_for(officer).get(reverse("password_change")).content.decode()

    assert 'role="alertdialog"' in html
    assert "Phiên làm việc sắp hết hạn" in html
    assert "Tiếp tục làm việc" in html
    assert 'data-warn-before="300"' in html
    # Plain digits for the script: "1.800" (Vietnamese thousands) read as 1 s checked the session on every page.
    assert 1790 <= int(re.search(r'data-expires-in="(\d+)"', html).group(1)) <= 1800

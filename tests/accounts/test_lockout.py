"""Login lockout (django-axes): per account and address, with a cool-off, an admin unlock, and behind a proxy."""

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from accounts.lockout import client_ip_address
from accounts.models import AuthEvent

from .conftest import PROXY_ADDRESS, WRONG_PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = 429


def fail(log_in, username, times, **where):
    return [log_in(username, WRONG_PASSWORD, **where).status_code for _ in range(times)]


def test_the_fifth_wrong_password_locks_the_account_at_that_address(log_in, officer, password):
    assert fail(log_in, "bob", 4) == [200, 200, 200, 200]  # the form again, with an error

    assert fail(log_in, "bob", 1) == [LOCKED]
    assert log_in("bob", password).status_code == LOCKED  # even the right password now


def test_locked_out_page_is_in_vietnamese_and_names_the_cool_off(log_in, officer):
    fail(log_in, "bob", 5)

    response = log_in("bob", WRONG_PASSWORD)

    assert response.status_code == LOCKED
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "khóa" in page.lower()  # "tạm khóa": locked
    assert 'lang="vi"' in page


def test_lockout_holds_for_one_address_only(log_in, officer, password):
    fail(log_in, "bob", 5, address="198.51.100.7")

    assert log_in("bob", password, address="198.51.100.8").status_code == 302


def test_one_address_cannot_lock_out_other_accounts(log_in, officer, other_officer, password):
    fail(log_in, "bob", 5, address="198.51.100.7")

    assert log_in("carol", password, address="198.51.100.7").status_code == 302


def test_lockout_ends_after_the_cool_off(log_in, officer, password, travel):
    fail(log_in, "bob", 5)

    travel(minutes=14)
    assert log_in("bob", password).status_code == LOCKED

    travel(minutes=14 + 16)  # the attempt at minute 14 started the cool-off again
    assert log_in("bob", password).status_code == 302


def test_a_successful_login_clears_earlier_failures(log_in, officer, password, client):
    fail(log_in, "bob", 4)
    assert log_in("bob", password).status_code == 302
    client.logout()

    assert fail(log_in, "bob", 4) == [200, 200, 200, 200]
    assert log_in("bob", password).status_code == 302


# --- behind the reverse proxy -----------------------------------------------------------------------------


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.mark.usefixtures("behind_one_proxy")
def test_clients_behind_the_proxy_are_counted_by_their_own_address(log_in, officer, password, client):
    fail(log_in, "bob", 5, address=PROXY_ADDRESS, forwarded="203.0.113.5")

    assert log_in("bob", password, address=PROXY_ADDRESS, forwarded="203.0.113.6").status_code == 302
    client.logout()  # (the login page sends a signed-in user straight on, without trying the password)
    assert log_in("bob", password, address=PROXY_ADDRESS, forwarded="203.0.113.5").status_code == LOCKED


@pytest.mark.usefixtures("behind_one_proxy")
def test_an_address_the_client_forged_in_the_header_is_ignored(log_in, officer, password):
    # nginx appends the address it saw to whatever the client sent.
    for forged in ("192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"):
        log_in("bob", WRONG_PASSWORD, address=PROXY_ADDRESS, forwarded=f"{forged}, 203.0.113.5")

    assert log_in("bob", password, address=PROXY_ADDRESS, forwarded="203.0.113.5").status_code == LOCKED
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"


def test_without_a_proxy_the_forwarded_header_is_not_trusted(log_in, officer, password):
    fail(log_in, "bob", 5, address="198.51.100.7", forwarded="203.0.113.5")

    assert log_in("bob", password, address="198.51.100.7", forwarded="203.0.113.6").status_code == LOCKED


@pytest.mark.usefixtures("behind_one_proxy")
def test_login_records_keep_the_clients_address_not_the_proxys(log_in, officer, password):
    log_in("bob", WRONG_PASSWORD, address=PROXY_ADDRESS, forwarded="203.0.113.5")
    log_in("bob", password, address=PROXY_ADDRESS, forwarded="203.0.113.5")

    assert {event.ip_address for event in AuthEvent.objects.all()} == {"203.0.113.5"}


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, "203.0.113.5", PROXY_ADDRESS),  # no proxy: the header is the client's own word
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "192.0.2.1, 203.0.113.5", "203.0.113.5"),
        (2, "192.0.2.1, 203.0.113.5, 10.0.0.9", "203.0.113.5"),  # a load balancer, then nginx
        (1, None, PROXY_ADDRESS),  # the proxy itself (a health check)
        (1, "not-an-address", PROXY_ADDRESS),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_the_one_the_nearest_trusted_proxy_saw(proxies, forwarded, address, settings):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=PROXY_ADDRESS, **headers)

    assert client_ip_address(request) == address


# --- unlocking ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("unlocker", ["coordinator", "superuser"])
def test_deleting_the_attempt_in_the_admin_unlocks_the_account(unlocker, request, log_in, officer, password):
    fail(log_in, "bob", 5)
    attempt = AccessAttempt.objects.get(username="bob")
    admin_client = request.getfixturevalue("client_for")(request.getfixturevalue(unlocker))

    response = admin_client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert log_in("bob", password).status_code == 302


def test_officers_cannot_unlock_in_the_admin(log_in, officer, other_officer, client_for):
    fail(log_in, "bob", 5)
    attempt = AccessAttempt.objects.get(username="bob")

    response = client_for(other_officer).post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )

    assert response.status_code == 302 and "/login/" in response["Location"]  # the admin's own login page
    assert AccessAttempt.objects.filter(pk=attempt.pk).exists()


def test_axes_reset_username_command_unlocks_the_account(log_in, officer, password):
    fail(log_in, "bob", 5)

    call_command("axes_reset_username", "bob")

    assert log_in("bob", password).status_code == 302


def test_a_username_past_its_length_is_a_form_error_and_no_failed_attempt_is_recorded(log_in, officer):
    """Django sets the username's length on the page only; past it, authenticate() and django-axes' record
    (varchar 255) were reached, a 500 on PostgreSQL."""
    response = log_in("b" * 5000, WRONG_PASSWORD)

    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not AccessAttempt.objects.exists()

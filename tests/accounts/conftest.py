"""Helpers for the front-door tests: log in through the real login page, from a given address, at a given time."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

WRONG_PASSWORD = "không-phải-mật-khẩu-này"
PROXY_ADDRESS = "10.0.0.2"  # the nginx in front of gunicorn, as the application sees it


@pytest.fixture(autouse=True)
def _axes_defaults(settings):
    """The shipped lockout settings, whatever the environment of the test run says."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
    settings.TRUSTED_PROXY_COUNT = 0


@pytest.fixture
def log_in(client):
    """log_in(username, password, address=..., forwarded=None, client=...) -> the login page's response."""

    def _log_in(username, password, address="198.51.100.7", forwarded=None, client=client):
        extra = {"REMOTE_ADDR": address}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return client.post(reverse("login"), {"username": username, "password": password}, **extra)

    return _log_in


@pytest.fixture
def travel(monkeypatch):
    """travel(minutes) moves the clock to that many minutes after the test began, for django-axes (its
    cool-off) and the session store."""
    start = timezone.now()

    def _travel(minutes):
        moved = start + datetime.timedelta(minutes=minutes)
        monkeypatch.setattr("axes.handlers.proxy.now", lambda: moved)
        monkeypatch.setattr("django.utils.timezone.now", lambda: moved)
        return moved

    return _travel

"""API fixtures: a token client per user, and a clean throttle cache for every test."""

import pytest
from django.core.cache import cache
from knox.models import AuthToken
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Each test makes several users; the production hasher's deliberate slowness is not under test here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Throttle counters live in the cache, keyed by user id; ids are reused across rolled-back tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_for(db):
    """api_for(user) -> an APIClient sending ``Authorization: Token <a new token of that user>``."""

    def make(user):
        _instance, token = AuthToken.objects.create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        client.user = user
        return client

    return make


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture(autouse=True)
def hanoi_clock(monkeypatch):
    """'Now' is 20/06/2026 10:00 in Hanoi, ticking a millisecond per reading so history keeps its order."""
    import datetime
    import itertools

    import django.utils.timezone as tz

    start = datetime.datetime(2026, 6, 20, 3, 0, tzinfo=datetime.UTC)
    ticks = itertools.count()
    monkeypatch.setattr(tz, "now", lambda: start + datetime.timedelta(milliseconds=next(ticks)))


@pytest.fixture
def coordinator_api(api_for, coordinator):
    return api_for(coordinator)


@pytest.fixture
def officer_api(api_for, officer):
    return api_for(officer)


@pytest.fixture
def other_officer_api(api_for, other_officer):
    return api_for(other_officer)


@pytest.fixture
def viewer_api(api_for, viewer):
    return api_for(viewer)

"""API fixtures: a token client per user, and a clean throttle cache for every test."""

import pytest
from django.core.cache import cache
from knox.models import AuthToken
from rest_framework.test import APIClient


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

"""Fixtures for the foundation tests: a fixed "now" in Hanoi."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

UTC = datetime.UTC


@pytest.fixture
def clock():
    """clock(datetime in UTC): from then on, django.utils.timezone.now() returns it (the real clock API)."""
    patches = []

    def set_now(moment):
        patcher = mock.patch("django.utils.timezone.now", return_value=moment)
        patcher.start()
        patches.append(patcher)
        return moment

    yield set_now
    for patcher in reversed(patches):
        patcher.stop()


@pytest.fixture
def hanoi_morning(clock):
    """10:00 on 10/03/2026 in Hanoi (03:00 UTC): today is 10/03/2026 both in Hanoi and in UTC."""
    clock(datetime.datetime(2026, 3, 10, 3, 0, tzinfo=UTC))
    assert timezone.localdate() == datetime.date(2026, 3, 10)
    return datetime.date(2026, 3, 10)

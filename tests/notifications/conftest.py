"""Fixtures of the notification tests: a fixed Hanoi clock, and tasks due so many days from "today"."""

import datetime

import pytest

from tests.factories import TaskFactory

# Saturday 20/06/2026, 10:00 in Hanoi.
TODAY = datetime.date(2026, 6, 20)
TEN_AM_IN_HANOI = datetime.datetime(2026, 6, 20, 3, 0, tzinfo=datetime.UTC)


def set_clock(monkeypatch, instant):
    """Make Django's clock (and so local_today(), auto_now_add…) read ``instant``."""
    import django.utils.timezone as tz

    monkeypatch.setattr(tz, "now", lambda: instant)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """The clock stands at TEN_AM_IN_HANOI unless a test moves it: clock(instant)."""
    set_clock(monkeypatch, TEN_AM_IN_HANOI)
    return lambda instant: set_clock(monkeypatch, instant)


@pytest.fixture
def due_in(group, agency):
    """due_in(days, **fields) -> a task SXD leads, due ``days`` after TODAY (negative: overdue)."""

    def make(days, **fields):
        fields.setdefault("lead_agency", agency)
        due = TODAY + datetime.timedelta(days=days)
        return TaskFactory(group=group, due_date=due, start_date=min(due, datetime.date(2026, 1, 1)), **fields)

    return make

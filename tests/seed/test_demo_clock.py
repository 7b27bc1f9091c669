"""The demo loader's clock: each event is played with "now" at office hours in Hanoi on its day, in the order of
the days, never after the moment the load began; the real clock is back afterwards."""

import datetime

import pytest
from django.core.management.base import CommandError
from django.utils import timezone

from seed.demo_clock import Event, replay
from tasks.models import local_today

MONDAY, TUESDAY = datetime.date(2026, 1, 5), datetime.date(2026, 1, 6)


def test_events_are_played_in_the_order_of_their_days_at_office_hours_with_the_clock_on_their_day():
    seen = []

    def note(name):
        return lambda: seen.append((name, local_today(), timezone.localtime(timezone.now())))

    replay([Event(TUESDAY, note("b")), Event(MONDAY, note("a")), Event(TUESDAY, note("c"))], until=timezone.now())

    assert [(name, day) for name, day, _moment in seen] == [("a", MONDAY), ("b", TUESDAY), ("c", TUESDAY)]
    moments = [moment for _name, _day, moment in seen]
    assert moments == sorted(moments)
    assert all(datetime.time(8) <= moment.time() <= datetime.time(17) for moment in moments)
    assert abs(timezone.now() - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=1)  # real again


def test_an_event_after_the_moment_the_load_began_is_refused():
    played = []
    began = timezone.make_aware(datetime.datetime.combine(TUESDAY, datetime.time(7)))

    with pytest.raises(CommandError, match="06/01/2026"):
        replay([Event(TUESDAY, lambda: played.append(1))], until=began)
    assert played == []

"""DEMO ONLY: the clock the demo loader replays its story with, so that its history carries real dates.

``load_demo_data`` plans its story as events, each on a day of the plan's life, and plays every one of them
through the services with ``django.utils.timezone.now`` reading that day at office hours in Hanoi. The
services' ``auto_now_add`` fields, simple-history's ``history_date``, ``local_today()`` (and so the services'
"not after today" checks) and the bell's notifications all read that clock, so every record carries the day
its event happened.

Swapping ``timezone.now`` is a process-wide device: it is fit only for a management command running in one
thread, and no request path uses it. The clock never reads later than the moment the load began.
"""

import datetime
import itertools
import random
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.management.base import CommandError
from django.utils import timezone

# Events of one day are spread over the working day in Hanoi, in the order they were planned.
WORKDAY_START = datetime.time(8, 0)
WORKDAY = datetime.timedelta(hours=9)


@dataclass
class Event:
    """One step of the demo's story: ``play()`` run on ``day``."""

    day: datetime.date
    play: Callable[[], object]


@contextmanager
def clock_at(moment):
    """Run the block with ``timezone.now()`` reading ``moment``, a millisecond later at each reading, so the
    records one service call writes keep their order."""
    ticks = itertools.count()
    real_now = timezone.now
    timezone.now = lambda: moment + datetime.timedelta(milliseconds=next(ticks))
    try:
        yield
    finally:
        timezone.now = real_now


def office_moment(day, index, count):
    """The moment of the ``index``-th of ``count`` events on ``day``: somewhere in its share of the working day
    in Hanoi (the same for the same day, so a second load of the same story gives the same moments)."""
    start = timezone.make_aware(datetime.datetime.combine(day, WORKDAY_START))
    share = WORKDAY / count
    return start + share * index + share * random.Random(day.toordinal() * 1000 + index).uniform(0.1, 0.9)


def replay(events, *, until):
    """Play ``events`` in the order of their days (a day's in the order given), each with the clock at its
    moment. Refuses an event after ``until`` (the moment the load began): the demo has no future."""
    ordered = sorted(events, key=lambda event: event.day)
    for day, group in itertools.groupby(ordered, key=lambda event: event.day):
        group = list(group)
        for index, event in enumerate(group):
            moment = office_moment(day, index, len(group))
            if moment >= until:
                raise CommandError(f"Sự kiện mẫu ngày {day:%d/%m/%Y} nằm sau thời điểm hiện tại.")
            with clock_at(moment):
                event.play()

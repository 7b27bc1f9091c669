"""The dashboard measures the plan's targets on the clusters that may count (``targets.might_count``), not on the
whole register: on a varied register, every target, with and without a list and with its own window, on days
before, inside and after the window, has the same progress either way."""

import datetime
from decimal import Decimal

import pytest

from clusters import register
from clusters.selectors import PageRegister
from tasks import targets
from tasks.models import Target
from tests.clusters.varied import varied_register
from tests.factories import PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db
Measure = Target.Measure
DAYS = [datetime.date(2025, 12, 31), datetime.date(2026, 6, 14), datetime.date(2026, 8, 1), datetime.date(2027, 3, 1)]


def test_the_progress_measured_on_the_clusters_that_may_count_is_the_progress_on_the_whole_register():
    clusters = varied_register()
    plan = PlanFactory()  # 2026
    made = []
    for measure in Measure:
        made.append(TargetFactory(plan=plan, measure=measure, fill_threshold_pct=Decimal(50), manual_value=3))
        own_window = TargetFactory(
            plan=plan,
            measure=measure,
            fill_threshold_pct=Decimal(30),
            window_start=datetime.date(2025, 7, 1),
            window_end=datetime.date(2026, 9, 30),
        )
        own_window.clusters.set(clusters[::3])
        made.append(own_window)
    counted = 0
    for day in DAYS:
        whole = register.as_of(day)
        narrowed = targets.progress_of(made, day)
        # As the dashboard reads them: with the register figures, in one register (clusters.selectors.PageRegister).
        shared = targets.progress_of(made, day, PageRegister(day).covering)
        for target in made:
            expected = targets.progress(target, whole)
            assert narrowed[target.pk] == expected, (target.measure, day)
            assert shared[target.pk] == expected, (target.measure, day)
            counted += bool(expected.current)
    assert counted >= 10  # the world counts something for most targets, not only zeros

"""The figures counted in SQL (or on the clusters that may count) equal those of the register's own rules in Python
(``clusters.register.ClusterState``), on a varied register and on days before, between and after its facts."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Q

from clusters import register
from clusters.models import Cluster
from clusters.selectors import PageRegister, land_figures, register_figures, register_figures_on
from tests.clusters.varied import varied_register

pytestmark = pytest.mark.django_db
DAYS = [datetime.date(2024, 1, 1), datetime.date(2025, 6, 14), datetime.date(2026, 3, 1), datetime.date(2027, 6, 1)]


@pytest.fixture
def varied():
    return varied_register()


def test_the_area_in_force_in_sql_is_the_states_area(varied):
    for day in DAYS:
        in_sql = dict(register.with_area_on(Cluster.objects.all(), day).values_list("pk", "area_in_force"))
        assert in_sql == {state.id: state.area for state in register.as_of(day)}, day


def python_land_figures(day, clusters):
    """The register page's figures as the whole register in Python gives them."""
    whole = register.as_of(day, clusters=clusters)
    occupancy, counted = whole.occupancy()
    areas = [state.area for state in whole.in_register if state.area is not None]
    leased = [state.land.leased for state in counted if state.land.leased is not None]
    return {
        "count": len(whole.states),
        "total_area": sum(areas, Decimal(0)) if areas else None,
        "leased_land": sum(leased, Decimal(0)) if leased else None,
        "occupancy": occupancy,
        "occupancy_clusters": len(counted),
    }


def test_the_register_pages_figures_equal_the_whole_registers(varied):
    seen_occupancy = 0
    for day in DAYS:
        for clusters in (Cluster.objects.all(), Cluster.objects.filter(pk__in=[c.pk for c in varied[::2]])):
            expected = python_land_figures(day, clusters)
            assert land_figures(clusters, clusters.count(), day) == expected, day
            seen_occupancy += expected["occupancy"] is not None
    assert seen_occupancy >= 3  # the world has operating clusters with figures in force, not only empty answers


def test_the_dashboards_register_figures_equal_the_whole_registers(varied):
    """The dashboard counts the clusters whose own columns decide their state in SQL (``register_figures_on``): its
    figures are those of the whole register in Python, for every cluster and for a scope, on every day."""
    undated = varied_register(count=40, seed=306, dated=False, prefix="U")
    assert undated and not Cluster.objects.filter(pk__in=[c.pk for c in undated]).filter(register.dated(DAYS[-1]))
    scopes = (None, Cluster.objects.filter(pk__in=[c.pk for c in [*varied[::2], *undated[::3]]]))
    seen = set()
    for day in DAYS:
        for clusters in scopes:
            expected = register_figures(register.as_of(day, clusters=clusters))
            assert register_figures_on(day, clusters=clusters) == expected, (day, clusters)
            seen.update(item["status"] for item in expected["by_status"] if item["count"])
    # The days and clusters reach most stages, ended ones included, not only empty answers.
    assert len(seen) >= 7 and Cluster.Status.REVOKED in seen


def test_one_page_register_covers_the_named_clusters_and_gives_the_figures_of_the_whole_register(varied):
    """The dashboard reads its targets' clusters with the dated ones in one register (``PageRegister``): the
    register it gives holds the named clusters' states, and the figures, which then count those clusters as
    states whether dated or not, are still those of the whole register; over a scope, or in the other order, it
    leaves the named clusters to be read on their own."""
    undated = varied_register(count=40, seed=306, dated=False, prefix="U")
    named = [c.pk for c in [*varied[1::4], *undated[::5]]]
    condition = Q(pk__in=named)
    scope = Cluster.objects.filter(pk__in=[c.pk for c in [*varied[::2], *undated[::3]]])
    for day in DAYS:
        alone = register.as_of(day, clusters=Cluster.objects.filter(pk__in=named), communes=False)
        page = PageRegister(day)
        covered = page.covering(condition)
        assert [state for state in covered if state.id in named] == alone.states, day
        # Read without naming its clusters' decisions and figures (``holds_dated``), as if it had named them.
        read = Cluster.objects.filter(register.dated(day) | condition)
        assert covered.states == register.as_of(day, clusters=read, communes=False).states, day
        assert page.figures() == register_figures(register.as_of(day)), day
        assert page.covering(condition) is None  # read once
        page = PageRegister(day, clusters=scope)
        assert page.covering(condition) is None
        assert page.figures() == register_figures(register.as_of(day, clusters=scope)), day
        page = PageRegister(day)  # the other order
        assert page.figures() == register_figures(register.as_of(day))
        assert page.covering(condition) is None

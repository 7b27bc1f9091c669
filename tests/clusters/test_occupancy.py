"""Occupancy (tỷ lệ lấp đầy) = leased ÷ industrial land: the property and the annotation agree."""

from decimal import Decimal

import pytest

from clusters.models import Cluster
from tests.factories import ClusterFactory

pytestmark = pytest.mark.django_db


def both_ways(cluster):
    plain = Cluster.objects.get(pk=cluster.pk)
    annotated = Cluster.objects.with_occupancy().get(pk=cluster.pk)
    return plain.occupancy_pct, annotated.occupancy_pct


def test_occupancy_is_leased_over_industrial_land():
    cluster = ClusterFactory(total_area_ha=20, industrial_land_ha=15, leased_land_ha=6)

    assert both_ways(cluster) == (Decimal("40.00"), Decimal("40.00"))


def test_a_fully_leased_cluster_is_100_percent_occupied():
    cluster = ClusterFactory(total_area_ha=20, industrial_land_ha=15, leased_land_ha=15)

    assert both_ways(cluster) == (Decimal("100.00"), Decimal("100.00"))


@pytest.mark.parametrize(
    ("industrial", "leased"),
    [(None, 5), (15, None), (0, 0)],
    ids=["industrial-land-unknown", "leased-land-unknown", "no-industrial-land"],
)
def test_occupancy_is_unknown_without_both_figures(industrial, leased):
    cluster = ClusterFactory(total_area_ha=20, industrial_land_ha=industrial, leased_land_ha=leased)

    assert both_ways(cluster) == (None, None)


def test_clusters_can_be_filtered_by_occupancy():
    full = ClusterFactory(industrial_land_ha=10, leased_land_ha=10)
    ClusterFactory(industrial_land_ha=10, leased_land_ha=5)
    ClusterFactory(industrial_land_ha=None, leased_land_ha=None)

    assert list(Cluster.objects.with_occupancy().filter(occupancy_pct__gte=100)) == [full]


def test_occupancy_of_whole_hectares_is_not_rounded_down_to_an_integer(db):
    """6 of 15 ha is 40%, 5 of 15 ha is 33,33% — not 33 (SQLite divides integers as integers)."""
    from decimal import Decimal

    from clusters.models import Cluster
    from tests.factories import ClusterFactory

    cluster = ClusterFactory(total_area_ha=20, industrial_land_ha=15, leased_land_ha=5)
    annotated = Cluster.objects.with_occupancy().get(pk=cluster.pk).occupancy_pct
    assert annotated == cluster.occupancy_pct == Decimal("33.33")

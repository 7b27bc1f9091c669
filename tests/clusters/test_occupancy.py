"""Occupancy (tỷ lệ lấp đầy, Decree 32 Art. 2.7) = (leased + committed land) ÷ industrial land of the detailed plan:
the property, the annotation and the register's overall figure agree."""

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


def test_land_committed_to_approved_projects_counts_as_filled():
    cluster = ClusterFactory(total_area_ha=20, industrial_land_ha=15, leased_land_ha=6, committed_land_ha=3)

    assert both_ways(cluster) == (Decimal("60.00"), Decimal("60.00"))


def test_committed_land_alone_gives_an_occupancy():
    cluster = ClusterFactory(total_area_ha=20, industrial_land_ha=15, leased_land_ha=None, committed_land_ha=15)

    assert both_ways(cluster) == (Decimal("100.00"), Decimal("100.00"))


def test_leased_and_committed_land_cannot_exceed_the_industrial_land():
    from django.core.exceptions import ValidationError

    cluster = ClusterFactory.build(industrial_land_ha=15, leased_land_ha=10, committed_land_ha=6)
    with pytest.raises(ValidationError) as error:
        cluster.clean()
    assert "committed_land_ha" in error.value.message_dict


def test_the_overall_occupancy_is_area_weighted_over_the_operating_clusters_from_their_periodic_figures():
    """Register.occupancy() (Decree 32 Art. 2.7): leased + committed land over industrial land, summed over the
    operating clusters with both known, from the periodic figures in force; the register page shows it."""
    import datetime

    from clusters import register
    from clusters.selectors import land_figures
    from tests.factories import ClusterReportFactory

    def operating(industrial, leased, committed, since=datetime.date(2020, 1, 1)):
        cluster = ClusterFactory(total_area_ha=40, industrial_land_ha=industrial, operating_since=since)
        ClusterReportFactory(cluster=cluster, year=2026, leased_land_ha=leased, committed_land_ha=committed)
        return cluster

    operating(10, 4, 2)  # 6 of 10
    operating(30, 3, None)  # 3 of 30: weighted, the big cluster pulls the figure down (simple average: 35%)
    operating(None, 5, None)  # industrial land unknown: not counted
    operating(10, 10, None, since=None)  # not operating: not counted

    day = datetime.date(2026, 12, 31)
    assert register.as_of(day).occupancy()[0] == Decimal("22.50")
    figures = land_figures(Cluster.objects.all(), Cluster.objects.count(), day)
    assert (figures["occupancy"], figures["occupancy_clusters"]) == (Decimal("22.50"), 2)


def test_the_cluster_page_shows_a_dash_when_the_industrial_land_is_unknown(client_for, officer):
    from django.urls import reverse

    cluster = ClusterFactory(industrial_land_ha=None, leased_land_ha=5, committed_land_ha=1)
    page = client_for(officer).get(reverse("clusters:cluster_detail", args=[cluster.pk])).content.decode()

    assert "<dt>Tỷ lệ lấp đầy</dt><dd>—</dd>" in page


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

"""Decree 32/2024/NĐ-CP's rules are warnings, never refusals: the area bounds by cluster type (mountain and
craft-village clusters from 5 ha), the 60% occupancy an expansion needs, and the regularisation of clusters
formed before 2009. One list, shown by the cluster page, the admin and the API; thresholds are settings."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from clusters import services
from clusters.models import Cluster, ClusterDecision
from clusters.selectors import warnings_for
from tests.factories import ClusterFactory

pytestmark = pytest.mark.django_db

Kind = ClusterDecision.Kind
AREA = "nằm ngoài khoảng"
EXPANSION = "quyết định mở rộng"
LEGACY = "trước 2009"


def decide(coordinator, cluster, kind, number, **values):
    return services.cluster_decision_create(
        actor=coordinator,
        cluster=cluster,
        reason="Ghi quyết định",
        kind=kind,
        number=number,
        date=datetime.date(2026, 3, 1),
        **values,
    )


def texts(cluster):
    return " | ".join(warnings_for(cluster))


def test_a_mountain_cluster_of_seven_hectares_is_within_the_decree_but_a_lowland_one_is_not():
    mountain = ClusterFactory(
        total_area_ha=Decimal("7"),
        industrial_land_ha=Decimal("5"),
        leased_land_ha=Decimal("3"),
        is_mountain_area=True,
        type=Cluster.Type.GENERAL,
    )
    lowland = ClusterFactory(
        total_area_ha=Decimal("7"),
        industrial_land_ha=Decimal("5"),
        leased_land_ha=Decimal("3"),
        is_mountain_area=False,
        type=Cluster.Type.GENERAL,
    )
    craft = ClusterFactory(
        total_area_ha=Decimal("7"),
        industrial_land_ha=Decimal("5"),
        leased_land_ha=Decimal("3"),
        type=Cluster.Type.CRAFT_VILLAGE,
    )

    assert AREA not in texts(mountain)
    assert AREA not in texts(craft)
    assert "ngoài khoảng 10–75 ha" in texts(lowland)


def test_the_area_bounds_come_from_settings(settings):
    settings.DECREE_32_RULES = {**settings.DECREE_32_RULES, "area_ha": (Decimal("5"), Decimal("75"))}

    assert AREA not in texts(
        ClusterFactory(
            total_area_ha=Decimal("7"),
            industrial_land_ha=Decimal("5"),
            leased_land_ha=Decimal("3"),
            type=Cluster.Type.GENERAL,
        )
    )


def test_an_expansion_of_a_cluster_below_sixty_percent_occupancy_is_recorded_with_a_warning(coordinator):
    cluster = ClusterFactory(
        total_area_ha=Decimal("40"),
        industrial_land_ha=Decimal("30"),
        leased_land_ha=Decimal("15"),
        committed_land_ha=None,
    )
    decide(coordinator, cluster, Kind.EXPAND, "5/QĐ-UBND", area_before_ha=Decimal("40"), area_after_ha=Decimal("50"))

    cluster = Cluster.objects.with_occupancy().with_legal_history().get(pk=cluster.pk)
    assert cluster.total_area_ha == Decimal("50")
    assert "lấp đầy 50,0% chưa đạt 60%" in texts(cluster)
    assert "lấp đầy 50,0% chưa đạt 60%" in texts(Cluster.objects.get(pk=cluster.pk))  # without the annotations


def test_an_expansion_of_a_cluster_at_sixty_percent_occupancy_raises_no_warning(coordinator):
    cluster = ClusterFactory(
        total_area_ha=Decimal("40"), industrial_land_ha=Decimal("30"), leased_land_ha=Decimal("18")
    )
    decide(coordinator, cluster, Kind.EXPAND, "5/QĐ-UBND", area_after_ha=Decimal("50"))

    assert EXPANSION not in texts(Cluster.objects.with_occupancy().with_legal_history().get(pk=cluster.pk))


def test_a_pre_2009_cluster_is_warned_about_until_its_establishment_decision(coordinator):
    cluster = ClusterFactory(is_pre_2009_legacy=True, total_area_ha=Decimal("20"))
    assert "hoàn thiện thủ tục trước 31/12/2026" in texts(cluster)

    decide(coordinator, cluster, Kind.ESTABLISH, "9/QĐ-UBND")

    assert LEGACY not in texts(Cluster.objects.with_legal_history().get(pk=cluster.pk))
    assert LEGACY not in texts(Cluster.objects.get(pk=cluster.pk))


def test_the_page_and_the_api_show_the_same_warnings(client_for, api_for, viewer):
    cluster = ClusterFactory(is_pre_2009_legacy=True, total_area_ha=Decimal("100"))
    expected = warnings_for(Cluster.objects.get(pk=cluster.pk))
    assert len(expected) == 2

    page = client_for(viewer).get(reverse("clusters:cluster_detail", args=[cluster.pk])).content.decode()
    api = api_for(viewer).get(f"/api/v1/clusters/{cluster.pk}/").json()

    assert api["warnings"] == expected
    for warning in expected:
        assert warning in page

"""Decree 32/2024/NĐ-CP's rules are warnings, never refusals: the area bounds by cluster type (mountain and
craft-village clusters from 5 ha), the 60% occupancy an expansion needs, and the regularisation of clusters
formed before 2009. One list, shown by the cluster page, the admin and the API; the decree's numbers live in
``clusters.decree32``, and whether a cluster lies in a mountain area comes from its communes' data."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from clusters import decree32, services
from clusters.models import Cluster, ClusterDecision
from clusters.selectors import warnings_for
from places.models import Commune
from tests.factories import ClusterFactory, CommuneFactory

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


def seven_hectares(**values):
    return ClusterFactory(
        total_area_ha=Decimal("7"),
        industrial_land_ha=Decimal("5"),
        leased_land_ha=Decimal("3"),
        type=Cluster.Type.GENERAL,
        **values,
    )


def test_a_cluster_in_a_commune_flagged_mountain_may_be_from_five_hectares_and_one_in_a_lowland_commune_may_not():
    mountain, lowland = CommuneFactory(is_mountain=True), CommuneFactory(is_mountain=False)
    in_mountain, in_lowland = seven_hectares(), seven_hectares()
    in_mountain.communes.set([lowland, mountain])
    in_lowland.communes.set([lowland])

    assert AREA not in texts(in_mountain)
    assert AREA not in texts(Cluster.objects.prefetch_related("communes").get(pk=in_mountain.pk))
    assert "ngoài khoảng 10–75 ha" in texts(in_lowland)


def test_flagging_the_commune_in_the_data_changes_the_warning_without_touching_the_cluster():
    commune = CommuneFactory()
    cluster = seven_hectares()
    cluster.communes.set([commune])
    assert "ngoài khoảng 10–75 ha" in texts(cluster)

    Commune.objects.filter(pk=commune.pk).update(is_mountain=True)

    assert AREA not in texts(Cluster.objects.get(pk=cluster.pk))


def test_a_mountain_cluster_below_five_hectares_is_warned_with_the_mountain_bounds():
    cluster = seven_hectares(is_mountain_area=True)
    cluster.total_area_ha = Decimal("3")

    assert "3 ha nằm ngoài khoảng 5–75 ha" in texts(cluster)


def test_the_decree_numbers_live_in_one_module(monkeypatch):
    monkeypatch.setattr(decree32, "AREA_HA", (Decimal("5"), Decimal("75")))

    assert AREA not in texts(seven_hectares())


@pytest.fixture
def clock(monkeypatch):
    """Set "now" (10:00 in Hanoi on a given day): the register's history is dated by it."""
    import django.utils.timezone as tz

    ticks = itertools.count()

    def at(day):
        start = datetime.datetime(day.year, day.month, day.day, 3, 0, tzinfo=datetime.UTC)
        monkeypatch.setattr(tz, "now", lambda: start + datetime.timedelta(milliseconds=next(ticks)))

    return at


def set_leased(coordinator, cluster, leased):
    return services.cluster_update(
        actor=coordinator, cluster=cluster, reason="Cập nhật đất đã cho thuê", leased_land_ha=Decimal(leased)
    )


def expanded_cluster(coordinator, clock, *, leased_before, leased_now):
    """A cluster of 30 ha industrial land recorded in February 2026 with ``leased_before`` ha leased, expanded
    by a decision of 01/03/2026, and ``leased_now`` ha leased as recorded in June."""
    clock(datetime.date(2026, 2, 1))
    cluster = ClusterFactory(
        total_area_ha=Decimal("40"), industrial_land_ha=Decimal("30"), leased_land_ha=None, committed_land_ha=None
    )
    set_leased(coordinator, cluster, leased_before)
    clock(datetime.date(2026, 6, 20))
    decide(coordinator, cluster, Kind.EXPAND, "5/QĐ-UBND", area_before_ha=Decimal("40"), area_after_ha=Decimal("50"))
    set_leased(coordinator, Cluster.objects.get(pk=cluster.pk), leased_now)
    return cluster


def test_an_expansion_decided_at_fifty_percent_is_warned_about_even_when_the_cluster_is_ninety_percent_full_now(
    coordinator, clock
):
    cluster = expanded_cluster(coordinator, clock, leased_before="15", leased_now="27")

    annotated = Cluster.objects.with_occupancy().with_legal_history().get(pk=cluster.pk)
    assert annotated.occupancy_pct == Decimal("90.00")
    assert annotated.total_area_ha == Decimal("50")
    assert "lấp đầy 50,0% chưa đạt 60%" in texts(annotated)
    assert "quyết định số 5/QĐ-UBND ngày 01/03/2026" in texts(annotated)
    assert "lấp đầy 50,0% chưa đạt 60%" in texts(Cluster.objects.get(pk=cluster.pk))  # without the annotations


def test_an_expansion_decided_at_seventy_percent_is_not_warned_about_when_the_cluster_is_forty_percent_full_now(
    coordinator, clock
):
    cluster = expanded_cluster(coordinator, clock, leased_before="21", leased_now="12")

    annotated = Cluster.objects.with_occupancy().with_legal_history().get(pk=cluster.pk)
    assert annotated.occupancy_pct == Decimal("40.00")
    assert EXPANSION not in texts(annotated)
    assert EXPANSION not in texts(Cluster.objects.get(pk=cluster.pk))


def test_without_history_before_the_decision_the_last_periodic_report_before_it_gives_the_occupancy(coordinator, clock):
    clock(datetime.date(2026, 6, 20))
    cluster = ClusterFactory(
        total_area_ha=Decimal("40"), industrial_land_ha=Decimal("30"), leased_land_ha=Decimal("27")
    )
    for year, leased in ((2024, "12"), (2025, "15")):  # annual reports, data to 14/12 of their year
        services.cluster_report_save(
            actor=coordinator, cluster=cluster, year=year, period="annual", leased_land_ha=Decimal(leased)
        )
    services.cluster_decision_create(
        actor=coordinator,
        cluster=cluster,
        reason="Ghi quyết định",
        kind=Kind.EXPAND,
        number="7/QĐ-UBND",
        date=datetime.date(2025, 12, 1),  # before the 2025 report's window closed: the 2024 report counts
        area_after_ha=Decimal("50"),
    )

    assert "lấp đầy 40,0% chưa đạt 60%" in texts(Cluster.objects.with_legal_history().get(pk=cluster.pk))


def test_an_expansion_whose_earlier_occupancy_is_unknown_raises_no_warning(coordinator):
    cluster = ClusterFactory(total_area_ha=Decimal("40"), industrial_land_ha=Decimal("30"), leased_land_ha=Decimal("6"))
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

"""tasks.targets measures each kind of target from the cluster register."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clusters.models import Cluster, ClusterDecision
from tasks import targets
from tasks.models import Target
from tests.factories import ClusterDecisionFactory, ClusterFactory, PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db
Status, Measure = Cluster.Status, Target.Measure


@pytest.fixture
def plan():
    return PlanFactory()  # period 01/01/2026 – 31/12/2026


def operating_plant(**fields):
    return ClusterFactory(wastewater_status=Cluster.Wastewater.OPERATING, **fields)


def done(day):
    return ClusterFactory(status=Status.OPERATING, infrastructure_completed_on=day)


def ids(queryset):
    return sorted(queryset.values_list("pk", flat=True))


def test_infrastructure_completed_counts_named_clusters_completed_in_the_window(plan):
    in_window = done(datetime.date(2026, 3, 1))
    before_window = done(datetime.date(2025, 11, 30))  # completed before the window: not this plan's work
    operating_only = ClusterFactory(status=Status.OPERATING)  # operating is not infrastructure completed
    done(datetime.date(2026, 5, 1))  # not in the named set
    target = TargetFactory(plan=plan, measure=Measure.INFRASTRUCTURE_COMPLETED, target_min=2)
    target.clusters.set([in_window, before_window, operating_only])

    assert targets.progress(target).current == 1
    assert ids(targets.counted(target)) == [in_window.pk]
    reasons = {c.pk: targets.not_counted_reason(target, c) for c in targets.measured(target) if not c.counted_on}
    assert reasons == {
        before_window.pk: "Hoàn thành hạ tầng ngày 30/11/2025, ngoài kỳ tính.",
        operating_only.pk: "Chưa hoàn thành hạ tầng.",
    }


def test_a_target_without_a_named_set_counts_the_whole_register(plan):
    done(datetime.date(2026, 1, 1))
    done(datetime.date(2026, 12, 31))
    ClusterFactory(status=Status.ESTABLISHED)
    target = TargetFactory(plan=plan, measure=Measure.INFRASTRUCTURE_COMPLETED, target_min=2)

    assert targets.progress(target).current == 2
    assert targets.progress(target).achieved


def test_a_targets_own_window_replaces_the_plan_year(plan):
    done(datetime.date(2026, 3, 1))
    late = done(datetime.date(2026, 9, 1))
    target = TargetFactory(
        plan=plan,
        measure=Measure.INFRASTRUCTURE_COMPLETED,
        window_start=datetime.date(2026, 7, 1),
        window_end=datetime.date(2026, 12, 31),
    )

    assert ids(targets.counted(target)) == [late.pk]


def at(moment, monkeypatch):
    """Make the register's writes happen at ``moment`` (their history records carry that date)."""
    import django.utils.timezone as tz

    monkeypatch.setattr(tz, "now", lambda: moment)


def hanoi(year, month, day):
    return datetime.datetime(year, month, day, 3, 0, tzinfo=datetime.UTC)


def fill(cluster, leased, coordinator):
    from clusters import services

    return services.cluster_update(actor=coordinator, cluster=cluster, reason="Số liệu kỳ", leased_land_ha=leased)


def test_filled_counts_clusters_whose_occupancy_reached_the_threshold_in_the_window(plan, coordinator, monkeypatch):
    at(hanoi(2025, 6, 1), monkeypatch)
    full_since_2025 = ClusterFactory(industrial_land_ha=10, leased_land_ha=10)
    filling = ClusterFactory(industrial_land_ha=10, leased_land_ha=4)
    committed = ClusterFactory(industrial_land_ha=10, leased_land_ha=4)
    half = ClusterFactory(industrial_land_ha=10, leased_land_ha=5)
    at(hanoi(2026, 4, 15), monkeypatch)
    fill(filling, 10, coordinator)
    from clusters import services

    services.cluster_update(actor=coordinator, cluster=committed, reason="Giao đất cho dự án", committed_land_ha=6)
    target = TargetFactory(plan=plan, measure=Measure.FILLED, target_min=6)

    assert ids(targets.counted(target)) == sorted([filling.pk, committed.pk])
    assert {c.pk: c.counted_on for c in targets.counted(target)} == {
        filling.pk: datetime.date(2026, 4, 15),
        committed.pk: datetime.date(2026, 4, 15),
    }
    reasons = {c.pk: targets.not_counted_reason(target, c) for c in targets.measured(target) if not c.counted_on}
    assert reasons == {
        full_since_2025.pk: "Đã lấp đầy trước kỳ tính.",
        half.pk: "Tỷ lệ lấp đầy 50% chưa đạt ngưỡng 100%.",
    }
    target.fill_threshold_pct = Decimal("40")
    assert ids(targets.counted(target)) == []  # all were at 40% or more before the window


def test_newly_established_counts_establishment_decisions_within_the_window(plan):
    first = ClusterDecisionFactory(date=datetime.date(2026, 2, 1)).cluster
    last = ClusterDecisionFactory(date=datetime.date(2026, 12, 31)).cluster
    ClusterDecisionFactory(date=datetime.date(2025, 12, 31))
    expanded = ClusterDecisionFactory(date=datetime.date(2020, 5, 1)).cluster  # expansion inside the window
    ClusterDecisionFactory(cluster=expanded, kind=ClusterDecision.Kind.EXPAND, date=datetime.date(2026, 6, 1))
    target = TargetFactory(plan=plan, measure=Measure.NEWLY_ESTABLISHED, target_min=5, target_max=10)

    progress = targets.progress(target)

    assert progress.current == 2
    assert progress.target_max == 10
    assert ids(targets.counted(target)) == sorted([first.pk, last.pk])


def new_cluster(day=datetime.date(2026, 3, 1), **fields):
    cluster = operating_plant(**fields)
    ClusterDecisionFactory(cluster=cluster, date=day)
    return cluster


def test_the_wastewater_share_is_new_clusters_with_a_compliant_plant_over_clusters_established_in_the_window(plan):
    compliant = new_cluster(wastewater_compliant=True, wastewater_compliant_since=datetime.date(2026, 8, 1))
    new_cluster(wastewater_compliant=False)
    new_cluster(day=datetime.date(2024, 1, 1), wastewater_compliant=True)  # not new in the window
    target = TargetFactory(plan=plan, measure=Measure.NEW_WASTEWATER_COMPLIANT_SHARE, target_min=100, unit="%")

    assert targets.progress(target).current == Decimal("50.0")
    assert ids(targets.counted(target)) == [compliant.pk]


def test_the_wastewater_share_has_no_data_when_no_cluster_was_established(plan):
    ClusterFactory(wastewater_status=Cluster.Wastewater.OPERATING, wastewater_compliant=True)
    target = TargetFactory(plan=plan, measure=Measure.NEW_WASTEWATER_COMPLIANT_SHARE, target_min=100, unit="%")

    progress = targets.progress(target)

    assert progress.current is None
    assert not progress.achieved and progress.percent == 0
    assert "chưa có dữ liệu" in str(progress)


def test_no_new_clusters_at_all_counts_zero_new_clusters(plan):
    ClusterDecisionFactory(date=datetime.date(2019, 1, 1))
    target = TargetFactory(plan=plan, measure=Measure.NEWLY_ESTABLISHED, target_min=5, target_max=10)

    assert targets.progress(target).current == 0


def test_wastewater_handed_over_counts_plants_handed_over_in_the_window(plan):
    handed = operating_plant(wastewater_handed_over_on=datetime.date(2026, 4, 1))
    operating_plant(wastewater_handed_over_on=datetime.date(2025, 4, 1))
    operating_plant()
    target = TargetFactory(plan=plan, measure=Measure.WASTEWATER_HANDED_OVER, target_min=11)

    assert targets.progress(target).current == 1
    assert ids(targets.counted(target)) == [handed.pk]


def test_the_course_by_month_accumulates_the_counted_dates(plan):
    target = TargetFactory(plan=plan)
    points = targets.course(target, [datetime.date(2026, 2, 3), datetime.date(2026, 2, 28), datetime.date(2026, 7, 1)])

    assert [p["count"] for p in points] == [0, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3]
    assert points[0]["label"] == "01/2026"


def test_a_manual_target_reports_the_value_entered_by_hand(plan):
    target = TargetFactory(plan=plan, measure=Measure.MANUAL, target_min=10, manual_value=Decimal("12"))

    progress = targets.progress(target)

    assert progress.current == 12
    assert progress.percent == 100  # capped
    assert progress.achieved


def test_a_manual_target_needs_a_value():
    target = TargetFactory.build(plan=PlanFactory(), measure=Measure.MANUAL, target_min=10, manual_value=None)

    with pytest.raises(ValidationError, match="Chỉ tiêu nhập tay cần có giá trị hiện tại."):
        target.full_clean()

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


def test_infrastructure_completed_counts_the_named_clusters_now_operating(plan):
    named = [ClusterFactory(status=Status.OPERATING), ClusterFactory(status=Status.UNDER_CONSTRUCTION)]
    ClusterFactory(status=Status.OPERATING)  # not in the named set
    target = TargetFactory(plan=plan, measure=Measure.INFRASTRUCTURE_COMPLETED, target_min=2)
    target.clusters.set(named)

    progress = targets.progress(target)

    assert progress.current == 1
    assert progress.percent == Decimal("50.0")
    assert not progress.achieved


def test_a_target_without_a_named_set_counts_the_whole_register(plan):
    ClusterFactory(status=Status.OPERATING)
    ClusterFactory(status=Status.OPERATING)
    ClusterFactory(status=Status.ESTABLISHED)
    target = TargetFactory(plan=plan, measure=Measure.INFRASTRUCTURE_COMPLETED, target_min=2)

    assert targets.progress(target).current == 2
    assert targets.progress(target).achieved


def test_filled_counts_clusters_at_or_above_the_fill_threshold(plan):
    ClusterFactory(industrial_land_ha=10, leased_land_ha=10)
    ClusterFactory(industrial_land_ha=10, leased_land_ha=9)
    ClusterFactory(industrial_land_ha=None, leased_land_ha=None)
    target = TargetFactory(plan=plan, measure=Measure.FILLED, target_min=6)

    assert targets.progress(target).current == 1
    target.fill_threshold_pct = Decimal("90")
    assert targets.progress(target).current == 2


def test_newly_established_counts_establishment_decisions_within_the_plan_period(plan):
    ClusterDecisionFactory(date=datetime.date(2026, 2, 1))
    ClusterDecisionFactory(date=datetime.date(2026, 12, 31))
    ClusterDecisionFactory(date=datetime.date(2025, 12, 31))
    expanded = ClusterDecisionFactory(date=datetime.date(2020, 5, 1)).cluster
    ClusterDecisionFactory(cluster=expanded, kind=ClusterDecision.Kind.EXPAND, date=datetime.date(2026, 6, 1))
    target = TargetFactory(plan=plan, measure=Measure.NEWLY_ESTABLISHED, target_min=5, target_max=10)

    progress = targets.progress(target)

    assert progress.current == 2
    assert progress.target_max == 10


def test_the_wastewater_share_is_compliant_new_clusters_over_all_new_clusters(plan):
    operating_plant(is_new_in_plan=True, wastewater_compliant=True)
    operating_plant(is_new_in_plan=True, wastewater_compliant=False)
    operating_plant(is_new_in_plan=False, wastewater_compliant=True)
    target = TargetFactory(plan=plan, measure=Measure.NEW_WASTEWATER_COMPLIANT_SHARE, target_min=100, unit="%")

    assert targets.progress(target).current == Decimal("50.0")


def test_the_wastewater_share_is_zero_when_there_are_no_new_clusters(plan):
    target = TargetFactory(plan=plan, measure=Measure.NEW_WASTEWATER_COMPLIANT_SHARE, target_min=100, unit="%")

    assert targets.progress(target).current == 0


def test_wastewater_handed_over_counts_plants_with_a_handover_date(plan):
    operating_plant(wastewater_handed_over_on=datetime.date(2026, 4, 1))
    operating_plant()
    target = TargetFactory(plan=plan, measure=Measure.WASTEWATER_HANDED_OVER, target_min=11)

    assert targets.progress(target).current == 1


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
